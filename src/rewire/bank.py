"""The question bank and everything made from it (instructor tooling; no answers here).

solutions/question_bank.yml is the one place where questions and their answers are
written. `make questions` (``python -m rewire.bank``) makes three things from it:

* src/rewire/data/self_checks.json, what students receive: stems and options, salted hashes
  of the right answers, and explanations sealed so that only the response they explain
  can open them (see rewire.quiz);
* the question cells of every assignment in solutions/: for each graded item a question,
  an answer cell (the answer as a plain value; a simulation gets a cell for its code
  before it) and a check cell (visible: instant feedback in practice mode, only the form
  of the answer in exam mode; hidden: the score); for each reflection, a manually graded
  answer cell; 07_therapy_table_quiz is made whole from the bank;
* solutions/answer_key.md, the instructor's answer key with the reflection rubrics.

Then `make exercises` regenerates the student versions. Tests check that all three are up
to date with the bank. The bank says per assignment how it is released: in exam mode (the
default) nothing a student receives holds answer material of its questions.

`score_answers` is the trusted scorer of the grader: it reads a submitted notebook's
answer cells as plain values (no kernel) and scores them against the bank.
"""
import ast
import json
import random
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import nbformat

from . import quiz

ROOT = Path(__file__).resolve().parents[2]
BANK = Path("solutions") / "question_bank.yml"
ANSWER_KEY = Path("solutions") / "answer_key.md"
GENERATED = "bank-"  # grade_id prefix of every cell this module writes into a notebook
KINDS = quiz.TYPES + ("reflection",)
MODES = (quiz.EXAM, quiz.PRACTICE)
MADE_WHOLE = ("notebook", "title", "goes_with", "minutes", "intro", "imports")  # fields of a quiz made from the bank


class BankError(ValueError):
    """A question in the bank is incomplete or inconsistent."""


def load(root=ROOT):
    """The bank as a dict: ``assignments`` (graded quizzes made whole from the bank) and
    ``items``; every item checked (BankError names the question and the field)."""
    import yaml

    bank = yaml.safe_load((Path(root) / BANK).read_text(encoding="utf-8"))
    ids = [item.get("id") for item in bank["items"]]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise BankError(f"question ids must be unique; repeated: {duplicates}")
    bank.setdefault("assignments", {})
    for name, spec in bank["assignments"].items():
        validate_assignment(name, spec, root)
    for item in bank["items"]:
        validate(item, root, declared=bank["assignments"])
    bank["items"] = [presented(item) for item in bank["items"]]
    return bank


def validate_assignment(name, spec, root=ROOT):
    """Raise BankError unless an assignment's entry names a valid mode and, for a quiz made
    whole from the bank, everything its notebook needs (an existing folder otherwise)."""
    where = f"assignment {name!r}"
    if spec.get("mode", quiz.EXAM) not in MODES:
        raise BankError(f"{where}: mode must be one of {', '.join(MODES)}, got {spec.get('mode')!r}")
    if "notebook" in spec:
        missing = [field for field in MADE_WHOLE if not spec.get(field)]
        if missing:
            raise BankError(f"{where}: a quiz made from the bank needs {', '.join(missing)}")
    elif not (Path(root) / "solutions" / name).is_dir():
        raise BankError(f"{where}: not a folder in solutions/ (or give `notebook` to make it from the bank)")


def release_mode(bank, item):
    """How a question reaches students: a lesson's self-check, or a question of an
    assignment released in exam mode (the default) or practice mode."""
    if not item.get("assignment"):
        return quiz.SELF_CHECK
    return bank["assignments"].get(item["assignment"], {}).get("mode", quiz.EXAM)


def presented(item):
    """The item with its options (or a matching's choices) in the order students see them:
    a fixed shuffle seeded by the id, so the right answer is not always the first one the
    author wrote. `shuffle: false` keeps the written order."""
    if item.get("shuffle", True) is False:
        return item
    order = random.Random(item["id"])
    return {**item, **{key: order.sample(item[key], len(item[key])) for key in ("options", "choices") if key in item}}


def _require(item, *fields):
    missing = [f for f in fields if item.get(f) in (None, "", [], {})]
    if missing:
        raise BankError(f"question {item.get('id')!r}: missing {', '.join(missing)}")


def validate(item, root=ROOT, declared=()):
    """Raise BankError unless the item is complete for its type; `declared` names the
    assignments the bank makes whole (their folders may not exist yet)."""
    _require(item, "id", "lesson", "objective", "type", "stem")
    where = f"question {item['id']!r}"
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", item["id"]):
        raise BankError(f"{where}: the id must be lower-case words joined by '-'")
    if item["type"] not in KINDS:
        raise BankError(f"{where}: type must be one of {', '.join(KINDS)}, got {item['type']!r}")
    lessons = Path(root) / "lessons"  # a grading folder (solutions/, exercises/) has none to check against
    if lessons.is_dir() and not (lessons / f"{item['lesson']}.ipynb").exists():
        raise BankError(f"{where}: lesson {item['lesson']!r} is not a notebook in lessons/")
    if not isinstance(item.get("points", 1), (int, float)) or item.get("points", 1) <= 0:
        raise BankError(f"{where}: points must be a positive number")
    assignment = item.get("assignment")
    if assignment and assignment not in declared and not (Path(root) / "solutions" / assignment).is_dir():
        raise BankError(f"{where}: assignment {item['assignment']!r} is not a folder in solutions/")
    kind = item["type"]
    if kind in ("single", "multiple"):
        _require(item, "options", "answer", "feedback")
        if not all(isinstance(o, str) for o in item["options"]):
            raise BankError(f"{where}: every option must be text (quote an option that contains ': ')")
        answers = [item["answer"]] if kind == "single" else item["answer"]
        if not isinstance(answers, list) or not set(answers) <= set(item["options"]):
            raise BankError(f"{where}: the answer must be {'one of its options' if kind == 'single' else 'a list of its options'}")
        missing = set(item["options"]) - set(item["feedback"])
        if missing:
            raise BankError(f"{where}: no feedback for options {sorted(missing)}")
        if kind == "multiple":
            _require(item, "explanation")
        _check_misconceptions(item, answers, where)
    elif kind == "matching":
        _require(item, "prompts", "choices", "answer", "hints", "explanation")
        if set(item["answer"]) != set(item["prompts"]) or not set(item["answer"].values()) <= set(item["choices"]):
            raise BankError(f"{where}: the answer must match every prompt to one of the choices")
        if set(item["hints"]) != set(item["prompts"]):
            raise BankError(f"{where}: give one hint for each prompt")
        for prompt, choice in item["answer"].items():
            if quiz.normalise(choice) in quiz.normalise(item["hints"][prompt]):
                raise BankError(f"{where}: the hint for {prompt!r} gives its answer away")
    elif kind == "numeric":
        _require(item, "answer", "tolerance", "unit", "hint", "explanation")
        if not item["tolerance"] > 0:
            raise BankError(f"{where}: tolerance must be positive")
    else:
        _require(item, "assignment", "rubric", "model_answer")
    if item.get("solution"):
        if not item.get("assignment"):
            raise BankError(f"{where}: a simulation needs an assignment to be run in")
        body = ast.parse(item["solution"]).body
        if not body or not isinstance(body[-1], ast.Expr):
            raise BankError(f"{where}: a simulation's solution must end with the expression that gives the "
                            "answer (the learner copies its value into the answer cell)")
    return item


def _check_misconceptions(item, answers, where):
    """`misconceptions` (optional) maps wrong options to the belief that choosing them
    shows, written to follow "N % think ..." in the class report (rewire.report)."""
    misconceptions = item.get("misconceptions", {})
    if not isinstance(misconceptions, dict):
        raise BankError(f"{where}: misconceptions must map wrong options to text")
    for option, belief in misconceptions.items():
        if option not in item["options"] or option in answers:
            raise BankError(f"{where}: a misconception belongs to a wrong option; {option!r} is not one")
        if not isinstance(belief, str) or not belief.strip():
            raise BankError(f"{where}: the misconception of {option!r} must be text")


def variable(item):
    """The name a graded question's answer is stored under in the notebook."""
    return item.get("variable") or "answer_" + item["id"].replace("-", "_")


def resolution(item):
    return item.get("resolution", item["tolerance"] / 10)


# --------------------------------------------------------------------- student side

def student_item(item, mode=quiz.SELF_CHECK):
    """What a student receives of one question: no answer, explanations sealed. An exam
    question keeps only what shows the question and the form of its answer: no hash, no
    sealed feedback, no hint."""
    item_id, kind = item["id"], item["type"]
    public = {key: item[key] for key in ("id", "type", "lesson", "objective", "stem", "simulation") if key in item}
    public["points"] = item.get("points", 1)
    public["mode"] = mode
    if mode == quiz.EXAM:
        form = {"single": ("options",), "multiple": ("options",), "matching": ("prompts", "choices"),
                "numeric": ("unit", "tolerance")}[kind]
        return {**public, **{key: item[key] for key in form}}
    if kind == "single":
        public["options"] = item["options"]
        public["answer_sha256"] = quiz.answer_hash(item_id, quiz.option_unit(item["answer"]))
        public["feedback"] = {o: quiz.seal(item_id, quiz.option_unit(o), item["feedback"][o]) for o in item["options"]}
    elif kind == "multiple":
        public["options"] = item["options"]
        public["correct_option_sha256"] = sorted(quiz.answer_hash(item_id, quiz.option_unit(o)) for o in item["answer"])
        public["feedback"] = {o: quiz.seal(item_id, quiz.option_unit(o), item["feedback"][o]) for o in item["options"]}
        public["explanation"] = quiz.seal(item_id, quiz.selection_unit(item["answer"]), item["explanation"])
    elif kind == "matching":
        public.update(prompts=item["prompts"], choices=item["choices"], hints=item["hints"])
        public["pair_sha256"] = sorted(quiz.answer_hash(item_id, quiz.pair_unit(p, c)) for p, c in item["answer"].items())
        public["explanation"] = quiz.seal(item_id, quiz.matching_unit(item["answer"]), item["explanation"])
    else:
        step = resolution(item)
        low, high = item["answer"] - item["tolerance"], item["answer"] + item["tolerance"]
        units = {quiz.number_unit(k * step, step) for k in range(round(low / step), round(high / step) + 1)
                 if low - 1e-9 <= k * step <= high + 1e-9}
        public.update(unit=item["unit"], tolerance=item["tolerance"], resolution=step, hint=item["hint"])
        public["explanation"] = {quiz.answer_hash(item_id, u): quiz.seal(item_id, u, item["explanation"])
                                 for u in sorted(units)}
    return public


def self_checks_json(bank):
    items = {item["id"]: student_item(item, release_mode(bank, item))
             for item in bank["items"] if item["type"] != "reflection"}
    return json.dumps(items, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


# ------------------------------------------------------------------ notebook cells

def _cell(kind, source, grade_id, **grading):
    meta = {"grade": False, "grade_id": GENERATED + grade_id, "locked": True, "schema_version": 3,
            "solution": False, **grading}
    make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
    cell = make(source, metadata={"nbgrader": meta})
    cell.id = (GENERATED + grade_id)[:64]
    return cell


def _points_text(points):
    return f"{points:g} point{'s' if points != 1 else ''}"


def _letters(texts):
    return "\n".join(f"- **{letter}.** {text}" for letter, text in zip(quiz.LETTERS, texts))


def _expected(item):
    """The answer in the form a student writes it (letters), for the hidden test."""
    kind = item["type"]
    if kind == "single":
        return quiz.LETTERS[item["options"].index(item["answer"])]
    if kind == "multiple":
        return sorted(quiz.LETTERS[item["options"].index(o)] for o in item["answer"])
    if kind == "matching":
        return {p: quiz.LETTERS[item["choices"].index(c)] for p, c in item["answer"].items()}
    return (item["answer"], item["tolerance"])


def _how_to_answer(item):
    """How to write the answer, with a placeholder where the answer goes (an example value
    could be the answer)."""
    name = variable(item)
    kind = item["type"]
    if kind == "single":
        return f'one letter, as text: `{name} = "…"` with your letter in place of the dots'
    if kind == "multiple":
        return (f'the set of every letter that applies: `{name} = {{"…", "…"}}` with as many letters as apply '
                "in place of the dots")
    if kind == "matching":
        first, second = item["prompts"][:2]
        return (f'a dict with one letter for each: `{name} = {{"{first}": "…", "{second}": "…", ...}}` with your '
                "letters in place of the dots")
    return (f"a number in {item['unit']} (within ±{item['tolerance']:g} counts as right): `{name} = …` with "
            "your number, without a unit, in place of the dots")


def question_cells(item, number, mode=quiz.PRACTICE):
    """The cells of a graded question: the question, for a simulation a cell for its code,
    the answer (a plain value), the check (the form only in exam mode; scoring hidden)."""
    kind, name, points = item["type"], variable(item), item.get("points", 1)
    text = [f"**Question {number} · {_points_text(points)}.** {item['stem']}"]
    if kind in ("single", "multiple"):
        text.append(_letters(item["options"]))
    elif kind == "matching":
        text.append("Match each of " + ", ".join(f"**{p}**" for p in item["prompts"]) + " to one of:\n\n"
                    + _letters(item["choices"]))
    cells = []
    if item.get("solution"):
        text.append(f"**Simulate.** {item['simulation']} Write the code in the first cell below; then copy the "
                    "value it gives into the answer cell under it.")
        cells.append(_cell("code", f"### BEGIN SOLUTION\n{item['solution'].strip()}\n### END SOLUTION",
                           item["id"] + "-work", locked=False, solution=True))
    text.append(f"Store your answer in `{name}` as a plain value: {_how_to_answer(item)}.")
    value = item["answer"] if kind == "numeric" else _expected(item)
    cells.append(_cell("code", f"### BEGIN SOLUTION\n{name} = {value!r}\n### END SOLUTION", item["id"],
                       locked=False, solution=True))
    visible = "record" if mode == quiz.EXAM else "check"
    check = (f'quiz.{visible}("{item["id"]}", {name})\n### BEGIN HIDDEN TESTS\n'
             f'quiz.points("{item["id"]}", {name}, {_expected(item)!r}, {points!r})\n### END HIDDEN TESTS')
    cells.append(_cell("code", check, check_id(item)[len(GENERATED):], grade=True, points=points))
    return [_cell("markdown", "\n\n".join(text), item["id"] + "-question"), *cells]


def check_id(item):
    """The grade_id of a graded question's check cell, the key of its score."""
    return f"{GENERATED}{item['id']}-check"


def reflection_cells(item):
    """A reflection: the prompt and a manually graded answer (the rubric is in the key)."""
    points = item.get("points", 1)
    prompt = (f"**Reflection · {_points_text(points)}, read by your teacher.** {item['stem']}\n\n"
              f"Write your answer in the cell below, in {item.get('words', '150 to 250')} words.")
    return [
        _cell("markdown", prompt, item["id"] + "-question"),
        _cell("markdown", item["model_answer"].strip(), item["id"], locked=False, solution=True, grade=True,
              points=points),
    ]


HOW_CHECKS_WORK = {
    quiz.PRACTICE: "Each check cell tells you at once whether your answer is right, and if not, what to think "
                   "about; it never shows the answer.",
    quiz.EXAM: "These questions are graded as an exam. Each check cell only confirms that your answer is recorded "
               "in the form its question asks for; whether it is right, with an explanation, comes with your "
               "feedback after grading. **Validate** lists these answers as recorded: it cannot tell whether "
               "they are right.",
}


def bank_cells(items, mode=quiz.PRACTICE):
    """Every generated cell of one notebook: its graded questions, then its reflections."""
    graded = [i for i in items if i["type"] != "reflection"]
    reflections = [i for i in items if i["type"] == "reflection"]
    cells = []
    if graded:
        total = sum(i.get("points", 1) for i in graded)
        cells.append(_cell("markdown", f"## Questions ({_points_text(total)})\n\n{HOW_CHECKS_WORK[mode]}",
                           "questions"))
        cells.append(_cell("code", "from rewire import quiz", "questions-import"))
        for number, item in enumerate(graded, 1):
            cells += question_cells(item, number, mode)
    if reflections:
        total = sum(i.get("points", 1) for i in reflections)
        cells.append(_cell("markdown", f"## Reflection ({_points_text(total)})\n\nThere is no automatic check: "
                           "your teacher reads and grades this part.", "reflection"))
        for item in reflections:
            cells += reflection_cells(item)
    return cells


def notebook_points(notebook):
    return sum(c.metadata.get("nbgrader", {}).get("points", 0) for c in notebook.cells)


POINTS = re.compile(r"\*\*Points:\*\* [0-9.]+\.")


def sync_notebook(notebook, items, mode=quiz.PRACTICE):
    """Replace the notebook's generated cells by the bank's, and restate its points."""
    notebook.cells = [c for c in notebook.cells
                      if not c.metadata.get("nbgrader", {}).get("grade_id", "").startswith(GENERATED)]
    notebook.cells += bank_cells(items, mode)
    first = notebook.cells[0]
    first.source = POINTS.sub(f"**Points:** {notebook_points(notebook):g}.", first.source)
    return notebook


def new_assignment_notebook(spec):
    """A quiz made whole from the bank: its introduction and imports (the questions are
    added by sync_notebook)."""
    intro = (f"# {spec['title']}\n\n**Goes with:** {spec['goes_with']}. **Estimated time:** "
             f"{spec['minutes']} minutes. **Points:** 0.\n\n{spec['intro'].strip()}")
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                        "name": "python3"},
                         "language_info": {"name": "python"}}
    notebook.cells = [nbformat.v4.new_markdown_cell(intro, metadata={"nbgrader": {
                          "grade": False, "grade_id": "intro", "locked": True, "schema_version": 3, "solution": False}}),
                      nbformat.v4.new_code_cell(spec["imports"].strip(), metadata={"nbgrader": {
                          "grade": False, "grade_id": "imports", "locked": True, "schema_version": 3, "solution": False}})]
    notebook.cells[0].id, notebook.cells[1].id = "intro", "imports"
    return notebook


# ----------------------------------------------------------------------- answer key

def _answer_text(item):
    kind = item["type"]
    if kind == "single":
        return f"**{_expected(item)}.** {item['answer']}"
    if kind == "multiple":
        return "; ".join(f"**{quiz.LETTERS[item['options'].index(o)]}.** {o}" for o in item["answer"])
    if kind == "matching":
        return "; ".join(f"{p} → **{_expected(item)[p]}.** {c}" for p, c in item["answer"].items())
    return f"**{item['answer']:g} {item['unit']}** (accepted within ±{item['tolerance']:g})"


def _key_entry(item):
    lines = [f"### `{item['id']}` · {item['type']} · {_points_text(item.get('points', 1))}", "",
             f"*Objective:* {item['objective']} *Lesson:* {item['lesson']}.", "", item["stem"].strip(), ""]
    if item["type"] == "reflection":
        lines += ["*Rubric:*", ""] + [f"- {line}" for line in item["rubric"]]
        lines += ["", "*A good answer, for example:*", "", item["model_answer"].strip(), ""]
        return lines
    lines += [f"*Answer:* {_answer_text(item)}", ""]
    if item.get("solution"):
        lines += ["*Simulation:*", "", "```python", item["solution"].strip(), "```", ""]
    for option, text in item.get("feedback", {}).items():
        lines.append(f"- *{option}*: {text.strip()}")
    for prompt, text in item.get("hints", {}).items():
        lines.append(f"- *Hint for {prompt}*: {text.strip()}")
    if item.get("hint"):
        lines.append(f"- *Hint*: {item['hint'].strip()}")
    if item.get("explanation"):
        lines.append(f"- *Explanation*: {item['explanation'].strip()}")
    return lines + [""]


def answer_key(bank):
    """The instructor's answer key (Markdown): graded questions and reflection rubrics by
    assignment, then the lessons' self-checks."""
    lines = ["# Answer key (instructors only; made by `make questions` from question_bank.yml)", "",
             "Do not hand this file out. Model answers of the coding exercises are in the notebooks in "
             "solutions/.", ""]
    assignments = sorted({i["assignment"] for i in bank["items"] if i.get("assignment")})
    for assignment in assignments:
        items = [i for i in bank["items"] if i.get("assignment") == assignment]
        mode = bank["assignments"].get(assignment, {}).get("mode", quiz.EXAM)
        lines += [f"## {assignment} ({_points_text(sum(i.get('points', 1) for i in items))} from the bank, "
                  f"released in {mode} mode)", ""]
        for item in items:
            lines += _key_entry(item)
    lines += ["## Self-checks in the lessons (ungraded)", ""]
    for item in sorted((i for i in bank["items"] if not i.get("assignment")), key=lambda i: i["lesson"]):
        lines += _key_entry(item)
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------- trusted scoring

MAX_ANSWER_CHARS = 10_000  # an answer cell longer than this is not read
NO_ANSWER = object()


@dataclass(frozen=True)
class Score:
    """What one graded question of a submission earned, decided from the notebook file
    alone; `flag` says why the grader should look (None when nothing is amiss)."""
    points: float
    max_points: float
    feedback: str
    flag: str | None = None


def score_answers(notebook: nbformat.NotebookNode, assignment: str, root=ROOT) -> dict[str, Score]:
    """The score of every graded bank question of `assignment` in a submitted notebook,
    keyed by the grade_id of the question's check cell.

    No kernel runs: each answer cell is read with `ast` and only plain-value assignments
    (`literal_eval`) to the question's variable count. Partial credit as in `quiz.score`.
    An answer cell whose type or grading metadata was changed, that does not parse, that
    is too long or whose answer is not a plain value scores 0 and is flagged; other code
    beside a plain answer is never run, and flagged."""
    return {check_id(item): score_answer(notebook, item) for item in graded_items(root, assignment)}


def graded_items(root, assignment):
    path = Path(root) / BANK
    bank = _load_unchanged(str(path.parent.parent), path.stat().st_mtime_ns)
    return [item for item in bank["items"] if item.get("assignment") == assignment and item["type"] != "reflection"]


@lru_cache(maxsize=4)
def _load_unchanged(root, modified_ns):
    """The bank, read once per version of its file (grading reads it for every student)."""
    return load(root)


def score_answer(notebook, item):
    """The Score of one graded question of a submitted notebook."""
    available = float(item.get("points", 1))
    value, flag = read_answer(notebook, item)
    if value is NO_ANSWER:
        return Score(0.0, available, "No answer was given.", flag)
    try:
        earned = quiz.score(item, value, _expected(item), available)
    except quiz.AnswerFormatError as error:
        return Score(0.0, available, f"Not in the form the question asks for: {error}", flag)
    return Score(earned, available, graded_feedback(item, value, earned, available), flag)


def read_answer(notebook, item):
    """(value, flag) of a question's answer cell in a submitted notebook; NO_ANSWER when
    there is none that can count."""
    cell, flag = _answer_cell(notebook, item)
    if cell is None:
        return NO_ANSWER, flag
    if len(cell.source) > MAX_ANSWER_CHARS:
        return NO_ANSWER, f"answer cell longer than {MAX_ANSWER_CHARS} characters: not read, scored 0"
    try:
        statements = ast.parse(cell.source).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return NO_ANSWER, "answer cell does not parse as Python: scored 0"
    return _plain_value(statements, variable(item), flag)


def _answer_cell(notebook, item):
    """(cell, flag) of the answer cell as the release made it; (None, flag) when it is
    missing or was changed."""
    grade_id = GENERATED + item["id"]
    cells = [c for c in notebook.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id]
    if not cells:
        tampered = any(c.get("id") == grade_id[:64] for c in notebook.cells)
        return None, "answer cell's grade_id or grading metadata was changed: not graded" if tampered else None
    cell, flag = cells[0], None
    if len({c.source for c in cells}) > 1:
        flag = f"answer cell appears {len(cells)} times with different answers: only the first was graded"
    meta = cell.metadata["nbgrader"]
    if cell.cell_type != "code":
        return None, f"answer cell was turned into a {cell.cell_type} cell: not graded"
    if meta.get("solution") is not True or meta.get("grade") or meta.get("locked"):
        return None, "answer cell's grading metadata was changed: not graded"
    return cell, flag


def _plain_value(statements, name, flag):
    """The value the statements give `name` if every assignment to it is a plain value;
    statements that do not touch it are never run, and flagged."""
    value, others = NO_ANSWER, False
    for statement in statements:
        if _is_placeholder(statement, name):
            continue
        if isinstance(statement, ast.Assign) and [_target(t) for t in statement.targets] == [name]:
            try:
                value = ast.literal_eval(statement.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                return NO_ANSWER, f"`{name}` is given by code, not a plain value: scored 0"
        elif any(isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load)
                 for node in ast.walk(statement)):
            return NO_ANSWER, f"`{name}` is given by code, not a plain value: scored 0"
        else:
            others = True
    if others:
        flag = flag or "answer cell holds code beside the plain value: the code was not run"
    return value, flag


def _target(node):
    return node.id if isinstance(node, ast.Name) else None


def _is_placeholder(statement, name):
    """What a blank answer cell holds, a note, or showing the answer: harmless."""
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Raise):
        return ast.unparse(statement) in ("raise NotImplementedError()", "raise NotImplementedError")
    if isinstance(statement, ast.Expr):
        shown = statement.value
        return (isinstance(shown, ast.Constant) and isinstance(shown.value, str)) or \
            (isinstance(shown, ast.Name) and shown.id == name)
    return False


def graded_feedback(item, value, earned, available):
    """The feedback on a graded answer, released after grading: the feedback of what the
    student chose (never the answer they did not give), the explanation when right."""
    response = quiz.as_response(item, value)
    kind = item["type"]
    right = earned == available
    if kind == "single":
        message = item["feedback"][response]
    elif kind == "multiple":
        wrong = [o for o in item["options"] if o in response and o not in item["answer"]]
        missing = len([o for o in item["answer"] if o not in response])
        message = item["explanation"] if right else quiz.selection_message(
            len(wrong), missing, [item["feedback"][o] for o in wrong])
    elif kind == "matching":
        wrong = [p for p in item["prompts"] if response[p] != item["answer"][p]]
        message = item["explanation"] if right else quiz.matching_message(item, wrong)
    else:
        message = item["explanation"] if right else item["hint"]
    verdict = "✔ Right" if right else ("◐ Partly right" if earned else "✘ Not right")
    return f"{verdict} ({earned:g} of {_points_text(available)}). {' '.join(message.split())}"


# --------------------------------------------------------------------------- build

def notebooks_to_sync(bank, root=ROOT):
    """{path of a solutions notebook: its bank items} for every assignment the bank feeds."""
    targets = {}
    for name, spec in bank["assignments"].items():
        if "notebook" in spec:
            targets[Path(root) / "solutions" / name / spec["notebook"]] = []
    for item in bank["items"]:
        if item.get("assignment"):
            targets.setdefault(assignment_notebook(bank, item["assignment"], root), []).append(item)
    return targets


def assignment_notebook(bank, assignment, root=ROOT):
    """The solutions notebook that holds an assignment's questions."""
    spec = bank["assignments"].get(assignment, {})
    folder = Path(root) / "solutions" / assignment
    return folder / spec["notebook"] if "notebook" in spec else next(iter(sorted(folder.glob("*.ipynb"))))


def build(root=ROOT):
    """Write self_checks.json, the bank's cells in solutions/ and the answer key."""
    root = Path(root)
    bank = load(root)
    (root / "src" / "rewire" / "data" / quiz.SELF_CHECKS).write_text(self_checks_json(bank), encoding="utf-8")
    for path, items in notebooks_to_sync(bank, root).items():
        spec = bank["assignments"].get(path.parent.name, {})
        notebook = new_assignment_notebook(spec) if "notebook" in spec else nbformat.read(path, as_version=4)
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(sync_notebook(notebook, items, spec.get("mode", quiz.EXAM)), path)
    (root / ANSWER_KEY).write_text(answer_key(bank), encoding="utf-8")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT)
