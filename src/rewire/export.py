"""Grades for a learning platform: Moodle's and Canvas's gradebook import CSV files.

    python -m rewire.export moodle|canvas [--root .] [--out FILE] [--no-questions]

Scores come from nbgrader's gradebook (gradebook.db), flags from the integrity report
(feedback/integrity_report.csv). One row per student, one column per assignment (its
total) and, unless --no-questions, one per graded question ("<assignment>: <question>").
The last column, "Integrity flag", names the assignments the integrity report lists for
the student: map it to nothing (Moodle: "ignore"; Canvas: "ignore this column") or delete
it before importing.

* Moodle (Grades > Import > CSV file): any header; on import, "Identify user by" maps the
  "Username" column (nbgrader's student id, the JupyterHub login) or "Email address" to
  the user, and each grade column is mapped to a grade item or a new one.
* Canvas (Grades > Import): the columns Student, ID, SIS User ID, SIS Login ID, Section,
  then one column per assignment; the second row starts "Points Possible" and gives each
  assignment's points. The nbgrader id goes in SIS Login ID, the LMS id nbgrader stores
  (lms_user_id) in ID. A column Canvas does not know becomes a new assignment.
"""
import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from .grading import read_report
from .report import cell_scores

CANVAS_USER_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
CANVAS_POINTS_ROW = "Points Possible"
MOODLE_USER_COLUMNS = ["First name", "Last name", "Username", "Email address"]
FLAG_COLUMN = "Integrity flag"


@dataclass(frozen=True)
class Column:
    title: str
    points: float


@dataclass(frozen=True)
class Student:
    id: str
    first_name: str
    last_name: str
    email: str
    lms_user_id: str


def read_scores(root, questions=True):
    """(columns, students, scores): scores[student id][column title] (absent: no
    submission, exported as 0 for an assignment and empty for a question)."""
    from nbgrader.api import Gradebook

    columns, scores = [], {}
    with Gradebook("sqlite:///" + str(Path(root) / "gradebook.db")) as gradebook:
        students = [Student(s.id, s.first_name or "", s.last_name or "", s.email or "", s.lms_user_id or "")
                    for s in sorted(gradebook.students, key=lambda s: s.id)]
        for assignment in sorted(gradebook.assignments, key=lambda a: a.name):
            cells = [(nb.name, cell.name, float(cell.max_score))
                     for nb in assignment.notebooks for cell in nb.grade_cells if cell.max_score]
            columns.append(Column(assignment.name, sum(points for *_, points in cells)))
            if questions:
                columns += [Column(f"{assignment.name}: {cell}", points) for _, cell, points in cells]
            for submission in assignment.submissions:
                scores.setdefault(submission.student_id, {})[assignment.name] = submission.score
            if questions:
                for student, _notebook, cell, score in cell_scores(gradebook, assignment.name):
                    scores[student][f"{assignment.name}: {cell}"] = score
    return columns, students, scores


def flags(root):
    """{student id: "assignment; assignment"} from the integrity report."""
    listed = {}
    for student, assignment, *_ in read_report(root):
        listed.setdefault(student, set()).add(assignment)
    return {student: "; ".join(sorted(names)) for student, names in listed.items()}


def _score(row, column, assignments):
    if column.title in row:
        return f"{row[column.title]:g}"
    return "0" if column.title in assignments else ""


def moodle_rows(columns, students, scores, flagged):
    assignments = {c.title for c in columns if ": " not in c.title}
    header = MOODLE_USER_COLUMNS + [c.title for c in columns] + [FLAG_COLUMN]
    rows = [[s.first_name, s.last_name, s.id, s.email]
            + [_score(scores.get(s.id, {}), c, assignments) for c in columns] + [flagged.get(s.id, "")]
            for s in students]
    return [header] + rows


def canvas_rows(columns, students, scores, flagged):
    assignments = {c.title for c in columns if ": " not in c.title}
    header = CANVAS_USER_COLUMNS + [c.title for c in columns] + [FLAG_COLUMN]
    points = [CANVAS_POINTS_ROW, "", "", "", ""] + [f"{c.points:g}" for c in columns] + [""]
    rows = []
    for s in students:
        name = f"{s.last_name}, {s.first_name}" if s.last_name and s.first_name else s.id
        rows.append([name, s.lms_user_id, "", s.id, ""]
                    + [_score(scores.get(s.id, {}), c, assignments) for c in columns] + [flagged.get(s.id, "")])
    return [header, points] + rows


FORMATS = {"moodle": moodle_rows, "canvas": canvas_rows}


def export(root=".", platform="moodle", out=None, questions=True):
    """Write the import file for `platform`; return its path."""
    root = Path(root).resolve()
    out = Path(out) if out else root / f"grades_{platform}.csv"
    columns, students, scores = read_scores(root, questions)
    rows = FORMATS[platform](columns, students, scores, flags(root))
    with open(out, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m rewire.export", description=__doc__.split("\n\n")[0])
    parser.add_argument("platform", choices=sorted(FORMATS))
    parser.add_argument("--root", default=".", help="the course folder (with gradebook.db)")
    parser.add_argument("--out", default=None, help="the file to write (default: ROOT/grades_<platform>.csv)")
    parser.add_argument("--no-questions", action="store_true", help="only one column per assignment")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not (Path(args.root) / "gradebook.db").exists():
        print("no gradebook.db here: grade first (make grade)")
        return 1
    print(f"written {export(args.root, args.platform, args.out, not args.no_questions)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
