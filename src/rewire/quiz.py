"""Questions that give instant feedback without giving answers away.

The answers are written in plain text in one place only, the instructor's question bank
(solutions/question_bank.yml). `make questions` (rewire.bank) turns it into the file that
ships with the package, src/rewire/data/self_checks.json. That file keeps the stems and
options but no answer in readable form: salted hashes of the normalised right answers,
and every explanation sealed with a key that only the response it explains can give.

Four kinds of question, each answered in a notebook as a plain value:

    single     one letter                      answer_x = "b"
    multiple   a set of letters                answer_x = {"a", "c"}
    matching   a dict: prompt -> letter        answer_x = {"CBT": "a", "EMDR": "b"}
    numeric    a number                        answer_x = 4.5

In a lesson, ``self_check(id)`` shows a widget. An assignment is released in one of two
modes, set per assignment in the bank: in practice mode ``check(id, value)`` prints the same
instant feedback; in exam mode the package holds no answer material of the assignment's
questions (no hash, no sealed feedback), and ``record(id, value)`` only confirms that the
answer has the form the question asks for. The grader scores answers on the instructor's
side (rewire.bank.score_answers); ``points(...)`` scores them in nbgrader's hidden tests.
"""
import base64
import hashlib
import html
import json
import math
import numbers
import os
import re
import sys
import textwrap
from functools import lru_cache
from importlib import resources

import ipywidgets as widgets

from . import progress

SELF_CHECKS = "self_checks.json"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
TYPES = ("single", "multiple", "matching", "numeric")
EXAM, PRACTICE, SELF_CHECK = "exam", "practice", "self-check"  # how a question is released


class AnswerFormatError(TypeError):
    """An answer written in the wrong form (not a letter, not a number, ...)."""


def normalise(answer):
    """Case, surrounding space and runs of white space do not change an answer."""
    return re.sub(r"\s+", " ", str(answer)).strip().lower()


def answer_hash(item_id, answer):
    """The salted SHA-256 of a normalised answer; the salt is the question's id."""
    return hashlib.sha256(f"rewire:{item_id}:{normalise(answer)}".encode()).hexdigest()


def _keystream(key, length):
    blocks = (hashlib.sha256(key + i.to_bytes(4, "big")).digest() for i in range(length // 32 + 1))
    return b"".join(blocks)[:length]


def _key(item_id, unit):
    return hashlib.sha256(f"rewire-feedback:{item_id}:{normalise(unit)}".encode()).digest()


def seal(item_id, unit, text):
    """Text that can be read only by someone who gives `unit` (an option, a number...)."""
    data = text.encode()
    return base64.b64encode(bytes(a ^ b for a, b in zip(data, _keystream(_key(item_id, unit), len(data))))).decode()


def unseal(item_id, unit, sealed):
    """The text sealed with `unit`; garbage (or an error) for any other unit."""
    data = base64.b64decode(sealed)
    return bytes(a ^ b for a, b in zip(data, _keystream(_key(item_id, unit), len(data)))).decode()


# Units that hashes and seals are computed from, one function each so the instructor's
# build and the student's check cannot disagree.

def option_unit(option):
    return f"option: {option}"


def selection_unit(options):
    return "selection: " + " | ".join(sorted(normalise(o) for o in options))


def pair_unit(prompt, choice):
    return f"pair: {prompt} -> {choice}"


def matching_unit(pairs):
    return "matching: " + " | ".join(sorted(normalise(pair_unit(p, c)) for p, c in pairs.items()))


def number_unit(value, resolution):
    return f"number: {round(value / resolution)}"


# ------------------------------------------------------------------------ reading answers

@lru_cache(maxsize=1)
def load_self_checks():
    """The packaged questions, keyed by id (no answers in them); read once per session."""
    return json.loads(resources.files("rewire").joinpath("data", SELF_CHECKS).read_text(encoding="utf-8"))


def _letter_to(item_id, letters, values, response):
    if not isinstance(response, str):
        raise AnswerFormatError(f"{item_id}: give one letter as text, such as \"a\"; got {_shown(response)}")
    letter = response.strip().lower()
    if letter not in letters:
        raise AnswerFormatError(f"{item_id}: the letter should be one of {', '.join(letters)}; got {_shown(response)}")
    return values[letters.index(letter)]


def as_response(item, response):
    """A notebook answer in canonical form (option texts, choice texts or a float);
    AnswerFormatError with a plain message when its form is wrong."""
    kind, item_id = item["type"], item["id"]
    if kind in ("single", "multiple"):
        letters = LETTERS[: len(item["options"])]
        if kind == "single":
            return _letter_to(item_id, letters, item["options"], response)
        if isinstance(response, str) or not isinstance(response, (set, frozenset, list, tuple)):
            raise AnswerFormatError(f"{item_id}: give a set of letters, such as {{\"a\", \"c\"}}; got {_shown(response)}")
        return frozenset(_letter_to(item_id, letters, item["options"], letter) for letter in response)
    if kind == "matching":
        letters = LETTERS[: len(item["choices"])]
        if not isinstance(response, dict) or set(response) != set(item["prompts"]):
            names = ", ".join(repr(p) for p in item["prompts"])
            raise AnswerFormatError(f"{item_id}: give a dict with one letter for each of {names}")
        return {prompt: _letter_to(item_id, letters, item["choices"], response[prompt]) for prompt in item["prompts"]}
    if isinstance(response, bool) or not isinstance(response, numbers.Real) or not _finite(response):
        raise AnswerFormatError(f"{item_id}: give a number ({item.get('unit', 'no unit')}); got {_shown(response)}")
    return float(response)


def _finite(number):
    try:
        return math.isfinite(number)
    except OverflowError:  # an integer too large for a float
        return False


def _shown(response, limit=200):
    text = repr(response)
    return text if len(text) <= limit else text[:limit] + "..."


def form_of(item):
    """The form an answer to the item takes, in words (no answer in it)."""
    kind = item["type"]
    if kind == "single":
        return f"one letter, {LETTERS[0]} to {LETTERS[len(item['options']) - 1]}"
    if kind == "multiple":
        return f"a set of letters, each {LETTERS[0]} to {LETTERS[len(item['options']) - 1]}"
    if kind == "matching":
        return f"a dict with one letter for each of the {len(item['prompts'])} prompts ({', '.join(item['prompts'])})"
    return f"a number, in {item['unit']}"


# ------------------------------------------------------------------------------ feedback

def judge(item_id, response):
    """(right, message) for a response in canonical form (see `as_response`), judged by
    hashes alone. An exam question cannot be judged: the package holds nothing to judge by."""
    item = load_self_checks()[item_id]
    if item.get("mode") == EXAM:
        raise ValueError(f"{item_id} is an exam question: it is judged only when your notebook is graded")
    kind = item["type"]
    if kind == "single":
        right = answer_hash(item_id, option_unit(response)) == item["answer_sha256"]
        return right, unseal(item_id, option_unit(response), item["feedback"][response])
    if kind == "multiple":
        correct = set(item["correct_option_sha256"])
        wrong = [o for o in response if answer_hash(item_id, option_unit(o)) not in correct]
        if not wrong and len(response) == len(correct):
            return True, unseal(item_id, selection_unit(response), item["explanation"])
        missing = len(correct) - (len(response) - len(wrong))
        notes = [unseal(item_id, option_unit(o), item["feedback"][o]) for o in item["options"] if o in wrong]
        return False, selection_message(len(wrong), missing, notes)
    if kind == "matching":
        pairs = set(item["pair_sha256"])
        wrong = [p for p in item["prompts"] if answer_hash(item_id, pair_unit(p, response[p])) not in pairs]
        if not wrong:
            return True, unseal(item_id, matching_unit(response), item["explanation"])
        return False, matching_message(item, wrong)
    unit = number_unit(response, item["resolution"])
    sealed = item["explanation"].get(answer_hash(item_id, unit))
    if sealed is None:
        return False, item["hint"]
    return True, unseal(item_id, unit, sealed)


def selection_message(wrong, missing, notes):
    """What a learner reads about a selection that is not yet right."""
    count = f"{wrong} of your choices {'is' if wrong == 1 else 'are'} wrong" if wrong else "none of your choices is wrong"
    return f"{count}, and {missing} right {'one is' if missing == 1 else 'ones are'} missing. " + " ".join(notes)


def matching_message(item, wrong_prompts):
    """What a learner reads about a matching with wrong pairs: their count and hints."""
    hints = " ".join(f"{p}: {item['hints'][p]}" for p in wrong_prompts)
    return f"{len(item['prompts']) - len(wrong_prompts)} of {len(item['prompts'])} pairs are right. {hints}"


def is_correct(item_id, response):
    """Whether a response is right, judged by its hash."""
    return judge(item_id, response)[0]


def check(item_id, response):
    """Print instant feedback on a notebook answer (the visible checks of a practice
    assignment); an exam question is only recorded (see `record`). Raises AnswerFormatError
    when the answer is not in the form the question asks for."""
    item = load_self_checks()[item_id]
    if item.get("mode") == EXAM:
        return record(item_id, response)
    right, message = judge(item_id, as_response(item, response))
    print(("✔ Right. " if right else "✘ Not yet. ") + message)


def record(item_id, response):
    """Confirm that an exam answer has the form its question asks for; whether it is right
    is decided when the notebook is graded. Raises AnswerFormatError when the form is wrong.

    Under `nbgrader validate` (the Validate button) the confirmation goes to stderr, which
    nbgrader counts as not passed: Validate then lists the answer as recorded, and never
    reports success for an answer it cannot judge."""
    item = load_self_checks()[item_id]
    as_response(item, response)
    validating = os.environ.get("NBGRADER_EXECUTION") == "validate"
    message = (f"Recorded, not judged: {_shown(response)}, {form_of(item)}. Whether it is right is decided "
               "when your notebook is graded; the feedback then says why.")
    print(textwrap.fill(message, 80), file=sys.stderr if validating else sys.stdout)


def score(item, response, expected, available):
    """The points a response earns against the expected answer, both written as in a
    notebook (expected = (value, tolerance) for a number): all or nothing for single and
    numeric; per option for multiple (right picks minus wrong picks over the number of
    right options, at least 0); per pair for matching. AnswerFormatError for a response
    in the wrong form."""
    kind = item["type"]
    if kind == "numeric":
        value, tolerance = expected
        return float(available) if abs(as_response(item, response) - value) <= tolerance else 0.0
    given, wanted = as_response(item, response), as_response(item, expected)
    if kind == "single":
        return float(available) if given == wanted else 0.0
    if kind == "multiple":
        return float(available) * max(0.0, (len(given & wanted) - len(given - wanted)) / len(wanted))
    return float(available) * sum(given[p] == wanted[p] for p in wanted) / len(wanted)


def points(item_id, response, expected, available):
    """`score` for a question of the package, in nbgrader's hidden tests."""
    return score(load_self_checks()[item_id], response, expected, available)


# ------------------------------------------------------------------------------ widgets

class SelfCheck(widgets.VBox):
    """A question with instant feedback: answer, press Check, read the feedback.

    Wrong answers get feedback that names their misconception (or a hint) and an
    invitation to try again; the right answer is never shown unless given. The feedback
    clears as soon as the answer changes, so it always speaks of the answer shown."""

    def __init__(self, item_id):
        item = load_self_checks()[item_id]
        self.item_id, self.item = item_id, item
        header = f"<p><b>Self-check.</b> {html.escape(item['stem'])}</p>"
        if item["type"] in ("single", "multiple"):
            header += self._listing(item["options"])
        elif item["type"] == "matching":
            header += "<p>Choices:</p>" + self._listing(item["choices"])
        self.answer = self._answer_control(item)
        self.check = widgets.Button(description="Check", tooltip="Check your answer", icon="check")
        self.feedback = widgets.HTML()
        self.check.on_click(self._show_feedback)
        for control in self._inputs():
            control.observe(self._clear_feedback, names="value")
        super().__init__([widgets.HTML(header), widgets.HBox([self.answer, self.check]), self.feedback])

    @staticmethod
    def _listing(texts):
        rows = "".join(f"<li><b>{letter}.</b> {html.escape(text)}</li>" for letter, text in zip(LETTERS, texts))
        return f"<ul style='list-style: none; padding-left: 1em'>{rows}</ul>"

    @staticmethod
    def _answer_control(item):
        wide = {"style": {"description_width": "initial"}}
        letters = LETTERS[: len(item.get("options", item.get("choices", ())))]
        if item["type"] == "single":
            # Long options wrap in the list above; the radio buttons carry only their letters.
            return widgets.RadioButtons(options=list(zip(letters, item["options"])), value=None,
                                        description="Your answer:", orientation="horizontal",
                                        layout=widgets.Layout(width="auto", margin="0 2em 0 0"), **wide)
        if item["type"] == "multiple":
            boxes = [widgets.Checkbox(value=False, description=letter, indent=False,
                                      layout=widgets.Layout(width="4em")) for letter in letters]
            return widgets.HBox([widgets.Label("Your answer (all that apply):"), *boxes])
        if item["type"] == "matching":
            menus = [widgets.Dropdown(options=[("choose", None), *zip(letters, item["choices"])], value=None,
                                      description=prompt, layout=widgets.Layout(width="auto"), **wide)
                     for prompt in item["prompts"]]
            return widgets.VBox(menus)
        return widgets.Text(value="", placeholder="a number", description=f"Your answer ({item['unit']}):",
                            layout=widgets.Layout(width="20em"), **wide)

    def _inputs(self):
        """The controls whose values make up the answer."""
        if self.item["type"] == "multiple":
            return self.answer.children[1:]
        if self.item["type"] == "matching":
            return self.answer.children
        return [self.answer]

    def response(self):
        """The learner's current answer in canonical form, or None when incomplete.
        AnswerFormatError for a numeric answer that is not just a number."""
        kind = self.item["type"]
        if kind == "single":
            return self.answer.value
        if kind == "multiple":
            chosen = [o for box, o in zip(self.answer.children[1:], self.item["options"]) if box.value]
            return frozenset(chosen) or None
        if kind == "matching":
            pairs = {menu.description: menu.value for menu in self.answer.children}
            return None if None in pairs.values() else pairs
        return typed_number(self.answer.value, self.item["unit"])

    def _clear_feedback(self, _change=None):
        self.feedback.value = ""

    def _show_feedback(self, _button=None):
        try:
            response = self.response()
        except AnswerFormatError as error:
            self.feedback.value = f"<p>{html.escape(str(error))}</p>"
            return
        if response is None:
            self.feedback.value = "<p>Answer first.</p>"
            return
        right, message = judge(self.item_id, response)
        if self.item.get("mode") == SELF_CHECK:
            try:
                progress.record_check(self.item_id, right)
            except OSError:
                pass  # a home folder that cannot be written costs the record, never the feedback
        if right:
            self.feedback.value = f"<p>✔ <b>Right.</b> {html.escape(message)}</p>"
        else:
            self.feedback.value = f"<p>✘ <b>Not quite.</b> {html.escape(message)} Try again.</p>"


def typed_number(text, unit):
    """The number a learner typed (a decimal comma is fine), None when nothing is typed;
    AnswerFormatError asking for just the number when there is a unit or a word in it."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise AnswerFormatError(f"Write just the number, in {unit}, with no unit or words after it.")
    return number


def self_check(item_id):
    """The self-check widget for one question of the packaged bank."""
    return SelfCheck(item_id)
