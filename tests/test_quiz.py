"""The question bank and what is made from it: instant feedback that never gives an answer
away, partial credit where the question allows it, and everything in sync with the bank."""
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


def ids(item):
    return item["id"]


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
def test_only_the_right_option_is_judged_right(item):
    verdicts = {option: quiz.is_correct(item["id"], option) for option in item["options"]}
    assert [option for option, right in verdicts.items() if right] == [item["answer"]]


@pytest.mark.parametrize("item", BY_TYPE["multiple"], ids=ids)
def test_a_selection_is_right_only_when_it_is_exactly_the_right_options(item):
    right = frozenset(item["answer"])
    wrong = [o for o in item["options"] if o not in right]
    assert quiz.is_correct(item["id"], right)
    assert not quiz.is_correct(item["id"], right - {item["answer"][0]})
    assert not quiz.is_correct(item["id"], right | {wrong[0]})


@pytest.mark.parametrize("item", BY_TYPE["matching"], ids=ids)
def test_a_matching_is_right_only_when_every_pair_is(item):
    assert quiz.is_correct(item["id"], dict(item["answer"]))
    first = item["prompts"][0]
    other = next(c for c in item["choices"] if c != item["answer"][first])
    right, message = quiz.judge(item["id"], {**item["answer"], first: other})
    assert not right
    assert f"{len(item['prompts']) - 1} of {len(item['prompts'])} pairs are right" in message
    assert item["hints"][first] in message


@pytest.mark.parametrize("item", BY_TYPE["numeric"], ids=ids)
def test_a_number_is_right_within_its_tolerance_and_wrong_outside(item):
    value, tolerance = item["answer"], item["tolerance"]
    for inside in (value, value - 0.9 * tolerance, value + 0.9 * tolerance):
        assert quiz.is_correct(item["id"], inside), inside
    for outside in (value - 2 * tolerance, value + 2 * tolerance):
        right, message = quiz.judge(item["id"], outside)
        assert not right and message == item["hint"]


def test_partial_credit_per_option_and_per_pair():
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


def test_single_choice_and_numeric_answers_are_all_or_nothing():
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
def test_an_answer_in_the_wrong_form_gets_a_plain_message(kind, answer, words):
    item = quiz.load_self_checks()[BY_TYPE[kind][0]["id"]]
    with pytest.raises(quiz.AnswerFormatError, match=words):
        quiz.check(item["id"], answer)


def test_check_prints_the_feedback_of_a_wrong_choice_and_not_the_answer():
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
    from rewire import therapy

    namespace = {"therapy": therapy, "quiz": quiz}
    exec(item["solution"], namespace)  # noqa: S102 - the instructor's own model solution
    computed = namespace[bank.variable(item)]
    if item["type"] == "numeric":
        assert abs(computed - item["answer"]) <= item["tolerance"] / 10
    else:
        assert quiz.as_response(quiz.load_self_checks()[item["id"]], computed) == right_response(item)


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


def test_the_multiple_answer_widget_judges_the_ticked_boxes():
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


def test_the_matching_widget_has_a_labelled_menu_per_prompt():
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
    assert len(answer_cells) == len([i for i in BANK["items"] if i.get("assignment") == QUIZ])
    assert all("YOUR CODE HERE" in c.source or "YOUR ANSWER HERE" in c.source for c in answer_cells)
