"""The class report for a large class: seconds for `python -m rewire.report` on 500
students of the therapy-table quiz (a gradebook filled through nbgrader's API with
synthetic scores, and a submitted notebook per student whose answers the report reads).
Writes benchmarks/results/report.json.

    make bench
"""
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np
from nbgrader.api import Gradebook

from rewire import bank, quiz
from rewire.report import report

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT, NOTEBOOK = "07_therapy_table_quiz", "therapy_table_quiz.ipynb"
CLASS_SIZE = 500
TARGET_S = 10.0


def graded_cells():
    """(grade_id, points) of every graded cell of the quiz, from its source notebook."""
    notebook = nbformat.read(REPO / "solutions" / ASSIGNMENT / NOTEBOOK, as_version=4)
    return [(c.metadata["nbgrader"]["grade_id"], c.metadata["nbgrader"]["points"]) for c in notebook.cells
            if c.metadata.get("nbgrader", {}).get("grade")]


def fill_gradebook(course, cells, rng):
    """CLASS_SIZE submissions with scores drawn from one ability per student."""
    with Gradebook("sqlite:///" + str(course / "gradebook.db")) as gradebook:
        gradebook.add_assignment(ASSIGNMENT)
        gradebook.add_notebook(Path(NOTEBOOK).stem, ASSIGNMENT)  # nbgrader names notebooks without .ipynb
        for name, points in cells:
            gradebook.add_grade_cell(name, Path(NOTEBOOK).stem, ASSIGNMENT, max_score=points, cell_type="code")
        ability = rng.normal(size=CLASS_SIZE)
        for number in range(CLASS_SIZE):
            student = f"student{number:03d}"
            gradebook.add_student(student)
            submission = gradebook.add_submission(ASSIGNMENT, student)
            for grade in submission.notebooks[0].grades:
                chance = 1 / (1 + np.exp(-ability[number]))
                grade.auto_score = float(rng.binomial(int(grade.max_score), chance))
        gradebook.db.commit()


def write_submissions(course, rng):
    """Each student's notebook with a letter for every single-answer question."""
    items = [i for i in bank.load(REPO)["items"] if i.get("assignment") == ASSIGNMENT and i["type"] == "single"]
    for number in range(CLASS_SIZE):
        cells = [nbformat.v4.new_code_cell(f'{bank.variable(i)} = "{quiz.LETTERS[rng.integers(len(i["options"]))]}"')
                 for i in items]
        folder = course / "submitted" / f"student{number:03d}" / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nbformat.v4.new_notebook(cells=cells), folder / NOTEBOOK)


def main():
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]  # alembic
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as course:
        course = Path(course)
        for folder in ("solutions", "lessons"):
            (course / folder).symlink_to(REPO / folder)
        fill_gradebook(course, graded_cells(), rng)
        write_submissions(course, rng)
        start = time.perf_counter()
        report(course, out=course / "reports")
        seconds = time.perf_counter() - start
    print(f"report for {CLASS_SIZE} students of {ASSIGNMENT}: {seconds:.1f} s (target {TARGET_S:g} s)")
    results = REPO / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / "report.json").write_text(json.dumps(
        {"class_size": CLASS_SIZE, "assignment": ASSIGNMENT, "seconds": seconds, "target_s": TARGET_S}, indent=1))


if __name__ == "__main__":
    main()
