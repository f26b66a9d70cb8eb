"""Step 4 of grading, on the trusted side: the gradebook, the autograded notebooks the
feedback is made from, grades.csv and the integrity report. Nothing here comes from a
process that ran student code except the scores decided from its data; the notebooks hold
the student's own sources and the grader's messages, never a kernel's output."""
import csv
import os
import subprocess
import sys
import warnings
from pathlib import Path

import nbformat
from nbgrader.api import MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor
from sqlalchemy.exc import SAWarning

from rewire.grading.staging import is_answer, meta

MAX_SECRET_CHARS = 256  # nbgrader submit writes 128 hex digits (secrets.token_hex(64))

COURSE_ID = "rewire"
GRADE_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "raw_score", "late_submission_penalty",
                 "score", "max_score", "flagged"]
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


class RefuseUnsandboxedGrading(NbGraderPreprocessor):
    """Stops `nbgrader autograde` (the formgrader's button too) before it runs a student's
    code with the teacher's rights (used by nbgrader_config.py)."""

    def preprocess(self, nb, resources):
        raise RuntimeError("nbgrader autograde would run student code with your rights: grade with the sandboxed "
                           "`make grade` (on a hub: sudo rewire hub grade ASSIGNMENT)")


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
    with gradebook(root) as book, warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)  # nbgrader's own add_submission warns; autograde does too
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


def write_autograded(root, assignment, student, notebooks, submitted_at=None):
    folder = Path(root) / "autograded" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    for name, notebook in notebooks.items():
        nbformat.write(notebook, folder / name)
    # nbgrader's release_feedback (the exchange) needs the submission's time and secret (the
    # key of the feedback's file name) beside the feedback; generate_feedback copies them
    # from here, as after nbgrader's own autograde. The time is written from the parsed
    # value; the secret only from a regular file, and no more than a secret's length.
    if submitted_at is not None:
        (folder / "timestamp.txt").write_text(submitted_at.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
    secret = Path(root) / "submitted" / student / assignment / "submission_secret.txt"
    if secret.is_file() and not secret.is_symlink():
        with open(secret) as handle:
            (folder / secret.name).write_text(handle.read(MAX_SECRET_CHARS))


class Course:
    """nbgrader's own commands, run in this process (importing nbgrader once costs seconds)
    with the course's nbgrader_config.py."""

    def __init__(self, root):
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory
        from traitlets.config.loader import PyFileConfigLoader

        bin_dir = str(Path(sys.executable).parent)  # nbgrader runs alembic from the venv
        if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
            os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
        config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
        config.CourseDirectory.root = str(root)
        self.coursedir = CourseDirectory(config=config)
        self.api = NbGraderAPI(coursedir=self.coursedir, config=config)

    def _check(self, result, what):
        if not result["success"]:
            raise RuntimeError(f"nbgrader {what} failed:\n{result.get('log', '')}{result.get('error', '')}")

    def generate_assignment(self, name, release_directory):
        """Register the assignment in the gradebook, writing its student version to
        release_directory (never to exercises/)."""
        saved = self.coursedir.release_directory
        self.coursedir.release_directory = str(release_directory)
        try:
            self._check(self.api.generate_assignment(name, force=True), "generate_assignment")
        finally:
            self.coursedir.release_directory = saved

    def generate_feedback(self, name):
        """Feedback for every graded student; one that fails is named on stderr and does
        not stop the others' (nbgrader converts each notebook on its own)."""
        result = self.api.generate_feedback(name, force=True)
        if not result["success"]:
            failed = [line for line in result.get("log", "").splitlines() if "[ERROR] There was an error processing" in line]
            print("\n".join(failed) or result.get("error", "generate_feedback failed"), file=sys.stderr)


def write_grades(root, report):
    """grades.csv from the gradebook: one row per student and assignment (0 when nothing
    was handed in), the columns of nbgrader export, and `flagged` when the integrity
    report lists the student for that assignment."""
    flagged = {(s, a) for s, a, *_ in report}
    rows = []
    with gradebook(root) as book:
        students = sorted(s.id for s in book.students)
        for assignment in sorted(book.assignments, key=lambda a: a.name):
            for student in students:
                row = {"assignment": assignment.name, "duedate": assignment.duedate or "", "timestamp": "",
                       "student_id": student, "raw_score": 0.0, "late_submission_penalty": 0.0, "score": 0.0,
                       "max_score": assignment.max_score}
                try:
                    submission = book.find_submission(assignment.name, student)
                except MissingEntry:
                    pass
                else:
                    row.update(timestamp=submission.timestamp or "", raw_score=submission.score,
                               late_submission_penalty=submission.late_submission_penalty,
                               score=submission.score - submission.late_submission_penalty)
                row["flagged"] = "yes" if (student, assignment.name) in flagged else ""
                rows.append(row)
    with open(Path(root) / "grades.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, GRADE_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


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
