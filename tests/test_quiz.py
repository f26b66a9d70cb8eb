"""The question bank and what is made from it: instant feedback that never gives an answer
away, partial credit where the question allows it, and everything in sync with the bank."""
import ast
import contextlib
import io
import json
import re
import shutil

import nbformat
import pytest

from notebooks import LESSONS, REPO
from rewire import bank, quiz

BANK = bank.load(REPO)
ITEMS = [item for item in BANK["items"] if item["type"] != "reflection"]
BY_TYPE = {kind: [item for item in ITEMS if item["type"] == kind] for kind in quiz.TYPES}
QUIZ = "07_therapy_table_quiz"
EXAM_ITEMS = [item for item in ITEMS if bank.release_mode(BANK, item) == quiz.EXAM]


def ids(item):
    return item["id"]


def in_practice_mode(source=BANK):
    """The bank with every assignment released in practice mode (instant feedback)."""
    return {**source, "assignments": {name: {**spec, "mode": quiz.PRACTICE}
                                      for name, spec in source["assignments"].items()}}


@pytest.fixture
def practice(monkeypatch):
    """The package as it would be with every question giving instant feedback, so that
    judging can be tested on every question of the bank, graded or not."""
    packaged = json.loads(bank.self_checks_json(in_practice_mode()))
    monkeypatch.setattr(quiz, "load_self_checks", lambda: packaged)
    return packaged


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """A copy of the course in which `make questions` has just been run."""
    root = tmp_path_factory.mktemp("rebuilt")
    for folder in ("lessons", "solutions"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "src" / "rewire" / "data").mkdir(parents=True)
    bank.build(root)
    return root


def test_the_packaged_questions_are_built_from_the_current_bank(rebuilt):
    packaged = REPO / "src" / "rewire" / "data" / quiz.SELF_CHECKS
    assert (rebuilt / "src" / "rewire" / "data" / quiz.SELF_CHECKS).read_text() == packaged.read_text(), \
        "run `make questions` after editing the bank"


def test_the_answer_key_is_built_from_the_current_bank(rebuilt):
    assert (rebuilt / bank.ANSWER_KEY).read_text() == (REPO / bank.ANSWER_KEY).read_text(), \
        "run `make questions` after editing the bank"


def test_the_question_cells_of_every_assignment_are_built_from_the_current_bank(rebuilt):
    for path in bank.notebooks_to_sync(BANK, REPO):
        fresh = rebuilt / path.relative_to(REPO)
        assert fresh.read_bytes() == path.read_bytes(), f"{path.relative_to(REPO)}: run `make questions`"


def test_the_therapy_table_quiz_has_what_the_course_promises():
    graded = [i for i in BANK["items"] if i.get("assignment") == QUIZ and i["type"] != "reflection"]
    assert len(graded) >= 15
    assert len([i for i in graded if i.get("solution")]) >= 3
    assert {i["type"] for i in graded} == set(quiz.TYPES)
    assert any(i["type"] == "reflection" and i.get("assignment") == QUIZ for i in BANK["items"])


def test_every_therapy_lesson_has_a_reflection_with_a_rubric():
    reflections = [i for i in BANK["items"] if i["type"] == "reflection"]
    assert {i["lesson"][:2] for i in reflections} >= {"04", "05", "06", "07"}
    assert all(len(i["rubric"]) >= 2 for i in reflections)


def test_every_self_check_a_lesson_asks_for_exists_and_every_self_check_is_asked():
    asked = set()
    for lesson in LESSONS:
        asked |= set(re.findall(r"self_check\(\\?[\"']([\w-]+)", lesson.read_text()))
    self_checks = {i["id"] for i in ITEMS if not i.get("assignment")}
    assert asked == self_checks


# ---------------------------------------------------------------- judging and scoring

def right_response(item):
    """The right answer in canonical form (what a widget or as_response gives)."""
    if item["type"] == "multiple":
        return frozenset(item["answer"])
    return float(item["answer"]) if item["type"] == "numeric" else item["answer"]


@pytest.mark.parametrize("item", BY_TYPE["single"], ids=ids)
def test_only_the_right_option_is_judged_right(item, practice):
    verdicts = {option: quiz.is_correct(item["id"], option) for option in item["options"]}
    assert [option for option, right in verdicts.items() if right] == [item["answer"]]


@pytest.mark.parametrize("item", BY_TYPE["multiple"], ids=ids)
def test_a_selection_is_right_only_when_it_is_exactly_the_right_options(item, practice):
    right = frozenset(item["answer"])
    wrong = [o for o in item["options"] if o not in right]
    assert quiz.is_correct(item["id"], right)
    assert not quiz.is_correct(item["id"], right - {item["answer"][0]})
    assert not quiz.is_correct(item["id"], right | {wrong[0]})


@pytest.mark.parametrize("item", BY_TYPE["matching"], ids=ids)
def test_a_matching_is_right_only_when_every_pair_is(item, practice):
    assert quiz.is_correct(item["id"], dict(item["answer"]))
    first = item["prompts"][0]
    other = next(c for c in item["choices"] if c != item["answer"][first])
    right, message = quiz.judge(item["id"], {**item["answer"], first: other})
    assert not right
    assert f"{len(item['prompts']) - 1} of {len(item['prompts'])} pairs are right" in message
    assert item["hints"][first] in message


@pytest.mark.parametrize("item", BY_TYPE["numeric"], ids=ids)
def test_a_number_is_right_within_its_tolerance_and_wrong_outside(item, practice):
    value, tolerance = item["answer"], item["tolerance"]
    for inside in (value, value - 0.9 * tolerance, value + 0.9 * tolerance):
        assert quiz.is_correct(item["id"], inside), inside
    for outside in (value - 2 * tolerance, value + 2 * tolerance):
        right, message = quiz.judge(item["id"], outside)
        assert not right and message == item["hint"]


def test_partial_credit_per_option_and_per_pair(practice):
    selection = BY_TYPE["multiple"][0]
    letters = {o: quiz.LETTERS[i] for i, o in enumerate(selection["options"])}
    right = sorted(letters[o] for o in selection["answer"])
    wrong_letter = next(letters[o] for o in selection["options"] if o not in selection["answer"])
    n = len(right)
    assert quiz.points(selection["id"], set(right), right, 2) == 2
    assert quiz.points(selection["id"], set(right[1:]), right, 2) == pytest.approx(2 * (n - 1) / n)
    assert quiz.points(selection["id"], set(right) | {wrong_letter}, right, 2) == pytest.approx(2 * (n - 1) / n)
    assert quiz.points(selection["id"], {wrong_letter}, right, 2) == 0
    matching = BY_TYPE["matching"][0]
    expected = {p: quiz.LETTERS[matching["choices"].index(c)] for p, c in matching["answer"].items()}
    first = matching["prompts"][0]
    one_wrong = {**expected, first: "a" if expected[first] != "a" else "b"}
    assert quiz.points(matching["id"], one_wrong, expected, 3) == pytest.approx(3 * 4 / 5)


def test_single_choice_and_numeric_answers_are_all_or_nothing(practice):
    single, numeric = BY_TYPE["single"][0], BY_TYPE["numeric"][0]
    right = quiz.LETTERS[single["options"].index(single["answer"])]
    wrong = next(letter for letter in quiz.LETTERS[: len(single["options"])] if letter != right)
    assert quiz.points(single["id"], right.upper() + " ", right, 1) == 1
    assert quiz.points(single["id"], wrong, right, 1) == 0
    expected = (numeric["answer"], numeric["tolerance"])
    assert quiz.points(numeric["id"], numeric["answer"] + numeric["tolerance"] / 2, expected, 1) == 1
    assert quiz.points(numeric["id"], numeric["answer"] + 2 * numeric["tolerance"], expected, 1) == 0


@pytest.mark.parametrize("kind, answer, words", [
    ("single", 2, "one letter"),
    ("single", "z", "should be one of"),
    ("multiple", "ac", "set of letters"),
    ("matching", {"CBT": "a"}, "one letter for each"),
    ("numeric", "5", "give a number"),
    ("numeric", True, "give a number"),
    ("numeric", float("nan"), "give a number"),
])
def test_an_answer_in_the_wrong_form_gets_a_plain_message(kind, answer, words, practice):
    item = practice[BY_TYPE[kind][0]["id"]]
    with pytest.raises(quiz.AnswerFormatError, match=words):
        quiz.check(item["id"], answer)


def test_check_prints_the_feedback_of_a_wrong_choice_and_not_the_answer(practice):
    item = BY_TYPE["single"][0]
    wrong_index = next(i for i, o in enumerate(item["options"]) if o != item["answer"])
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        quiz.check(item["id"], quiz.LETTERS[wrong_index])
    text = " ".join(printed.getvalue().split())
    assert text.startswith("✘ Not yet.")
    assert " ".join(item["feedback"][item["options"][wrong_index]].split()) in text
    assert " ".join(item["feedback"][item["answer"]].split()) not in text


@pytest.mark.parametrize("item", [i for i in BANK["items"] if i.get("solution")], ids=ids)
def test_every_simulation_item_gives_the_answer_the_bank_states(item):
    import ast

    from rewire import therapy

    namespace = {"therapy": therapy, "quiz": quiz}
    statements = ast.parse(item["solution"]).body
    exec(compile(ast.Module(statements[:-1], type_ignores=[]), "solution", "exec"), namespace)  # noqa: S102 - the instructor's own model solution
    computed = eval(compile(ast.Expression(statements[-1].value), "solution", "eval"), namespace)  # noqa: S307
    if item["type"] == "numeric":
        assert abs(computed - item["answer"]) <= item["tolerance"] / 10
    else:
        assert quiz.as_response(item, computed) == right_response(item)


# --------------------------------------------------------------------------- the bank

def _broken(change):
    item = json.loads(json.dumps(BY_TYPE["matching"][0]))
    change(item)
    return item


@pytest.mark.parametrize("change, words", [
    (lambda i: i.pop("hints"), "missing hints"),
    (lambda i: i["hints"].update({"CBT": "The answer is " + i["answer"]["CBT"]}), "gives its answer away"),
    (lambda i: i.update(type="essay"), "type must be one of"),
    (lambda i: i.update(points=0), "points must be a positive number"),
    (lambda i: i.update(lesson="99_nowhere"), "is not a notebook in lessons/"),
])
def test_an_incomplete_question_is_refused_with_its_id_named(change, words):
    item = _broken(change)
    with pytest.raises(bank.BankError, match=words) as error:
        bank.validate(item, REPO, declared=BANK["assignments"])
    assert item["id"] in str(error.value)


# ---------------------------------------------------------------------------- widgets

def test_a_wrong_choice_gets_its_own_feedback_and_does_not_reveal_the_answer():
    item = BY_TYPE["single"][0]
    wrong = next(option for option in item["options"] if option != item["answer"])
    widget = quiz.self_check(item["id"])
    widget.answer.value = wrong
    widget.check.click()
    assert "Not quite" in widget.feedback.value
    assert item["feedback"][wrong].split()[0] in widget.feedback.value
    assert item["answer"] not in widget.feedback.value


def test_the_right_choice_is_confirmed_with_its_explanation():
    item = BY_TYPE["single"][0]
    widget = quiz.self_check(item["id"])
    widget.answer.value = item["answer"]
    widget.check.click()
    assert "Right" in widget.feedback.value


def test_checking_without_an_answer_asks_for_one():
    for item in (BY_TYPE[kind][0] for kind in quiz.TYPES):
        widget = quiz.self_check(item["id"])
        widget.check.click()
        assert "Answer first" in widget.feedback.value, item["type"]


def test_the_multiple_answer_widget_judges_the_ticked_boxes(practice):
    item = BY_TYPE["multiple"][0]
    widget = quiz.self_check(item["id"])
    boxes = widget.answer.children[1:]
    for box, option in zip(boxes, item["options"]):
        box.value = option in item["answer"]
    widget.check.click()
    assert "Right" in widget.feedback.value
    boxes[item["options"].index(item["answer"][0])].value = False
    widget.check.click()
    assert "Not quite" in widget.feedback.value and "1 right one is missing" in widget.feedback.value


def test_the_matching_widget_has_a_labelled_menu_per_prompt(practice):
    item = BY_TYPE["matching"][0]
    widget = quiz.self_check(item["id"])
    menus = widget.answer.children
    assert [menu.description for menu in menus] == item["prompts"]
    for menu in menus:
        menu.value = item["answer"][menu.description]
    widget.check.click()
    assert "Right" in widget.feedback.value


def test_the_numeric_widget_reads_a_typed_number():
    item = BY_TYPE["numeric"][0]
    widget = quiz.self_check(item["id"])
    widget.answer.value = str(item["answer"] + 3 * item["tolerance"])
    widget.check.click()
    assert "Not quite" in widget.feedback.value
    widget.answer.value = str(item["answer"]).replace(".", ",")
    widget.check.click()
    assert "Right" in widget.feedback.value
    assert item["unit"] in widget.answer.description


def test_the_generated_quiz_notebook_asks_for_plain_values_in_its_answer_cells():
    notebook = nbformat.read(REPO / "exercises" / QUIZ / BANK["assignments"][QUIZ]["notebook"], as_version=4)
    answer_cells = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("solution")]
    quiz_items = [i for i in BANK["items"] if i.get("assignment") == QUIZ]
    simulations = [i for i in quiz_items if i.get("solution")]
    assert len(answer_cells) == len(quiz_items) + len(simulations)  # a simulation has a cell for its code
    assert all("YOUR CODE HERE" in c.source or "YOUR ANSWER HERE" in c.source for c in answer_cells)
    questions = {c.metadata["nbgrader"]["grade_id"]: c.source for c in notebook.cells if c.cell_type == "markdown"}
    for item in simulations:
        assert "copy the value it gives into the answer cell" in questions[f"bank-{item['id']}-question"]


# ------------------------------------------------------------------ exam and practice

def released_quiz():
    return nbformat.read(REPO / "exercises" / QUIZ / BANK["assignments"][QUIZ]["notebook"], as_version=4)


def test_graded_assignments_are_released_as_exams_unless_the_bank_says_practice():
    graded = {i["assignment"] for i in ITEMS if i.get("assignment")}
    assert QUIZ in graded
    for assignment in graded:
        assert bank.release_mode(BANK, {"assignment": assignment}) == \
            BANK["assignments"].get(assignment, {}).get("mode", quiz.EXAM)
    assert bank.release_mode({"assignments": {}}, {"assignment": QUIZ}) == quiz.EXAM  # the default
    assert bank.release_mode(BANK, {"id": "x"}) == quiz.SELF_CHECK
    with pytest.raises(bank.BankError, match="mode must be one of"):
        bank.validate_assignment(QUIZ, {**BANK["assignments"][QUIZ], "mode": "quiz"}, REPO)


@pytest.mark.parametrize("item", EXAM_ITEMS, ids=ids)
def test_an_exam_question_ships_only_what_shows_the_question_and_the_form_of_its_answer(item):
    packaged = quiz.load_self_checks()[item["id"]]
    form = {"single": {"options"}, "multiple": {"options"}, "matching": {"prompts", "choices"},
            "numeric": {"unit", "tolerance"}}[item["type"]]
    assert set(packaged) <= {"id", "type", "mode", "lesson", "objective", "stem", "simulation", "points"} | form
    assert packaged["mode"] == quiz.EXAM
    with pytest.raises(ValueError, match="judged only when your notebook is graded"):
        quiz.judge(item["id"], right_response(item))


def test_lesson_self_checks_keep_instant_feedback():
    self_checks = [i for i in ITEMS if not i.get("assignment")]
    assert self_checks
    for item in self_checks:
        assert quiz.load_self_checks()[item["id"]]["mode"] == quiz.SELF_CHECK
        assert quiz.is_correct(item["id"], right_response(item))


def wrong_written_answer(item):
    """A wrong answer as a student writes it (letters, or a number)."""
    right = bank._expected(item)
    letters = quiz.LETTERS[: len(item.get("options") or item["choices"])] if item["type"] != "numeric" else ""
    if item["type"] == "single":
        return next(letter for letter in letters if letter != right)
    if item["type"] == "multiple":
        return {next(letter for letter in letters if letter not in right)}
    if item["type"] == "matching":
        return {prompt: next(letter for letter in letters if letter != right[prompt]) for prompt in item["prompts"]}
    return item["answer"] + 10 * item["tolerance"]


def printed(call, *args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        call(*args)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("item", EXAM_ITEMS, ids=ids)
def test_the_check_cell_of_an_exam_question_confirms_the_form_and_says_the_same_for_right_and_wrong(item):
    right, wrong = bank._expected(item), wrong_written_answer(item)
    if item["type"] == "numeric":
        right = right[0]
    said_right, _ = printed(quiz.record, item["id"], right)
    said_wrong, _ = printed(quiz.record, item["id"], wrong)
    said_right, said_wrong = " ".join(said_right.split()), " ".join(said_wrong.split())
    assert said_right.startswith("Recorded, not judged") and "decided when your notebook is graded" in said_right
    assert said_right.replace(repr(right), "…") == said_wrong.replace(repr(wrong), "…")
    assert printed(quiz.check, item["id"], right) == printed(quiz.record, item["id"], right)  # it only records


def test_the_recorded_form_of_a_matching_names_its_prompts():
    item = next(i for i in EXAM_ITEMS if i["id"] == "quiz-therapy-mechanism")
    said = " ".join(printed(quiz.record, item["id"], bank._expected(item))[0].split())
    assert "a dict with one letter for each of the 5 prompts (CBT, Exposure therapy, EMDR, IFS, Coherence therapy)" in said


def test_an_exam_answer_in_the_wrong_form_is_not_recorded():
    item = next(i for i in EXAM_ITEMS if i["type"] == "matching")
    with pytest.raises(quiz.AnswerFormatError, match="one letter for each"):
        quiz.record(item["id"], {"CBT": "a"})


def test_under_validate_the_confirmation_goes_to_stderr_so_validate_cannot_report_success(monkeypatch):
    item = EXAM_ITEMS[0]
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    out, err = printed(quiz.record, item["id"], bank._expected(item) if item["type"] != "numeric" else 1.0)
    assert out == "" and err.startswith("Recorded")


def test_a_practice_assignment_keeps_instant_feedback(tmp_path):
    for folder in ("lessons", "solutions"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    (tmp_path / "src" / "rewire" / "data").mkdir(parents=True)
    path = tmp_path / bank.BANK
    path.write_text(path.read_text().replace("  07_therapy_table_quiz:\n    mode: exam\n",
                                             "  07_therapy_table_quiz:\n    mode: practice\n"))
    bank.build(tmp_path)
    packaged = json.loads((tmp_path / "src" / "rewire" / "data" / quiz.SELF_CHECKS).read_text())
    assert packaged["quiz-therapy-mechanism"]["mode"] == quiz.PRACTICE
    assert packaged["quiz-therapy-mechanism"]["pair_sha256"]
    assert packaged["synaptic-threshold-speed"]["mode"] == quiz.EXAM  # the other assignments stay exams
    notebook = nbformat.read(tmp_path / "solutions" / QUIZ / BANK["assignments"][QUIZ]["notebook"], as_version=4)
    checks = [c.source for c in notebook.cells if c.metadata["nbgrader"]["grade_id"].endswith("-check")]
    assert checks and all(source.startswith("quiz.check(") for source in checks)
    assert "tells you at once whether your answer is right" in notebook.cells[2].source


def model_answers(released, assignment):
    """The released notebook with every answer cell filled in as in the model solution."""
    solved = nbformat.read(bank.assignment_notebook(BANK, assignment, REPO), as_version=4)
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in solved.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    filled = nbformat.from_dict(released)
    for cell in filled.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers and not grade_id.endswith("-work"):
            cell.source = answers[grade_id].replace("### BEGIN SOLUTION\n", "").replace("\n### END SOLUTION", "")
    return filled


def test_validate_lists_exam_answers_as_recorded_and_never_reports_success(tmp_path):
    """The Validate button's server extension calls Validator.validate; the command line
    prints its verdict. Neither may say "Success" for answers nothing can judge here."""
    import subprocess
    import sys

    from nbgrader.validator import Validator

    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    path = tmp_path / "therapy_table_quiz.ipynb"
    nbformat.write(model_answers(released_quiz(), QUIZ), path)
    results = Validator().validate(str(path))
    graded = [i for i in ITEMS if i.get("assignment") == QUIZ]
    assert len(results["failed"]) == len(graded)
    assert all(failure["raw_error"].startswith("Recorded") for failure in results["failed"])
    command = subprocess.run([sys.executable, "-m", "nbgrader", "validate", str(path)], cwd=tmp_path,
                             capture_output=True, text=True, timeout=300)
    assert "Success" not in command.stdout + command.stderr
    assert "WILL NOT receive full credit" not in command.stdout  # recorded answers are not failures
    assert command.stdout.count("Recorded") == len(graded)


# ------------------------------------------- scoring from the notebook file (trusted side)

def solved_quiz():
    return nbformat.read(bank.assignment_notebook(BANK, QUIZ, REPO), as_version=4)


def with_answer(notebook, item_id, source=None, **changes):
    """The notebook with one answer cell rewritten (its source, type or metadata)."""
    changed = nbformat.from_dict(notebook)
    cell = next(c for c in changed.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"bank-{item_id}")
    if source is not None:
        cell.source = source
    if "cell_type" in changes:
        cell.cell_type = changes.pop("cell_type")
        cell.pop("outputs", None), cell.pop("execution_count", None)
    cell.metadata["nbgrader"].update(changes)
    return changed


def quiz_item(item_id):
    return next(i for i in ITEMS if i["id"] == item_id)


def test_the_model_solution_scores_every_point_and_the_blank_release_none():
    graded = [i for i in ITEMS if i.get("assignment") == QUIZ]
    honest = bank.score_answers(solved_quiz(), QUIZ)
    assert set(honest) == {f"bank-{i['id']}-check" for i in graded}
    assert all(s.points == s.max_points == i.get("points", 1) and s.flag is None
               for s, i in zip(honest.values(), graded))
    assert all(s.feedback.startswith("✔ Right") for s in honest.values())
    blank = bank.score_answers(released_quiz(), QUIZ)
    assert all(s.points == 0 and s.flag is None and s.feedback == "No answer was given." for s in blank.values())


def test_the_exercises_concept_questions_are_scored_from_their_notebooks_too():
    for assignment in ("01_synaptic", "02_structural", "03_functional"):
        notebook = nbformat.read(bank.assignment_notebook(BANK, assignment, REPO), as_version=4)
        scores = bank.score_answers(notebook, assignment)
        assert scores and all(s.points == s.max_points and s.flag is None for s in scores.values())
    assert bank.score_answers(solved_quiz(), "04_extinction") == {}  # reflections only: read by hand


def test_a_wrong_answer_scores_zero_and_gets_the_feedback_of_what_was_chosen_not_the_answer():
    item = next(i for i in EXAM_ITEMS if i["type"] == "single" and i.get("assignment") == QUIZ)
    wrong = wrong_written_answer(item)
    chosen = item["options"][quiz.LETTERS.index(wrong)]
    score = bank.score_answers(with_answer(solved_quiz(), item["id"], f"{bank.variable(item)} = {wrong!r}"), QUIZ)[
        f"bank-{item['id']}-check"]
    assert score.points == 0 and score.flag is None and score.feedback.startswith("✘ Not right")
    assert " ".join(item["feedback"][chosen].split()) in score.feedback
    assert " ".join(item["feedback"][item["answer"]].split()) not in score.feedback


def test_partial_credit_from_the_file_per_pair_and_per_option():
    matching = quiz_item("quiz-therapy-plasticity")
    one_wrong = {**bank._expected(matching), "IFS": "a"}
    scores = bank.score_answers(with_answer(solved_quiz(), matching["id"], f"answer_quiz_therapy_plasticity = {one_wrong!r}"), QUIZ)
    score = scores["bank-quiz-therapy-plasticity-check"]
    assert score.points == pytest.approx(3 * 4 / 5) and score.feedback.startswith("◐ Partly right")
    assert "4 of 5 pairs are right" in score.feedback and matching["hints"]["IFS"] in score.feedback
    selection = quiz_item("quiz-intact-trace")
    right = bank._expected(selection)
    extra = next(letter for letter in "abcde" if letter not in right)
    for answer, earned in [(set(right[1:]), 2 * 2 / 3), (set(right) | {extra}, 2 * 2 / 3), ({extra}, 0), (right, 2)]:
        notebook = with_answer(solved_quiz(), selection["id"], f"answer_quiz_intact_trace = {sorted(answer)!r}")
        assert bank.score_answers(notebook, QUIZ)["bank-quiz-intact-trace-check"].points == pytest.approx(earned)


def test_a_number_counts_within_its_tolerance_and_a_number_in_the_wrong_form_scores_nothing():
    item = quiz_item("quiz-window-hours")
    key = "bank-quiz-window-hours-check"
    for source, earned in [("answer_quiz_window_hours = 5.9", 1), ("answer_quiz_window_hours = 4", 1),
                           ("answer_quiz_window_hours = 7", 0), ("answer_quiz_window_hours = '5'", 0),
                           ("answer_quiz_window_hours = True", 0), ("answer_quiz_window_hours = 1e999", 0),
                           ("answer_quiz_window_hours = 10 ** 4000", 0)]:
        score = bank.score_answers(with_answer(solved_quiz(), item["id"], source), QUIZ)[key]
        assert score.points == earned, source
    wrong_form = bank.score_answers(with_answer(solved_quiz(), item["id"], "answer_quiz_window_hours = '5 h'"), QUIZ)[key]
    assert wrong_form.flag is None and "give a number" in wrong_form.feedback


def test_an_honest_answer_beside_the_blank_placeholder_a_comment_or_a_display_counts_unflagged():
    source = ('# the table hedges twice\nanswer_quiz_ifs_hedges = "{}"  # my answer\n'
              'answer_quiz_ifs_hedges\nraise NotImplementedError()').format(bank._expected(quiz_item("quiz-ifs-hedges")))
    score = bank.score_answers(with_answer(solved_quiz(), "quiz-ifs-hedges", source), QUIZ)["bank-quiz-ifs-hedges-check"]
    assert score.points == 1 and score.flag is None


HOSTILE_ANSWER_CELLS = {
    "a call": ("answer_quiz_ifs_hedges = chr(98)", "not a plain value"),
    "a name": ("right = 'b'\nanswer_quiz_ifs_hedges = right", "not a plain value"),
    "an f-string": ("answer_quiz_ifs_hedges = f\"{'b'}\"", "not a plain value"),
    "an operator": ("answer_quiz_ifs_hedges = 'b' + ''", "not a plain value"),
    "code nested in a literal": ("answer_quiz_ifs_hedges = ['b' if True else 'a'][0]", "not a plain value"),
    "a str subclass": ("class Letter(str):\n    __eq__ = lambda self, other: True\n"
                       "answer_quiz_ifs_hedges = Letter('b')", "not a plain value"),
    "an augmented assignment": ("answer_quiz_ifs_hedges = ''\nanswer_quiz_ifs_hedges += 'b'", "not a plain value"),
    "an unpacking": ("answer_quiz_ifs_hedges, other = 'b', 1", "not a plain value"),
    "a walrus": ("(answer_quiz_ifs_hedges := 'b')", "not a plain value"),
    "a loop": ("for answer_quiz_ifs_hedges in 'ab':\n    pass", "not a plain value"),
    "a plain value overwritten by code": ("answer_quiz_ifs_hedges = 'b'\nanswer_quiz_ifs_hedges = input()",
                                          "not a plain value"),
    "a huge integer": ("answer_quiz_ifs_hedges = " + "9" * 5000, "does not parse"),
    "a huge string": ("answer_quiz_ifs_hedges = '" + "b" * 20_000 + "'", "longer than"),
    "deep nesting": ("answer_quiz_ifs_hedges = " + "[" * 300 + "]" * 300, "does not parse"),
    "a syntax error": ("answer_quiz_ifs_hedges = 'b", "does not parse"),
    "a null byte": ("answer_quiz_ifs_hedges = 'b'\0", "does not parse"),
}


@pytest.mark.parametrize("source, reason", HOSTILE_ANSWER_CELLS.values(), ids=HOSTILE_ANSWER_CELLS.keys())
def test_an_answer_that_is_not_a_plain_value_scores_zero_and_is_flagged(source, reason):
    score = bank.score_answers(with_answer(solved_quiz(), "quiz-ifs-hedges", source), QUIZ)["bank-quiz-ifs-hedges-check"]
    assert score.points == 0 and score.max_points == 1
    assert score.flag and reason in score.flag


def test_code_beside_a_plain_answer_is_never_run_and_is_flagged():
    source = "import os\nos.remove('gradebook.db')\nanswer_quiz_ifs_hedges = 'b'"
    score = bank.score_answers(with_answer(solved_quiz(), "quiz-ifs-hedges", source), QUIZ)["bank-quiz-ifs-hedges-check"]
    assert score.points == 1 and "code was not run" in score.flag


@pytest.mark.parametrize("changes, reason", [
    ({"cell_type": "markdown"}, "turned into a markdown cell"),
    ({"cell_type": "raw"}, "turned into a raw cell"),
    ({"grade_id": "bank-quiz-ifs-hedges-mine"}, "grade_id or grading metadata was changed"),
    ({"grade": True, "points": 5}, "grading metadata was changed"),
    ({"solution": False}, "grading metadata was changed"),
], ids=["markdown", "raw", "grade_id", "graded", "not-a-solution"])
def test_an_answer_cell_whose_type_or_grading_metadata_changed_is_not_graded_and_is_flagged(changes, reason):
    notebook = with_answer(solved_quiz(), "quiz-ifs-hedges", **changes)
    score = bank.score_answers(notebook, QUIZ)["bank-quiz-ifs-hedges-check"]
    assert score.points == 0 and reason in score.flag


def test_an_answer_cell_pasted_twice_with_different_answers_is_graded_once_and_flagged():
    notebook = solved_quiz()
    index = next(i for i, c in enumerate(notebook.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "bank-quiz-ifs-hedges")
    copy = nbformat.from_dict(notebook.cells[index])
    copy.source = "answer_quiz_ifs_hedges = 'a'"
    notebook.cells.insert(index + 1, copy)
    score = bank.score_answers(notebook, QUIZ)["bank-quiz-ifs-hedges-check"]
    assert score.points == 1 and "appears 2 times" in score.flag


def test_scores_are_frozen_values():
    score = bank.score_answers(solved_quiz(), QUIZ)["bank-quiz-ifs-hedges-check"]
    with pytest.raises(AttributeError):
        score.points = 99


# ------------------------------------------------------- self-checks that behave (issue 12)

def test_the_feedback_clears_as_soon_as_the_answer_changes(practice):
    single, selection, matching, number = (BY_TYPE[kind][0] for kind in quiz.TYPES)
    widget = quiz.self_check(single["id"])
    widget.answer.value = single["answer"]
    widget.check.click()
    assert "Right" in widget.feedback.value
    widget.answer.value = next(o for o in single["options"] if o != single["answer"])
    assert widget.feedback.value == ""  # no "Right" beside an option chosen but not checked
    for item, change in [(selection, lambda w: setattr(w.answer.children[1], "value", True)),
                         (matching, lambda w: setattr(w.answer.children[0], "value", item["choices"][0])),
                         (number, lambda w: setattr(w.answer, "value", "1"))]:
        widget = quiz.self_check(item["id"])
        widget.check.click()
        assert widget.feedback.value
        change(widget)
        assert widget.feedback.value == "", item["type"]


@pytest.mark.parametrize("typed", ["6 h", "six", "6h", "about 6", "inf", "nan"])
def test_a_number_written_with_a_unit_or_in_words_gets_asked_for_just_the_number(typed):
    item = next(i for i in ITEMS if i["type"] == "numeric" and not i.get("assignment"))
    widget = quiz.self_check(item["id"])
    widget.answer.value = typed
    widget.check.click()
    assert f"Write just the number, in {item['unit']}" in widget.feedback.value
    assert "Answer first" not in widget.feedback.value


def test_a_blank_or_spaced_number_is_read_as_before():
    assert quiz.typed_number("  ", "hours") is None
    assert quiz.typed_number(" 6,5 ", "hours") == 6.5


def _python(source):
    """A cell's Python, its IPython magics blanked."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _imported(tree):
    return {alias.asname or alias.name.split(".")[0] for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_lesson_cell_imports_the_modules_it_uses_so_it_runs_before_the_first_cell(lesson):
    cells = [c for c in nbformat.read(lesson, as_version=4).cells if c.cell_type == "code"]
    trees = [ast.parse(_python(c.source)) for c in cells]
    importable = set().union(*(_imported(tree) for tree in trees))
    for cell, tree in zip(cells, trees):
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        missing = (used & importable) - _imported(tree)
        assert not missing, f"a cell uses {sorted(missing)} without importing it: {cell.source[:60]!r}"


def test_a_self_check_cell_and_an_app_cell_run_alone_in_a_fresh_kernel(tmp_path):
    from notebooks import error_outputs, execute

    cells = [c for c in nbformat.read(LESSONS[5], as_version=4).cells if c.cell_type == "code"]
    chosen = [next(c for c in cells if "self_check(" in c.source), next(c for c in cells if "apps." in c.source)]
    for number, cell in enumerate(chosen):
        alone = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell.source)])
        path = tmp_path / f"alone_{number}.ipynb"
        nbformat.write(alone, path)
        assert error_outputs(execute(path)) == [], cell.source
