"""The question bank and everything made from it (instructor tooling; no answers here).

solutions/question_bank.yml is the one place where questions and their answers are
written. `make questions` (``python -m rewire.bank``) makes three things from it:

* src/rewire/data/self_checks.json, what students receive: stems and options, salted hashes
  of the right answers, and explanations sealed so that only the response they explain
  can open them (see rewire.quiz);
* the question cells of every assignment in solutions/: for each graded item a question,
  an answer cell (the answer as a plain value, or the simulation that computes it) and a
  test cell (instant feedback visible, scoring hidden); for each reflection, a manually
  graded answer cell; 07_therapy_table_quiz is made whole from the bank;
* solutions/answer_key.md, the instructor's answer key with the reflection rubrics.

Then `make exercises` regenerates the student versions. Tests check that all three are up
to date with the bank.
"""
import json
import random
import re
import sys
from pathlib import Path

import nbformat

from . import quiz

ROOT = Path(__file__).resolve().parents[2]
BANK = Path("solutions") / "question_bank.yml"
ANSWER_KEY = Path("solutions") / "answer_key.md"
GENERATED = "bank-"  # grade_id prefix of every cell this module writes into a notebook
KINDS = quiz.TYPES + ("reflection",)


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
    for item in bank["items"]:
        validate(item, root, declared=bank.get("assignments", {}))
    bank["items"] = [presented(item) for item in bank["items"]]
    return bank


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
    if not (Path(root) / "lessons" / f"{item['lesson']}.ipynb").exists():
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
    if item.get("solution") and not item.get("assignment"):
        raise BankError(f"{where}: a simulation needs an assignment to be run in")
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

def student_item(item):
    """What a student receives of one question: no answer, explanations sealed."""
    item_id, kind = item["id"], item["type"]
    public = {key: item[key] for key in ("id", "type", "lesson", "objective", "stem", "simulation") if key in item}
    public["points"] = item.get("points", 1)
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
    items = {item["id"]: student_item(item) for item in bank["items"] if item["type"] != "reflection"}
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
    name = variable(item)
    kind = item["type"]
    if kind == "single":
        return f'one letter, as text, for example `{name} = "a"`'
    if kind == "multiple":
        return f'the set of every letter that applies, for example `{name} = {{"a", "c"}}`'
    if kind == "matching":
        first, second = item["prompts"][:2]
        return f'a dict with one letter for each, for example `{name} = {{"{first}": "a", "{second}": "b", ...}}`'
    return f"a number in {item['unit']} (within ±{item['tolerance']:g} counts as right), for example `{name} = 1.5`"


def question_cells(item, number):
    """The three cells of a graded question: the question, the answer, the check."""
    kind, name, points = item["type"], variable(item), item.get("points", 1)
    text = [f"**Question {number} · {_points_text(points)}.** {item['stem']}"]
    if kind in ("single", "multiple"):
        text.append(_letters(item["options"]))
    elif kind == "matching":
        text.append("Match each of " + ", ".join(f"**{p}**" for p in item["prompts"]) + " to one of:\n\n"
                    + _letters(item["choices"]))
    if item.get("simulation"):
        text.append(f"**Simulate.** {item['simulation']}")
    text.append(f"Store your answer in `{name}`: {_how_to_answer(item)}.")
    if item.get("solution"):
        answer = f"### BEGIN SOLUTION\n{item['solution'].strip()}\n### END SOLUTION"
    else:
        value = item["answer"] if kind == "numeric" else _expected(item)
        answer = f"### BEGIN SOLUTION\n{name} = {value!r}\n### END SOLUTION"
    check = (f'quiz.check("{item["id"]}", {name})\n### BEGIN HIDDEN TESTS\n'
             f'quiz.points("{item["id"]}", {name}, {_expected(item)!r}, {points!r})\n### END HIDDEN TESTS')
    return [
        _cell("markdown", "\n\n".join(text), item["id"] + "-question"),
        _cell("code", answer, item["id"], locked=False, solution=True),
        _cell("code", check, item["id"] + "-check", grade=True, points=points),
    ]


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


def bank_cells(items):
    """Every generated cell of one notebook: its graded questions, then its reflections."""
    graded = [i for i in items if i["type"] != "reflection"]
    reflections = [i for i in items if i["type"] == "reflection"]
    cells = []
    if graded:
        total = sum(i.get("points", 1) for i in graded)
        cells.append(_cell("markdown", f"## Questions ({_points_text(total)})\n\nEach check cell tells you at "
                           "once whether your answer is right, and if not, what to think about; it never "
                           "shows the answer.", "questions"))
        cells.append(_cell("code", "from rewire import quiz", "questions-import"))
        for number, item in enumerate(graded, 1):
            cells += question_cells(item, number)
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


def sync_notebook(notebook, items):
    """Replace the notebook's generated cells by the bank's, and restate its points."""
    notebook.cells = [c for c in notebook.cells
                      if not c.metadata.get("nbgrader", {}).get("grade_id", "").startswith(GENERATED)]
    notebook.cells += bank_cells(items)
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
        lines += [f"## {assignment} ({_points_text(sum(i.get('points', 1) for i in items))} from the bank)", ""]
        for item in items:
            lines += _key_entry(item)
    lines += ["## Self-checks in the lessons (ungraded)", ""]
    for item in sorted((i for i in bank["items"] if not i.get("assignment")), key=lambda i: i["lesson"]):
        lines += _key_entry(item)
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- build

def notebooks_to_sync(bank, root=ROOT):
    """{path of a solutions notebook: its bank items} for every assignment the bank feeds."""
    targets = {}
    for name, spec in bank.get("assignments", {}).items():
        targets[Path(root) / "solutions" / name / spec["notebook"]] = []
    for item in bank["items"]:
        if item.get("assignment"):
            folder = Path(root) / "solutions" / item["assignment"]
            spec = bank.get("assignments", {}).get(item["assignment"])
            path = folder / spec["notebook"] if spec else next(iter(sorted(folder.glob("*.ipynb"))))
            targets.setdefault(path, []).append(item)
    return targets


def build(root=ROOT):
    """Write self_checks.json, the bank's cells in solutions/ and the answer key."""
    root = Path(root)
    bank = load(root)
    (root / "src" / "rewire" / "data" / quiz.SELF_CHECKS).write_text(self_checks_json(bank), encoding="utf-8")
    for path, items in notebooks_to_sync(bank, root).items():
        spec = bank.get("assignments", {}).get(path.parent.name)
        notebook = nbformat.read(path, as_version=4) if path.exists() else new_assignment_notebook(spec)
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(sync_notebook(notebook, items), path)
    (root / ANSWER_KEY).write_text(answer_key(bank), encoding="utf-8")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT)
