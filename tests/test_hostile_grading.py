"""The grading pipeline (`make collect`, `make grade`) against broken and hostile
submissions: one temporary course, one batch of 01_synaptic, every outcome defined."""
import csv
import hashlib
import io
import shutil
import subprocess
import sys
import zipfile

import nbformat
import pytest

from notebooks import REPO
from test_grading import hidden_test_lines, solution_notebooks, visible_text, with_plausible_mistake, without_test_cells

ASSIGNMENT = "01_synaptic"
NAME = "synaptic_exercises.ipynb"
POSSIBLE = 12.0
THRESHOLD = "bank-synaptic-threshold-speed"  # the answer cell of a 1-point quiz question


def _cell(notebook, grade_id):
    return next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _edit(notebook, grade_id, change):
    edited = nbformat.from_dict(notebook)
    cell = _cell(edited, grade_id)
    cell.source = change(cell.source)
    return edited


def _insert_after(notebook, grade_id, source):
    edited = nbformat.from_dict(notebook)
    index = edited.cells.index(_cell(edited, grade_id))
    edited.cells.insert(index + 1, nbformat.v4.new_code_cell(source))
    return edited


def _duplicated(notebook):
    edited = nbformat.from_dict(notebook)
    for grade_id in (THRESHOLD, THRESHOLD + "-check"):
        cell = _cell(edited, grade_id)
        copy = nbformat.from_dict(cell)
        copy.id = cell.id + "-copy"  # Jupyter gives a pasted cell a new id, but not new metadata
        edited.cells.insert(edited.cells.index(cell) + 1, copy)
    return edited


class EqualToEverything:
    source = 'class Letter(str):\n    def __eq__(self, other):\n        return True\n\n\nanswer_threshold_speed = Letter("a")\n'


# student: (how the submission is made, expected score, flagged?)
CATALOGUE = {
    "correct": (lambda s, r: s, POSSIBLE, False),
    "blank": (lambda s, r: r, 0.0, False),
    "wrong": (lambda s, r: with_plausible_mistake(s, ASSIGNMENT), "partial", False),
    "syntax": (lambda s, r: _edit(s, "oja", lambda src: src.replace("oja_length = float(", "oja_length = float((")), 10.0, False),
    "loop": (lambda s, r: _edit(s, "oja", lambda src: "while True:\n    pass\n" + src), 10.0, False),
    "huge": (lambda s, r: _edit(s, "oja", lambda src: "for i in range(300000):\n    print('spam' * 20, i)\n" + src), POSSIBLE, False),
    "deleted": (lambda s, r: without_test_cells(s), POSSIBLE, True),
    "duplicated": (lambda s, r: _duplicated(s), POSSIBLE, True),
    "renamed": (lambda s, r: s, POSSIBLE, True),  # written under another name below
    "invalid": (lambda s, r: s, 0.0, True),  # written truncated below
    "missing": (lambda s, r: None, 0.0, True),
    "killer": (lambda s, r: _edit(s, "oja", lambda src: "import os\nos._exit(1)\n" + src), 10.0, True),
    "sneaky_killer": (lambda s, r: _edit(s, "oja", lambda src: "import os as o\no.kill(o.getpid(), 9)\n" + src), 10.0, True),
    "monkeypatch": (lambda s, r: _insert_after(with_plausible_mistake(s, ASSIGNMENT), "imports",
                                               "np.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True"), "as wrong", True),
    "always_equal": (lambda s, r: _edit(s, THRESHOLD, lambda src: EqualToEverything.source), 11.0, True),
    "wrong_type": (lambda s, r: _edit(s, THRESHOLD, lambda src: src.replace("answer_threshold_speed = 'b'", "answer_threshold_speed = 2")), 11.0, False),
    "computed_answer": (lambda s, r: _edit(s, THRESHOLD, lambda src: src.replace("answer_threshold_speed = 'b'", 'answer_threshold_speed = np.str_("b")')), 11.0, True),
}
COLLECTED = {"alice": POSSIBLE, "bob": 0.0, "ada_lovelace": POSSIBLE}  # handed in as a zip, filed by `collect`


def _tree_hash(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    shutil.copy(REPO / "nbgrader_config.py", course)
    shutil.copytree(REPO / "solutions", course / "solutions")
    shutil.copytree(REPO / "exercises", course / "exercises")
    before = _tree_hash(course / "exercises")
    solved = solution_notebooks(ASSIGNMENT)[NAME]
    released = nbformat.read(REPO / "exercises" / ASSIGNMENT / NAME, as_version=4)
    for student, (make, _, _) in CATALOGUE.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text("2025-01-01 12:00:00 UTC")
        notebook = make(solved, released)
        if notebook is None:
            continue
        name = "synaptic_exercises (1).ipynb" if student == "renamed" else NAME
        text = nbformat.writes(notebook)
        (folder / name).write_text(text[: len(text) // 2] if student == "invalid" else text)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"alice_{NAME}", nbformat.writes(solved))
        archive.writestr(f"bob/{NAME}", nbformat.writes(released))
        archive.writestr(f"ada_lovelace_{NAME}", nbformat.writes(solved))
        archive.writestr("my notes.ipynb", nbformat.writes(released))
    (course / "download.zip").write_bytes(buffer.getvalue())
    python = [sys.executable, "-m", "rewire.grading"]
    collected = subprocess.run([*python, "collect", "download.zip"], cwd=course, capture_output=True, text=True, timeout=300)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    (course / "collect.log").write_text(collected.stdout)

    result = subprocess.run([*python, "grade", "--", "--Execute.timeout=5"], cwd=course, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _tree_hash(course / "exercises") == before, "grading rewrote exercises/"
    with open(course / "grades.csv", newline="") as handle:
        grades = {row["student_id"]: row for row in csv.DictReader(handle) if row["assignment"] == ASSIGNMENT}
    with open(course / "feedback" / "integrity_report.csv", newline="") as handle:
        report = list(csv.DictReader(handle))
    return course, grades, report


def test_collect_files_a_zip_of_notebooks_named_by_student(graded):
    course, grades, _ = graded
    for student in COLLECTED:
        assert (course / "submitted" / student / ASSIGNMENT / NAME).exists()
        assert float(grades[student]["score"]) == COLLECTED[student]


def test_collect_names_every_notebook_it_could_not_file(graded):
    course, _, _ = graded
    log = (course / "collect.log").read_text()
    assert "NOT FILED: my notes.ipynb" in log
    assert log.count("NOT FILED") == 1


def test_every_student_gets_a_row(graded):
    _, grades, _ = graded
    assert set(grades) == set(CATALOGUE) | set(COLLECTED)
    assert all(float(row["max_score"]) == POSSIBLE for row in grades.values())


@pytest.mark.parametrize("student", CATALOGUE)
def test_each_submission_scores_what_it_earned(graded, student):
    _, grades, _ = graded
    expected = CATALOGUE[student][1]
    score = float(grades[student]["score"])
    if expected == "partial":
        assert 0 < score < POSSIBLE
    elif expected == "as wrong":
        assert score == float(grades["wrong"]["score"]) < POSSIBLE
    else:
        assert score == expected


def test_the_integrity_report_lists_exactly_the_flagged_students(graded):
    _, grades, report = graded
    expected = {s for s, (_, _, flagged) in CATALOGUE.items() if flagged}
    assert {row["student"] for row in report} == expected
    assert all(row["notebook"] and row["cell"] and row["reason"] for row in report)
    assert {s for s, row in grades.items() if row["flagged"] == "yes"} == expected


@pytest.mark.parametrize("student, cell, words", [
    ("killer", "oja", "end the kernel"),
    ("sneaky_killer", "oja", "kernel died"),
    ("monkeypatch", "cell 3 (added by the student)", "monkeypatching"),
    ("always_equal", THRESHOLD, "__eq__"),
    ("duplicated", THRESHOLD, "pasted again"),
    ("renamed", "-", "renamed"),
    ("invalid", "-", "valid"),
    ("missing", "-", "missing"),
    ("deleted", "stdp-window-tests", "deleted"),
    ("computed_answer", THRESHOLD, "plain values"),
])
def test_the_report_names_cell_and_reason(graded, student, cell, words):
    _, _, report = graded
    rows = [row for row in report if row["student"] == student]
    assert any(row["cell"] == cell and words in row["reason"] for row in rows), rows


def test_feedback_shows_no_hidden_test_and_no_model_answer(graded):
    course, _, _ = graded
    hidden = hidden_test_lines(ASSIGNMENT)
    answers = ["np.subtract.outer", "middle = np.sqrt(low * high)", "leading = np.linalg.eigh"]
    for student in set(CATALOGUE) | set(COLLECTED):
        pages = list((course / "feedback" / student / ASSIGNMENT).glob("*.html"))
        assert pages, f"no feedback for {student}"
        for page in pages:
            assert page.stat().st_size < 5_000_000, f"{student}'s feedback is huge"
            text = visible_text(page.read_text())
            assert "BEGIN HIDDEN TESTS" not in text
            assert not [line for line in hidden if line in text], student
            if CATALOGUE.get(student, (None, 1.0))[1] == 0.0 or student == "bob":
                assert not [a for a in answers if a in text], student
