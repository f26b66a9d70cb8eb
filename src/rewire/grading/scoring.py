"""Steps 2 and 3 of grading, on the trusted side: what each sandbox is asked to run, and
the points decided from what comes back.

A test cell of solutions/ names observations (rewire.grading.observation); the solution is run
once per assignment in a sandbox and its observations are the expected values. A student's
test cell earns its points only when every observation came back and matches; no data, no
points. Quiz answers (cells whose grade_id starts with `bank-`) are scored from the
notebook file alone, with no kernel (`quiz_scores`).
"""
from dataclasses import dataclass

from rewire.grading.observation import parse_test, same
from rewire.grading.staging import is_answer, is_test, meta

QUIZ_PREFIX = "bank-"
BUDGET_FACTOR = 20  # a cell may use this many times the CPU time the solution's cell needed


@dataclass
class Score:
    points: float
    max_points: float
    feedback: str
    flag: str | None = None


@dataclass
class Spec:
    """The tests of one notebook, read from its instructor source."""
    tests: dict  # grade_id -> list of steps (parse_test)
    points: dict  # grade_id -> points of every auto-graded test cell, quiz checks included

    @classmethod
    def from_source(cls, source_nb):
        tests, points = {}, {}
        for cell in source_nb.cells:
            grade_id = meta(cell).get("grade_id", "")
            if cell.cell_type != "code" or not is_test(cell):
                continue
            points[grade_id] = float(meta(cell)["points"])
            if not grade_id.startswith(QUIZ_PREFIX):
                try:
                    tests[grade_id] = parse_test(cell.source)
                except (SyntaxError, ValueError) as error:
                    raise ValueError(f"test cell {grade_id}: {error}") from None
        return cls(tests, points)


def plan(notebook, spec, budgets, floor_s):
    """The steps a sandbox runs for a staged notebook: its code cells in order, each test
    cell replaced by its observations. Quiz answers are scored from the file and not run.
    `budgets` maps a label to the solution's CPU seconds for it."""
    steps = []
    for index, cell in enumerate(notebook.cells):
        grade_id = meta(cell).get("grade_id")
        label = grade_id or f"cell {index + 1}"
        cpu_s = max(floor_s, BUDGET_FACTOR * budgets.get(label, 0.0))
        limits = {"cpu_s": cpu_s, "wall_s": 3 * cpu_s + 5}
        if cell.cell_type != "code" or (is_answer(cell) or is_test(cell)) and grade_id.startswith(QUIZ_PREFIX):
            continue
        if grade_id in spec.tests:
            steps.append({"test": grade_id, "steps": [list(step[:2]) for step in spec.tests[grade_id]], **limits})
        elif not is_test(cell):
            steps.append({"cell": label, "source": cell.source, **limits})
    return steps


def observations(records):
    """{label: record} of one run: the first record reported for each step."""
    seen = {}
    for record in records:
        label = record.get("test", record.get("cell"))
        if isinstance(label, str) and label not in seen:
            seen[label] = record
    return seen


def expected_values(spec, records):
    """The solution's observations, checked complete: {grade_id: [data, ...]}."""
    seen = observations(records)
    expected = {}
    for grade_id, steps in spec.tests.items():
        values = seen.get(grade_id, {}).get("values")
        wanted = sum(step[0] == "observe" for step in steps)
        if not isinstance(values, list) or len(values) != wanted or any(
                isinstance(v, dict) and "unobserved" in v for v in values):
            problems = [v for v in values if isinstance(v, dict) and "unobserved" in v] if isinstance(values, list) else values
            raise RuntimeError(f"the solution's observations of {grade_id} failed: {problems!r:.300}")
        expected[grade_id] = values
    return expected


def test_scores(spec, expected, records):
    """{grade_id: Score} of every observed test cell of one notebook."""
    seen = observations(records)
    scores = {}
    for grade_id, steps in spec.tests.items():
        hows = [step[2] for step in steps if step[0] == "observe"]
        possible = spec.points[grade_id]
        values = seen.get(grade_id, {}).get("values")
        if not isinstance(values, list) or len(values) != len(hows):
            scores[grade_id] = Score(0.0, possible, "No data came back from your notebook for this check: a cell above "
                                     "it failed, ran out of time or ended the program.")
            continue
        matched = sum(same(mine, theirs, how) for mine, theirs, how in zip(values, expected[grade_id], hows))
        earned = possible if matched == len(hows) else 0.0
        scores[grade_id] = Score(earned, possible, f"{matched} of {len(hows)} hidden checks passed.")
    return scores


# ------------------------------------------------------------------------- quiz answers

def quiz_scores(notebook, assignment, root):
    """{grade_id of each quiz check cell: Score} from the answer cells' text alone, scored
    against the question bank of the course at `root` (rewire.bank.score_answers)."""
    from rewire import bank

    return bank.score_answers(notebook, assignment, root)
