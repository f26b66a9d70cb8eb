"""No answer is readable anywhere a student receives: the lessons, the student versions
in exercises/ and the rewire package (its code and its data)."""
import json
import re

import nbformat
import pytest

from notebooks import REPO
from rewire import bank

BANK = bank.load(REPO)
SOLUTION_BLOCK = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.S)


def _flatten(value):
    if isinstance(value, dict):
        return " ".join(_flatten(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_flatten(v) for v in value)
    return str(value)


def _text(path):
    if path.suffix == ".ipynb":
        return "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
    if path.suffix == ".json":
        return _flatten(json.loads(path.read_text(encoding="utf-8")))
    return path.read_text(encoding="utf-8")


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip().lower()


def received_files():
    folders = [REPO / "lessons", REPO / "exercises", REPO / "src" / "rewire"]
    return [p for folder in folders for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix in {".ipynb", ".json", ".py", ".md", ".txt"}
            and ".ipynb_checkpoints" not in p.parts]


@pytest.fixture(scope="module")
def received():
    files = received_files()
    assert any(p.name == "self_checks.json" for p in files)
    return {p.relative_to(REPO): squeeze(_text(p)) for p in files}


def secrets(item):
    """Texts that would give an answer away: every explanation and feedback (they say
    which option is right), model answers, rubrics, simulation code, answer lines."""
    texts = list(item.get("feedback", {}).values()) + list(item.get("rubric", []))
    texts += [item[key] for key in ("explanation", "model_answer") if item.get(key)]
    texts += [line for line in (item.get("solution") or "").splitlines() if telling(line)]
    if item.get("assignment") and item["type"] != "reflection":
        expected = item["answer"] if item["type"] == "numeric" else bank._expected(item)
        texts.append(f"{bank.variable(item)} = {expected!r}")
    return [squeeze(t) for t in texts]


@pytest.mark.parametrize("item", BANK["items"], ids=lambda item: item["id"])
def test_no_explanation_model_answer_or_answer_line_of_the_bank_is_readable(received, item):
    for secret in secrets(item):
        leaked = [str(path) for path, text in received.items() if secret in text]
        assert not leaked, f"{item['id']}: {secret[:60]!r} is readable in {leaked}"


def test_the_packaged_questions_hold_no_answer_field():
    packaged = json.loads((REPO / "src" / "rewire" / "data" / "self_checks.json").read_text())
    forbidden = {"answer", "solution", "rubric", "model_answer", "variable", "assignment"}
    for item_id, item in packaged.items():
        assert not forbidden & set(item), item_id
    numeric = [i for i in BANK["items"] if i["type"] == "numeric"]
    for item in numeric:
        values = {v for k, v in packaged[item["id"]].items() if isinstance(v, (int, float)) and k != "points"}
        assert item["answer"] not in values - {item["tolerance"], bank.resolution(item)}, item["id"]


def telling(line):
    """A line of code long and specific enough that finding it means it was copied."""
    line = line.strip()
    return len(line) > 24 and not line.endswith(("(", "[", "{", ":", ",")) and not line.startswith(("for ", "if "))


def solution_lines():
    lines = set()
    for path in (REPO / "solutions").glob("*/*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            for _, block in SOLUTION_BLOCK.findall(cell.source):
                lines |= {squeeze(line) for line in block.splitlines() if telling(line)}
    return lines


def test_no_model_solution_or_hidden_test_line_reaches_a_student_version(received):
    lines = solution_lines()
    assert len(lines) > 50
    student_side = "\n".join(text for path, text in received.items() if path.parts[0] == "exercises")
    assert "begin solution" not in student_side and "begin hidden tests" not in student_side
    leaked = sorted(line for line in lines if line in student_side)
    assert not leaked, leaked[:5]
