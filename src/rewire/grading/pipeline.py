"""`make grade` and `make feedback`: grading as four named steps per assignment.

1. stage: read every submission as data and keep only the student's own answers
   (rewire.grading.staging);
2. execute: run each staged notebook, and the solution once, in a sandbox of its own,
   students in parallel across the cores (rewire.grading.sandbox, .runner);
3. score: compare each student's observations with the solution's, and score quiz answers
   from the file (rewire.grading.scoring);
4. write: the gradebook, autograded/ and feedback/ through nbgrader, grades.csv and the
   integrity report (rewire.grading.records).
"""
import os
import queue
import re
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from rewire.grading import records, sandbox, scoring
from rewire.grading.staging import stage_submission

STARTUP_S = 30  # CPU seconds for the runner to start (Python, IPython, numpy) on a slow machine


@dataclass
class Assignment:
    """What the trusted side knows of one assignment."""
    name: str
    root: Path  # the course folder: its solutions/question_bank.yml scores the quiz answers
    released: dict  # notebook name -> student version
    sources: dict  # notebook name -> instructor version (solutions/)
    specs: dict  # notebook name -> scoring.Spec


@dataclass
class Settings:
    cell_timeout_s: float = 60.0  # the least CPU time any cell gets (more if the solution's cell needs it)
    accounts: tuple = (None,)  # sandbox users, one per parallel worker; (None,) runs unsandboxed
    progress: bool = True


def configure(cell_timeout_s=60.0, unsandboxed=False, workers=None, progress=True):
    """Settings for this machine; raises sandbox.SandboxUnavailable unless unsandboxed."""
    workers = workers or os.cpu_count() or 1
    if unsandboxed:
        return Settings(cell_timeout_s, (None,) * workers, progress)
    sandbox.check_available()
    return Settings(cell_timeout_s, tuple(sandbox.sandbox_accounts(workers)), progress)


# ---------------------------------------------------------------------------- steps

def load_assignment(course, root, name, scratch):
    """Register the assignment in the gradebook (a fresh clone has none) by generating its
    student version into a scratch folder, never into exercises/."""
    course.generate_assignment(name, scratch)
    released = {p.name: nbformat.read(p, as_version=4) for p in sorted((Path(scratch) / name).glob("*.ipynb"))}
    sources = {p.name: nbformat.read(p, as_version=4) for p in sorted((Path(root) / "solutions" / name).glob("*.ipynb"))}
    return Assignment(name, Path(root), released, sources, {n: scoring.Spec.from_source(nb) for n, nb in sources.items()})


def stage(root, assignment, students):
    """Step 1: {student: ({notebook: Staged}, report rows)}."""
    folder = Path(root) / "submitted"
    return {student: stage_submission(folder / student / assignment.name, assignment.released) for student in students}


def _execute_one(notebook, spec, budgets, settings, account, work):
    steps = scoring.plan(notebook, spec, budgets, settings.cell_timeout_s)
    if not steps:
        return sandbox.Run()
    limits = sandbox.Limits(cpu_s=STARTUP_S + sum(s["cpu_s"] for s in steps),
                            wall_s=3 * STARTUP_S + sum(s["wall_s"] for s in steps))
    folder = Path(tempfile.mkdtemp(dir=work))
    nbformat.write(notebook, folder / "notebook.ipynb")
    run = sandbox.run(steps, folder, limits, account)
    run.planned = [step.get("cell", step.get("test")) for step in steps]
    return run


def ended_early(run):
    """(cell, reason) when a run stopped before its last step, else None."""
    if run.ended == "report too large":
        return "-", "reported too much data while running: the run was stopped there and later checks scored 0"
    seen = scoring.observations(run.records)
    missing = [label for label in run.planned if label not in seen]
    if missing:
        return missing[0], ("the notebook's run ended in this cell (the program exited, was killed "
                            "or ran out of time): the checks after it scored 0")
    return None


def execute_solution(assignment, settings, work):
    """Run the solution in a sandbox: {notebook: (expected values, CPU seconds per step)}."""
    solved = {}
    for name, source in assignment.sources.items():
        spec = assignment.specs[name]
        generous = Settings(10 * settings.cell_timeout_s, settings.accounts)
        run = _execute_one(source, spec, {}, generous, settings.accounts[0], work)
        if not run.records:
            raise RuntimeError(f"the solution of {assignment.name}/{name} reported nothing from its sandbox "
                               f"({run.ended}): can the sandbox user read the course's Python environment, {sys.prefix}?")
        seen = scoring.observations(run.records)
        solved[name] = (scoring.expected_values(spec, run.records),
                        {label: float(r.get("cpu_s", 0.0)) for label, r in seen.items()})
    return solved


def execute(assignment, staged, solved, settings, work):
    """Step 2: every student's notebooks, each in its own sandbox, as many at once as there
    are sandbox accounts. Returns {(student, notebook): sandbox.Run}."""
    accounts = queue.Queue()
    for account in settings.accounts:
        accounts.put(account)
    jobs = [(student, name, nb) for student, (notebooks, _) in staged.items() for name, nb in notebooks.items()]

    def run(job):
        student, name, staged_nb = job
        if staged_nb.blank:
            return sandbox.Run(ended="blank")
        account = accounts.get()
        try:
            return _execute_one(staged_nb.notebook, assignment.specs[name], solved[name][1], settings, account, work)
        finally:
            accounts.put(account)

    with ThreadPoolExecutor(len(settings.accounts)) as pool:
        results = pool.map(run, jobs)
        if settings.progress:
            from tqdm import tqdm

            results = tqdm(results, total=len(jobs), desc=f"grading {assignment.name}", unit="submission")
        return {(student, name): result for (student, name, _), result in zip(jobs, results)}


def score(assignment, staged_nb, run, expected):
    """Step 3: ({grade_id: Score}, {label: cell record}) of one notebook."""
    spec = assignment.specs[staged_nb.name]
    scores = scoring.test_scores(spec, expected, run.records)
    scores.update(scoring.quiz_scores(staged_nb.notebook, assignment.name, assignment.root))
    return scores, scoring.observations(run.records)


def write(root, assignment, student, graded):
    """Step 4 for one student: autograded/ notebooks and the gradebook. `graded` maps a
    notebook name to (Staged, scores, statuses)."""
    notebooks = {name: (records.autograded_notebook(staged_nb, scores, statuses), assignment.released[name], scores)
                 for name, (staged_nb, scores, statuses) in graded.items()}
    submitted_at = _timestamp(root, student, assignment.name)
    records.write_autograded(root, assignment.name, student, {n: nb for n, (nb, _, _) in notebooks.items()}, submitted_at)
    records.record_submission(root, assignment.name, student, notebooks, submitted_at)


def _timestamp(root, student, assignment):
    path = Path(root) / "submitted" / student / assignment / "timestamp.txt"
    if not path.exists():
        return None
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(path.read_text()[:100].strip())
    except (ValueError, OverflowError, TypeError):
        return None


# ------------------------------------------------------------------------- pipeline

def find_submissions(root, assignments=None):
    submitted = Path(root) / "submitted"
    students = sorted(p.name for p in submitted.iterdir() if p.is_dir()) if submitted.is_dir() else []
    if assignments is None:
        assignments = sorted({p.name for s in students for p in (submitted / s).iterdir() if p.is_dir()})
    return students, list(assignments)


def grade_assignment(course, root, name, students, settings, work):
    """All four steps for one assignment; returns its integrity report rows."""
    assignment = load_assignment(course, root, name, Path(work) / "release")
    who = [s for s in students if (Path(root) / "submitted" / s / name).is_dir()]
    staged = stage(root, assignment, who)
    solved = execute_solution(assignment, settings, work)
    runs = execute(assignment, staged, solved, settings, work)
    report = []
    for student in who:
        notebooks, rows = staged[student]
        report += [(student, name, *row) for row in rows]
        graded = {}
        for nb_name, staged_nb in notebooks.items():
            run = runs[(student, nb_name)]
            if ended_early(run):
                report.append((student, name, nb_name, *ended_early(run)))
            scores, statuses = score(assignment, staged_nb, run, solved[nb_name][0])
            report += [(student, name, nb_name, grade_id, s.flag) for grade_id, s in scores.items() if s.flag]
            graded[nb_name] = (staged_nb, scores, statuses)
        write(root, assignment, student, graded)
    course.generate_feedback(name)
    return report


def grade(root=".", assignments=None, settings=None):
    """Grade every submission in submitted/ (or of the given assignments); write
    grades.csv, autograded/, feedback/ and the integrity report; return the report rows."""
    root = Path(root).resolve()
    settings = settings or configure()
    students, assignments = find_submissions(root, assignments)
    if not assignments:
        print("nothing to grade: put submissions in submitted/<student>/<assignment>/ (or run make collect)")
        return []
    report, course = [], records.Course(root)
    with tempfile.TemporaryDirectory(prefix="rewire-grading-") as work:
        for name in assignments:
            report += grade_assignment(course, root, name, students, settings, work)
    # Grading some assignments keeps the flags of the others from earlier runs.
    report = [row for row in records.read_report(root) if row[1] not in assignments] + report
    records.write_grades(root, report)
    records.write_report(root, report)
    return report


def refresh(root="."):
    """After answers were graded by hand (nbgrader formgrader): feedback and grades.csv
    again, without running any notebook. The integrity report is kept as it was."""
    root = Path(root).resolve()
    with records.gradebook(root) as book:
        assignments = [a.name for a in book.assignments if a.submissions]
    course = records.Course(root)
    for assignment in assignments:
        course.generate_feedback(assignment)
    records.write_grades(root, records.read_report(root))


def cell_timeout(extra):
    """The least CPU seconds per cell, from `--timeout=S` or nbgrader's `--Execute.timeout=S`."""
    for arg in extra:
        match = re.fullmatch(r"--(?:Execute\.)?timeout=(\d+(?:\.\d+)?)", arg)
        if match:
            return float(match.group(1))
    return 60.0
