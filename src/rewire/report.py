"""What the class understood: item analysis of graded assignments, for the teacher.

    python -m rewire.report [ASSIGNMENT ...] [--root .] [--out reports]

After grading, writes for each assignment with submissions, into reports/<assignment>/:

* index.html: one self-contained page (figure inline as SVG, no network) with the class's
  score distribution and reliability, the misconceptions to address next session, the
  items to repair, each lesson objective's mean and every question's statistics;
* items.csv, options.csv, objectives.csv, summary.csv: the same numbers for a spreadsheet.

Scores come from nbgrader's gradebook (gradebook.db: one score per graded cell), whatever
pipeline filled it. Which option each student chose comes from their submitted notebook
(submitted/<student>/<assignment>/), read with ast: only plain literal values count, no
student code is run. Options are counted by their text in the bank, not by letter.
Statistics: rewire.item_analysis.
"""
import argparse
import ast
import csv
import html
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import bank as question_bank
from . import item_analysis
from . import quiz

NO_OBJECTIVE = ("", "Coding exercises (no objective in the question bank)")


@dataclass
class Question:
    """One graded cell, with its bank item when the bank wrote it (`notebook`: nbgrader's
    name for it, the file name without .ipynb)."""
    cell: str
    notebook: str
    max_score: float
    item: dict | None = None

    @property
    def label(self):
        return self.item["id"] if self.item else self.cell

    @property
    def objective(self):
        return (self.item["lesson"], self.item["objective"].strip()) if self.item else NO_OBJECTIVE


@dataclass
class ClassResults:
    """Scores of one assignment: rows students, columns questions, in points."""
    assignment: str
    students: list
    questions: list
    scores: np.ndarray
    answers: dict = field(default_factory=dict)  # question label -> list of responses (or None)


# ----------------------------------------------------------------------- reading

def bank_item_for(cell_name, items):
    """The bank item a graded cell belongs to: bank-<id>-check (a question's scoring
    cell) or bank-<id> (a reflection); None for an exercise's own test cell."""
    if not cell_name.startswith(question_bank.GENERATED):
        return None
    name = cell_name[len(question_bank.GENERATED):]
    return items.get(name.removesuffix("-check")) or items.get(name)


def cell_scores(gradebook, assignment):
    """[(student id, notebook, cell, score)] of every graded cell of every submission of
    an assignment, in one query (the ORM's lazy loading takes minutes for a large class)."""
    from nbgrader.api import Assignment, BaseCell, Grade, Notebook, SubmittedAssignment, SubmittedNotebook

    return (gradebook.db.query(SubmittedAssignment.student_id, Notebook.name, BaseCell.name, Grade.score)
            .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
            .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
            .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
            .join(BaseCell, Grade.cell_id == BaseCell.id)
            .join(Notebook, BaseCell.notebook_id == Notebook.id)
            .filter(Assignment.name == assignment).all())


def read_gradebook(root, assignment, items):
    """ClassResults of one assignment from nbgrader's gradebook (one row per submission)."""
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(Path(root) / "gradebook.db")) as gradebook:
        found = gradebook.find_assignment(assignment)
        questions = [Question(cell.name, notebook.name, float(cell.max_score), bank_item_for(cell.name, items))
                     for notebook in found.notebooks for cell in notebook.grade_cells if cell.max_score]
        students = sorted(s.student_id for s in found.submissions)
        rows = cell_scores(gradebook, assignment)
    column = {(q.notebook, q.cell): j for j, q in enumerate(questions)}
    row = {student: i for i, student in enumerate(students)}
    scores = np.zeros((len(students), len(questions)))
    for student, notebook, cell, score in rows:
        if (notebook, cell) in column:
            scores[row[student], column[notebook, cell]] = score or 0.0
    return ClassResults(assignment, students, questions, scores)


def plain_answers(notebook):
    """{name: value} for every plain literal a code cell of the notebook (read as JSON)
    assigns at top level, the last assignment winning: the student's code is parsed,
    never run; a value that is not a literal is None."""
    values = {}
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        try:
            tree = ast.parse("".join(source) if isinstance(source, list) else source)
        except (SyntaxError, ValueError):
            continue
        for node in tree.body:
            if isinstance(node, ast.Assign):
                try:
                    value = ast.literal_eval(node.value)
                except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                    value = None
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        values[target.id] = value
    return values


def chosen_options(item, value):
    """The option texts a plain answer chooses (letters as the student saw them), or None
    when the answer is not one the question understands."""
    letters = {quiz.LETTERS[k]: option for k, option in enumerate(item["options"])}
    if item["type"] == "single":
        picked = [value] if isinstance(value, str) else None
    else:
        picked = list(value) if isinstance(value, (set, frozenset, list, tuple)) else None
    if picked is None or not all(isinstance(p, str) and p.strip().lower() in letters for p in picked):
        return None
    return {letters[p.strip().lower()] for p in picked}


def _read_json(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing or not JSON: no readable answer
        return {}


def read_answers(root, results):
    """For each closed question (single, multiple), the options each student chose."""
    closed = [q for q in results.questions if q.item and q.item["type"] in ("single", "multiple")]
    answers = {q.label: [] for q in closed}
    for student in results.students:
        folder = Path(root) / "submitted" / student / results.assignment
        values = {name: plain_answers(_read_json(folder / f"{name}.ipynb")) for name in {q.notebook for q in closed}}
        for question in closed:
            value = values[question.notebook].get(question_bank.variable(question.item))
            answers[question.label].append(chosen_options(question.item, value))
    results.answers = answers
    return results


# --------------------------------------------------------------------- analysing

@dataclass(frozen=True)
class OptionShare:
    question: str
    option: str
    right: bool
    share: float | None  # of all students; None when nobody's answer could be read
    misconception: str


def option_shares(question, responses):
    """Share of the class that chose each option of a closed question (None if no
    student's answer could be read as a plain value)."""
    item = question.item
    right = {item["answer"]} if item["type"] == "single" else set(item["answer"])
    readable = [r for r in responses if r is not None]
    shares = []
    for option in item["options"]:
        share = sum(option in r for r in readable) / len(responses) if readable else None
        shares.append(OptionShare(question.label, option, option in right, share,
                                  item.get("misconceptions", {}).get(option, "")))
    return shares


def objective_means(results):
    """[(lesson, objective, mean fraction of the points, questions)] in bank order."""
    groups = {}
    for j, question in enumerate(results.questions):
        groups.setdefault(question.objective, []).append(j)
    rows = []
    for (lesson, objective), columns in groups.items():
        possible = sum(results.questions[j].max_score for j in columns)
        mean = float(results.scores[:, columns].sum(axis=1).mean() / possible) if len(results.students) else None
        rows.append((lesson, objective, mean, [results.questions[j].label for j in columns]))
    return rows


def repair_list(results, stats, shares):
    """[(question, reason)] for every item worth a look."""
    if stats.needs_more_students:
        return []
    flagged = []
    for question, item_stats in zip(results.questions, stats.items):
        flagged += [(question.label, reason) for reason in item_analysis.repair_reasons(item_stats)]
    for share in shares:
        if share.share == 0:
            flagged.append((share.question, f"an option nobody chose: “{share.option}”"))
    return flagged


def misconceptions_held(shares):
    """Wrong options with a named misconception that someone chose, most common first."""
    held = [s for s in shares if s.misconception and s.share]
    return sorted(held, key=lambda s: -s.share)


# ----------------------------------------------------------------------- writing

def _number(value, digits=2):
    return "—" if value is None else f"{value:.{digits}f}"


def _percent(value):
    return "—" if value is None else f"{100 * value:.0f} %"


def _csv_value(value):
    return "" if value is None else (f"{value:.6g}" if isinstance(value, float) else value)


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([[_csv_value(v) for v in row] for row in rows])


def svg(figure):
    """A matplotlib figure as inline SVG text (no file, no network)."""
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")  # the course style lays it out (constrained)
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _table(header, rows):
    head = "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.45}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}.note{background:#fff4d6;border-left:4px solid #E69F00;padding:.5rem 1rem}
.bar{display:inline-block;height:.8em;background:#0072B2;vertical-align:middle}.right{font-weight:bold}"""


def _summary_html(results, stats):
    students = stats.students
    parts = [f"<p>{students} student{'s' if students != 1 else ''} handed in; {len(results.questions)} graded "
             f"question{'s' if len(results.questions) != 1 else ''}, {sum(q.max_score for q in results.questions):g} points.</p>"]
    if stats.needs_more_students:
        parts.append(f"<p class='note'>The statistics need more students: spread, discrimination and reliability "
                     f"need at least {item_analysis.MIN_STUDENTS} students (this class has {students}).</p>")
    elif students < item_analysis.FEW_STUDENTS:
        parts.append(f"<p class='note'>With fewer than {item_analysis.FEW_STUDENTS} students these numbers change "
                     "a lot with a single student: read them as hints, not verdicts.</p>")
    parts.append(_table(["mean total", "standard deviation", stats.reliability_name],
                        [[_number(stats.mean), _number(stats.sd), _number(stats.reliability)]]))
    return "".join(parts)


def _question_rows(results, stats):
    rows = []
    for question, s in zip(results.questions, stats.items):
        text = html.escape(" ".join(question.item["stem"].split())) if question.item else "(exercise test cell)"
        rows.append([f"<b>{html.escape(question.label)}</b><br>{text}", f"{question.max_score:g}",
                     _number(s.facility), _number(s.sd), _number(s.discrimination),
                     _number(s.discriminative_efficiency), _number(s.upper_lower)])
    return rows


def _options_html(results, shares):
    parts = []
    for question in results.questions:
        mine = [s for s in shares if s.question == question.label]
        if not mine:
            continue
        rows = []
        for s in mine:
            width = 0 if s.share is None else 10 * s.share
            option = f"<span class='right'>✓ {html.escape(s.option)}</span>" if s.right else html.escape(s.option)
            rows.append([option, f"<span class='bar' style='width:{width:.1f}rem'></span> {_percent(s.share)}",
                         html.escape(s.misconception)])
        parts.append(f"<h3>{html.escape(question.label)}</h3>" + _table(["option (✓ right)", "chosen by", "misconception"], rows))
    return "".join(parts)


def page(results, stats, shares, objectives, repairs):
    """The teacher's page for one assignment, as one self-contained HTML document."""
    from . import figures

    title = f"What the class understood · {results.assignment}"
    total = sum(q.max_score for q in results.questions)
    held = misconceptions_held(shares)
    sections = [
        f"<h1>{html.escape(title)}</h1>", _summary_html(results, stats),
        "<h2>Score distribution</h2>",
        f"<figure>{svg(figures.score_distribution_figure(stats.totals, total))}"
        f"<figcaption>Total scores of the {stats.students} students, of {total:g} points.</figcaption></figure>",
        "<h2>Misconceptions to address next session</h2>",
        ("<ul>" + "".join(f"<li>{_percent(s.share)} think {html.escape(s.misconception)} "
                           f"({html.escape(s.question)})</li>" for s in held) + "</ul>")
        if held else "<p>No named misconception was chosen by anyone.</p>",
        "<h2>Questions to repair</h2>",
        _table(["question", "why"], [[html.escape(q), html.escape(r)] for q, r in repairs]) if repairs else
        ("<p>None flagged.</p>" if not stats.needs_more_students else "<p>Not judged: too few students.</p>"),
        "<h2>Objectives</h2>",
        _table(["lesson", "objective", "mean (share of the points)", "questions"],
               [[html.escape(lesson), html.escape(objective), _percent(mean), html.escape(", ".join(labels))]
                for lesson, objective, mean, labels in objectives]),
        "<h2>Questions</h2>",
        "<p>Facility: mean score / maximum. SD: standard deviation of the scores (points). Discrimination: "
        "correlation of the question with the rest of the test. Efficiency: that covariance over the largest "
        "possible. Upper − lower: facility among the top 27 % of students minus the bottom 27 %.</p>",
        _table(["question", "points", "facility", "SD", "discrimination", "efficiency", "upper − lower"],
               _question_rows(results, stats)),
        "<h2>What the class chose</h2>", _options_html(results, shares) or "<p>No closed questions.</p>",
    ]
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>{''.join(sections)}</body></html>\n")


def write_report(results, out):
    """Analyse one assignment and write its page and CSV files into `out`."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    max_scores = [q.max_score for q in results.questions]
    stats = item_analysis.analyse(results.scores, max_scores)
    shares = [s for q in results.questions if q.label in results.answers
              for s in option_shares(q, results.answers[q.label])]
    objectives = objective_means(results)
    repairs = repair_list(results, stats, shares)
    (out / "index.html").write_text(page(results, stats, shares, objectives, repairs), encoding="utf-8")
    write_csv(out / "items.csv", ["question", "notebook", "cell", "lesson", "objective", "max_score", "facility",
                                  "sd", "discrimination", "discriminative_efficiency", "upper_lower", "repair"],
              [[q.label, q.notebook, q.cell, *q.objective, q.max_score, s.facility, s.sd, s.discrimination,
                s.discriminative_efficiency, s.upper_lower, "; ".join(r for label, r in repairs if label == q.label)]
               for q, s in zip(results.questions, stats.items)])
    write_csv(out / "options.csv", ["question", "option", "right", "share", "misconception"],
              [[s.question, s.option, "yes" if s.right else "", s.share, s.misconception] for s in shares])
    write_csv(out / "objectives.csv", ["lesson", "objective", "mean", "questions"],
              [[lesson, objective, mean, " ".join(labels)] for lesson, objective, mean, labels in objectives])
    write_csv(out / "summary.csv", ["assignment", "students", "questions", "max_total", "mean", "sd",
                                    "reliability", "reliability_name"],
              [[results.assignment, stats.students, len(results.questions), float(sum(max_scores)), stats.mean,
                stats.sd, stats.reliability, stats.reliability_name]])
    return stats


def assignments_graded(root):
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(Path(root) / "gradebook.db")) as gradebook:
        return sorted(a.name for a in gradebook.assignments if a.submissions)


def report(root=".", assignments=None, out=None):
    """Write reports/<assignment>/ for each graded assignment; return their folders."""
    root = Path(root).resolve()
    out = Path(out) if out else root / "reports"
    items = {item["id"]: item for item in question_bank.load(root)["items"]}
    folders = []
    for assignment in assignments or assignments_graded(root):
        results = read_answers(root, read_gradebook(root, assignment, items))
        write_report(results, out / assignment)
        folders.append(out / assignment)
    return folders


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m rewire.report", description=__doc__.split("\n\n")[0])
    parser.add_argument("assignments", nargs="*", help="only these assignments (default: every graded one)")
    parser.add_argument("--root", default=".", help="the course folder (with gradebook.db and submitted/)")
    parser.add_argument("--out", default=None, help="where to write (default: ROOT/reports)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not (Path(args.root) / "gradebook.db").exists():
        print("no gradebook.db here: grade first (make grade)")
        return 1
    for folder in report(args.root, args.assignments or None, args.out):
        print(f"written {folder / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
