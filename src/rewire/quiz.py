"""Ungraded self-check questions that give instant feedback without giving answers away.

The answers are written in plain text in one place only, the instructor's question bank
(solutions/question_bank.yml). `python -m rewire.quiz build` turns it into the file that
ships with the package, src/rewire/data/self_checks.json, which keeps the stems, options
and per-option feedback but only a salted hash of each answer.
"""
import hashlib
import html
import json
import re
import sys
from importlib import resources
from pathlib import Path

import ipywidgets as widgets

SELF_CHECKS = "self_checks.json"


def normalise(answer):
    """Case, surrounding space and runs of white space do not change an answer."""
    return re.sub(r"\s+", " ", str(answer)).strip().lower()


def answer_hash(item_id, answer):
    """The salted SHA-256 of a normalised answer; the salt is the question's id."""
    return hashlib.sha256(f"rewire:{item_id}:{normalise(answer)}".encode()).hexdigest()


def student_items(bank):
    """The bank as students receive it: every answer replaced by its hash."""
    items = {}
    for item in bank:
        if not all(isinstance(option, str) for option in item["options"]):
            raise ValueError(f"question {item['id']!r}: every option must be text (quote an option that contains ': ')")
        if item["answer"] not in item["options"]:
            raise ValueError(f"question {item['id']!r}: the answer is not one of its options")
        missing = set(item["options"]) - set(item["feedback"])
        if missing:
            raise ValueError(f"question {item['id']!r}: no feedback for options {sorted(missing)}")
        public = {key: value for key, value in item.items() if key not in {"id", "answer"}}
        items[item["id"]] = {**public, "answer_sha256": answer_hash(item["id"], item["answer"])}
    return items


def build(bank_path, out_path):
    """Write the student-side self-check file from the instructor's question bank."""
    import yaml

    bank = yaml.safe_load(Path(bank_path).read_text(encoding="utf-8"))
    text = json.dumps(student_items(bank), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    Path(out_path).write_text(text, encoding="utf-8")


def load_self_checks():
    """The packaged self-check questions, keyed by id."""
    return json.loads(resources.files("rewire").joinpath("data", SELF_CHECKS).read_text(encoding="utf-8"))


def is_correct(item_id, answer):
    """Whether an answer to a self-check question is right, judged by its hash."""
    return answer_hash(item_id, answer) == load_self_checks()[item_id]["answer_sha256"]


class SelfCheck(widgets.VBox):
    """A multiple-choice question: pick an option, press Check, read the feedback.

    Wrong choices get the feedback that names their misconception and an invitation to try
    again; the right answer is never shown unless chosen."""

    def __init__(self, item_id):
        item = load_self_checks()[item_id]
        self.item_id = item_id
        self._feedback_for = item["feedback"]
        letters = "abcdefghij"[: len(item["options"])]
        listing = "".join(
            f"<li><b>{letter}.</b> {html.escape(option)}</li>" for letter, option in zip(letters, item["options"])
        )
        question = widgets.HTML(
            f"<p><b>Self-check.</b> {html.escape(item['stem'])}</p>"
            f"<ul style='list-style: none; padding-left: 1em'>{listing}</ul>"
        )
        # Long options wrap in the list above; the radio buttons carry only their letters.
        self.choice = widgets.RadioButtons(
            options=list(zip(letters, item["options"])),
            value=None,
            description="Your answer:",
            orientation="horizontal",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", margin="0 2em 0 0"),
        )
        self.check = widgets.Button(description="Check", tooltip="Check your answer", icon="check")
        self.feedback = widgets.HTML()
        self.check.on_click(self._show_feedback)
        super().__init__([question, widgets.HBox([self.choice, self.check]), self.feedback])

    def _show_feedback(self, _button=None):
        chosen = self.choice.value
        if chosen is None:
            self.feedback.value = "<p>Choose an answer first.</p>"
        elif is_correct(self.item_id, chosen):
            self.feedback.value = f"<p>✔ <b>Right.</b> {html.escape(self._feedback_for[chosen])}</p>"
        else:
            self.feedback.value = f"<p>✘ <b>Not quite.</b> {html.escape(self._feedback_for[chosen])} Try another answer.</p>"


def self_check(item_id):
    """The self-check widget for one question of the packaged bank."""
    return SelfCheck(item_id)


if __name__ == "__main__":
    if sys.argv[1:] != ["build"]:
        sys.exit("usage: python -m rewire.quiz build")
    root = Path(__file__).resolve().parents[2]
    build(root / "solutions" / "question_bank.yml", Path(__file__).parent / "data" / SELF_CHECKS)
