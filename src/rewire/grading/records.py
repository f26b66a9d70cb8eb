"""Step 4 of grading, on the trusted side: the gradebook, the autograded notebooks the
feedback is made from, grades.csv and the integrity report. Nothing here comes from a
process that ran student code except the scores decided from its data; the notebooks hold
the student's own sources and the grader's messages, never a kernel's output."""
import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor

from rewire.grading.staging import is_answer, meta

COURSE_ID = "rewire"
STATUS_TEXT = {"error": "This cell raised an error when your notebook was run.",
               "timeout": "This cell ran out of time when your notebook was run and was stopped.",
               None: "This cell was not run: a cell above it ended the program or ran out of time."}


class HideTestTracebacks(NbGraderPreprocessor):
    """Reduce every error in a test cell to its exception name and message, so that
    feedback never quotes a test line (used by nbgrader_config.py)."""

    def preprocess_cell(self, cell, resources, cell_index):
        grading = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and grading.get("grade") and not grading.get("solution"):
            for output in cell.outputs:
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}".rstrip(": ")]
        return cell, resources


def nbgrader(root, *args, check=True):
    """Run an nbgrader command in the course folder (the venv's bin on PATH: alembic)."""
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=root, env=env, capture_output=True, text=True
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result


def gradebook(root):
    from nbgrader.api import Gradebook

    return Gradebook("sqlite:///" + str(Path(root) / "gradebook.db"), COURSE_ID)


def _say(cell, text):
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"Grader: {text}\n")]


def autograded_notebook(staged, scores, statuses):
    """The notebook nbgrader's feedback and formgrader show: the student's sources, and
    the grader's verdicts as outputs of the test cells."""
    notebook = nbformat.from_dict(staged.notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        grade_id = meta(cell).get("grade_id")
        if grade_id in scores:
            score = scores[grade_id]
            _say(cell, f"{score.points:g} of {score.max_points:g} points. {score.feedback}")
        elif is_answer(cell) and not grade_id.startswith("bank-"):
            status = statuses.get(grade_id, {}).get("status")
            if status != "ok" and not staged.blank:
                _say(cell, STATUS_TEXT.get(status, STATUS_TEXT[None]))
    return notebook


def _unchanged(cell, released_cell):
    return cell.source.strip() == released_cell.source.strip()


def record_submission(root, assignment, student, notebooks, timestamp=None):
    """Put one submission's scores in the gradebook. `notebooks` maps a notebook name to
    (autograded notebook, released notebook, {grade_id: Score}). Scores given by hand
    (manual_score) are never touched, so they survive re-grading."""
    with gradebook(root) as book:
        book.update_or_create_student(student)
        options = {"timestamp": timestamp} if timestamp else {}
        book.update_or_create_submission(assignment, student, **options)
        for name, (notebook, released, scores) in notebooks.items():
            released_cells = {meta(c).get("grade_id"): c for c in released.cells}
            cells = {meta(c).get("grade_id"): c for c in notebook.cells}
            submitted = book.find_submission_notebook(Path(name).stem, assignment, student)
            for grade in submitted.grades:
                if grade.name in scores:
                    grade.auto_score = scores[grade.name].points
                else:  # answered by hand (a reflection): nothing to read means 0
                    cell = cells.get(grade.name)
                    blank = cell is None or _unchanged(cell, released_cells[grade.name])
                    grade.auto_score = 0.0 if blank else None
                grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None
            for comment in submitted.comments:
                cell = cells.get(comment.name)
                blank = cell is None or _unchanged(cell, released_cells.get(comment.name, cell))
                comment.auto_comment = "No response." if blank else None
        book.db.commit()


def write_autograded(root, assignment, student, notebooks):
    folder = Path(root) / "autograded" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    for name, notebook in notebooks.items():
        nbformat.write(notebook, folder / name)


def write_grades(root, students, report):
    """grades.csv from nbgrader export, one row per student and assignment, plus a
    column that says whether the integrity report lists the student."""
    root = Path(root)
    nbgrader(root, "export", "--to", str(root / "grades.csv"))
    with open(root / "grades.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0]) if rows else ["assignment", "student_id", "raw_score", "score", "max_score"]
    flagged = {(s, a) for s, a, *_ in report}
    assignments = sorted({r["assignment"] for r in rows})
    present = {(r["student_id"], r["assignment"]) for r in rows}
    for assignment in assignments:
        for student in students:
            if (student, assignment) not in present:
                rows.append({**{f: "" for f in fields}, "assignment": assignment, "student_id": student,
                             "raw_score": "0.0", "score": "0.0"})
    for row in rows:
        row["flagged"] = "yes" if (row["student_id"], row["assignment"]) in flagged else ""
    with open(root / "grades.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fields + ["flagged"])
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: (r["assignment"], r["student_id"])))


def read_report(root):
    """The rows of the integrity report an earlier run wrote (none if there is none)."""
    path = Path(root) / "feedback" / "integrity_report.csv"
    if not path.exists():
        return []
    with open(path, newline="") as handle:
        return [tuple(row) for row in list(csv.reader(handle))[1:]]


def write_report(root, report):
    (Path(root) / "feedback").mkdir(exist_ok=True)
    with open(Path(root) / "feedback" / "integrity_report.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "assignment", "notebook", "cell", "reason"])
        writer.writerows(report)
