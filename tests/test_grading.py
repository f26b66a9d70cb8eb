"""The grading round trip, run for real in a temporary copy of the course: student
versions are generated from solutions/, submissions are graded by `make grade` (sandboxed
runs, scores decided outside them, nbgrader's gradebook and feedback), and the test-cell
format that makes it possible."""
import html
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbgrader.api import Gradebook

from notebooks import ASSIGNMENTS, REPO
from rewire.grading import nbgrader, sandbox
from rewire.grading.observation import Unobservable, decode, encode, parse_test, same
from rewire.grading.scoring import Spec

HIDDEN_TESTS = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)


def submit(course, student, assignment, notebooks):
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True)
    for name, notebook in notebooks.items():
        nbformat.write(notebook, folder / name)


def solution_notebooks(assignment):
    return {p.name: nbformat.read(p, as_version=4) for p in (REPO / "solutions" / assignment).glob("*.ipynb")}


def hidden_test_lines(assignment):
    lines = []
    for notebook in solution_notebooks(assignment).values():
        for cell in notebook.cells:
            for block in HIDDEN_TESTS.findall(cell.source):
                lines += [line.strip() for line in block.splitlines() if len(line.strip()) > 12]
    return lines


# For each assignment, a plausible mistake (text replaced in the model solution's answer
# cells) that passes the visible checks but not the hidden ones.
PLAUSIBLE_MISTAKES = {
    "02_structural": [('conditions["adult"]', 'conditions["young adult"]')],  # compared with the wrong age
    "03_functional": [("(1, 1, 0, 1, 1)", "(1, 0, 1, 1, 1)")],  # silenced D2 instead of D3
    "01_synaptic": [("16.8", "12.0"), ("33.7", "45.0")],  # misremembered Bi & Poo time constants
    "04_extinction": [("30 * 24", "7 * 24")],  # tested spontaneous recovery a week, not a month, after extinction
    "05_reconsolidation": [('retrieve(context="A", outcome=outcome)', 'retrieve(context="A")')],  # every reminder surprises: outcome ignored
    "06_puzzles": [("hours=3 * 24", "hours=7 * 24")],  # weekly sessions, as in the lesson, instead of every 3 days
    # read the hedges wrongly: IFS "by design", coherence therapy "when unburdening succeeds"
    "07_therapy_table_quiz": [("'IFS': 'd', 'Coherence therapy': 'a'", "'IFS': 'a', 'Coherence therapy': 'd'")],
}


def with_plausible_mistake(notebook, assignment):
    wrong = nbformat.from_dict(notebook)
    for cell in wrong.cells:
        if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code":
            for right, mistaken in PLAUSIBLE_MISTAKES[assignment]:
                cell.source = cell.source.replace(right, mistaken)
    return wrong


def with_harmless_warning(notebook):
    """A right submission whose code prints a DeprecationWarning to stderr in every cell,
    as an outdated library would."""
    noisy = nbformat.from_dict(notebook)
    noisy.cells.insert(0, nbformat.v4.new_code_cell(
        "import warnings\n"
        "warnings.simplefilter('always')\n"
        "get_ipython().events.register('post_run_cell', lambda result: warnings.warn('old API', DeprecationWarning))"
    ))
    return noisy


def without_test_cells(notebook):
    """The submission of a student who deleted every test cell, hoping to dodge the tests."""
    tampered = nbformat.from_dict(notebook)
    tampered.cells = [c for c in tampered.cells if not c.metadata.get("nbgrader", {}).get("grade") or c.metadata["nbgrader"].get("solution")]
    return tampered


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(page):
    parser = _Text()
    parser.feed(page)
    return html.unescape("".join(parser.parts))


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded_course(request, tmp_path_factory):
    """A copy of the course, its student versions generated, three students graded."""
    assignment = request.param
    course = tmp_path_factory.mktemp("course")
    shutil.copy(REPO / "nbgrader_config.py", course)
    shutil.copytree(REPO / "solutions", course / "solutions")
    nbgrader(course, "generate_assignment", assignment, "--force")
    released = {p.name: nbformat.read(p, as_version=4) for p in (course / "exercises" / assignment).glob("*.ipynb")}
    solved = solution_notebooks(assignment)
    submit(course, "untouched", assignment, released)
    submit(course, "model", assignment, solved)
    submit(course, "plausible", assignment, {name: with_plausible_mistake(nb, assignment) for name, nb in solved.items()})
    submit(course, "tamperer", assignment, {name: without_test_cells(with_plausible_mistake(nb, assignment)) for name, nb in solved.items()})
    submit(course, "noisy", assignment, {name: with_harmless_warning(nb) for name, nb in solved.items()})
    make_grade(course)
    return course, assignment


def make_grade(course, *options):
    result = subprocess.run([sys.executable, "-m", "rewire.grading", "grade", *options], cwd=course,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def score(course, assignment, student):
    with Gradebook("sqlite:///" + str(course / "gradebook.db")) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return submission.score, submission.max_score


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_student_versions_equal_a_fresh_generate_assignment_byte_for_byte(assignment, tmp_path):
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    shutil.copytree(REPO / "solutions", tmp_path / "solutions")
    nbgrader(tmp_path, "generate_assignment", assignment, "--force")
    fresh = sorted(p.relative_to(tmp_path / "exercises") for p in (tmp_path / "exercises" / assignment).rglob("*") if p.is_file())
    committed = sorted(p.relative_to(REPO / "exercises") for p in (REPO / "exercises" / assignment).rglob("*") if p.is_file())
    assert fresh == committed
    for path in fresh:
        assert (tmp_path / "exercises" / path).read_bytes() == (REPO / "exercises" / path).read_bytes(), path


def points_graded_by_hand(assignment):
    """The points of the answers a teacher reads (reflections): nbgrader leaves them unscored."""
    return sum(cell.metadata["nbgrader"]["points"] for notebook in solution_notebooks(assignment).values()
               for cell in notebook.cells
               if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("grade"))


def test_the_model_solution_submitted_as_a_student_scores_every_automatic_point(graded_course):
    course, assignment = graded_course
    earned, possible = score(course, assignment, "model")
    assert possible > 0 and earned == possible - points_graded_by_hand(assignment)


def test_the_unmodified_student_version_scores_zero(graded_course):
    course, assignment = graded_course
    assert score(course, assignment, "untouched")[0] == 0


def test_every_assignment_has_a_plausible_mistake_to_grade():
    assert set(PLAUSIBLE_MISTAKES) == set(ASSIGNMENTS)


def test_a_submission_that_only_passes_the_visible_checks_loses_marks(graded_course):
    course, assignment = graded_course
    earned, possible = score(course, assignment, "plausible")
    assert 0 < earned < possible


def test_known_harmless_warnings_on_stderr_do_not_cost_marks(graded_course):
    course, assignment = graded_course
    assert score(course, assignment, "noisy") == score(course, assignment, "model")


def test_deleted_test_cells_are_restored_and_graded(graded_course):
    course, assignment = graded_course
    assert score(course, assignment, "tamperer") == score(course, assignment, "plausible")


@pytest.mark.parametrize("student", ["untouched", "model", "plausible", "tamperer"])
def test_feedback_shows_no_hidden_test_text(graded_course, student):
    course, assignment = graded_course
    pages = list((course / "feedback" / student / assignment).glob("*.html"))
    assert pages, "no feedback was generated"
    hidden = hidden_test_lines(assignment)
    assert hidden, "the assignment has no hidden tests"
    for page in pages:
        text = visible_text(page.read_text())
        assert "BEGIN HIDDEN TESTS" not in text
        leaked = [line for line in hidden if line in text]
        assert not leaked, f"{page.name} shows hidden test lines: {leaked[:3]}"


def test_a_reflection_graded_by_hand_counts_and_survives_regrading(tmp_path):
    """The teacher's path for reflections: make grade, a score given by hand (as the
    formgrader does), make feedback; a later make grade keeps the score."""
    import csv

    assignment = "07_therapy_table_quiz"
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    shutil.copytree(REPO / "solutions", tmp_path / "solutions")
    submit(tmp_path, "model", assignment, solution_notebooks(assignment))

    def run(*command):
        result = subprocess.run([sys.executable, "-m", "rewire.grading", *command], cwd=tmp_path,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr

    def grades():
        with open(tmp_path / "grades.csv", newline="") as handle:
            return next(row for row in csv.DictReader(handle) if row["student_id"] == "model")

    by_hand = points_graded_by_hand(assignment)
    run("grade")
    automatic = float(grades()["score"])
    assert automatic == float(grades()["max_score"]) - by_hand
    with Gradebook("sqlite:///" + str(tmp_path / "gradebook.db")) as gradebook:
        submission = gradebook.find_submission(assignment, "model")
        manual = [grade for notebook in submission.notebooks for grade in notebook.grades if grade.needs_manual_grade]
        assert [grade.name for grade in manual] == ["bank-reflection-therapy-choice"]
        manual[0].manual_score = 2
        gradebook.db.commit()
    run("feedback")
    assert float(grades()["score"]) == automatic + 2
    page = visible_text(next((tmp_path / "feedback" / "model" / assignment).glob("*.html")).read_text())
    assert "Reflection" in page
    run("grade")
    assert float(grades()["score"]) == automatic + 2


def test_grading_one_assignment_keeps_the_integrity_flags_of_the_others(tmp_path):
    from rewire.grading import grade, read_report, write_report

    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    shutil.copytree(REPO / "solutions", tmp_path / "solutions")
    released = {p.name: nbformat.read(p, as_version=4) for p in (REPO / "exercises" / "03_functional").glob("*.ipynb")}
    submit(tmp_path, "ada", "03_functional", released)
    earlier = ("eve", "01_synaptic", "synaptic_exercises.ipynb", "-", "notebook missing; scored 0")
    write_report(tmp_path, [earlier])
    grade(tmp_path, ["03_functional"])
    assert earlier in read_report(tmp_path)


def test_the_student_release_holds_no_hidden_test_line(graded_course):
    course, assignment = graded_course
    released = "".join(p.read_text() for p in (REPO / "exercises" / assignment).glob("*.ipynb"))
    assert "BEGIN HIDDEN TESTS" not in released
    assert not [line for line in hidden_test_lines(assignment) if line in released]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_test_cell_of_the_solutions_names_what_to_observe(assignment):
    for notebook in solution_notebooks(assignment).values():
        spec = Spec.from_source(notebook)
        assert set(spec.points) >= set(spec.tests)
        assert all(any(step[0] == "observe" for step in steps) for steps in spec.tests.values())
        for cell in notebook.cells:
            if not cell.metadata.get("nbgrader", {}).get("grade_id", "").startswith("bank-"):
                hidden = "".join(HIDDEN_TESTS.findall(cell.source))
                assert "assert" not in hidden, "hidden tests observe; they never assert an expected value"


def test_a_test_cell_without_observations_is_refused():
    with pytest.raises(ValueError, match="observe"):
        parse_test("assert x == 1\n### BEGIN HIDDEN TESTS\nassert x == 2\n### END HIDDEN TESTS\n")


def test_a_hidden_block_is_parsed_into_set_up_and_observations():
    steps = parse_test("### BEGIN HIDDEN TESTS\nfrom rewire.grading import observe\np = [1.0]\n"
                       "observe(f(p), rtol=1e-6)\nobserve(g)\n### END HIDDEN TESTS\n")
    assert steps == [("setup", "p = [1.0]"), ("observe", "f(p)", {"rtol": 1e-6}), ("observe", "g", {})]


@pytest.mark.parametrize("student, solution, how, matches", [
    (1, 1, {}, True),
    (True, 1, {}, False),  # a bool is not a number
    (1.0, 1, {}, False),  # types count unless a tolerance is given
    (1.0, 1, {"atol": 0.0}, True),
    ((1, 2), [1, 2], {}, False),
    ({"b": 2, "a": 1}, {"a": 1, "b": 2}, {}, True),
    (np.array([1.0, 2.0 + 1e-9]), [1.0, 2.0], {"rtol": 1e-6}, True),
    (np.array([1.0, 2.1]), [1.0, 2.0], {"rtol": 1e-6}, False),
    (np.array([1.0]), [1.0, 2.0], {"rtol": 1e-6}, False),
    (np.float64(0.5), 0.5, {"rtol": 0, "atol": 1e-9}, True),
    ({"x": [1.0, {"y": 2.0}]}, {"x": [1.0, {"y": 2.0 + 1e-12}]}, {"atol": 1e-9}, True),
    ({"x": 1.0}, {"x": 1.0, "z": 0.0}, {"atol": 1e-9}, False),
    ([3, 1, 2], {1, 2, 3}, {"unordered": True}, True),
    (np.array([-0.1, 0.0, 2.0]), [-5.0, 0.0, 1.0], {"sign": True}, True),
    ({"a"}, {"a", "b"}, {}, False),
    (np.str_("a"), "a", {}, False),  # a numpy string is not the text the solution holds
    (float("nan"), 1.0, {"atol": 1.0}, False),
])
def test_observations_are_compared_as_plain_data(student, solution, how, matches):
    assert same(encode(student), encode(solution), how) is matches


@pytest.mark.parametrize("value", [object(), type("Letter", (str,), {})("a"), lambda: 1, np.zeros(300_000),
                                   "x" * 2_000_000, 2**70])
def test_only_plain_values_can_be_observed(value):
    with pytest.raises(Unobservable):
        encode(value)


def test_malformed_data_never_match_and_decode_refuses_them():
    good = encode({"a": [1, 2.5]})
    for forged in [{"ndarray": "x"}, {"list": 3}, {"int": "1"}, {"dict": [[1]]}, {"unobserved": "x"}, [], "x"]:
        assert not same(forged, good, {}) and not same(forged, good, {"atol": 1.0})
    assert decode(good) == {"a": [1, 2.5]}
    with pytest.raises(ValueError):
        decode({"int": "1"})


@pytest.mark.parametrize("course_under", ["/tmp/course", "/home/teacher/course", "/srv/rewire"])
def test_no_mount_of_the_sandbox_is_hidden_by_a_later_one(course_under, monkeypatch):
    # bwrap mounts in order, and a mount hides what was mounted below its path before it: a
    # course (and its environment) under /tmp vanished under the sandbox's private /tmp.
    monkeypatch.setattr(sandbox, "_read_only_environment", lambda: [Path(course_under) / ".venv", Path(course_under) / "src/rewire"])
    command = sandbox.bwrap_command(Path(__file__).parent, (65534, 65534), sandbox.Limits(cpu_s=1, wall_s=1))
    mounts = [command[i + 2] if command[i] in ("--ro-bind", "--bind") else command[i + 1]
              for i in range(len(command) - 2) if command[i] in ("--ro-bind", "--bind", "--tmpfs", "--proc", "--dev")]
    for earlier, mount in enumerate(mounts):
        hiding = [later for later in mounts[earlier + 1:] if Path(mount).is_relative_to(later) and later != mount]
        assert not hiding, f"{mount} is hidden by the later mount of {hiding}"


def test_quiz_answers_are_scored_by_the_question_bank_of_the_course_being_graded(tmp_path):
    # A course graded elsewhere than the package (the seminar's copy, an installed rewire)
    # is scored by its own solutions/question_bank.yml: here one answer in it differs.
    import yaml

    assignment = "07_therapy_table_quiz"
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    shutil.copytree(REPO / "solutions", tmp_path / "solutions")
    bank_file = tmp_path / "solutions" / "question_bank.yml"
    bank = yaml.safe_load(bank_file.read_text())
    changed = next(item for item in bank["items"] if item.get("assignment") == assignment and item["type"] == "single")
    changed["answer"] = next(option for option in changed["options"] if option != changed["answer"])
    changed.get("misconceptions", {}).pop(changed["answer"], None)  # the bank names misconceptions of wrong options only
    bank_file.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False))
    submit(tmp_path, "model", assignment, solution_notebooks(assignment))
    make_grade(tmp_path, assignment)
    from rewire.bank import check_id

    with Gradebook("sqlite:///" + str(tmp_path / "gradebook.db")) as gradebook:
        notebook = gradebook.find_submission(assignment, "model").notebooks[0]
        earned = {grade.name: grade.score for grade in notebook.grades if grade.name.startswith("bank-") and grade.auto_score is not None}
    assert earned.pop(check_id(changed)) == 0
    assert earned and all(points > 0 for points in earned.values())


def test_nbgrader_autograde_refuses_before_running_a_students_code(tmp_path):
    # The formgrader's Autograde button runs `nbgrader autograde` with the teacher's rights.
    assignment = "01_synaptic"
    marker = tmp_path / "student code ran"
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    shutil.copytree(REPO / "solutions", tmp_path / "solutions")
    nbgrader(tmp_path, "generate_assignment", assignment, "--force")
    hostile = {name: nbformat.from_dict(nb) for name, nb in solution_notebooks(assignment).items()}
    for notebook in hostile.values():
        notebook.cells.insert(0, nbformat.v4.new_code_cell(f"open({str(marker)!r}, 'w').write('as the teacher')"))
    submit(tmp_path, "mallory", assignment, hostile)
    result = nbgrader(tmp_path, "autograde", assignment, "--force", check=False)
    assert not marker.exists()
    assert "make grade" in result.stdout + result.stderr
