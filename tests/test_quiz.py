"""Self-checks: instant feedback, answers never in readable form on the student side."""
import json
import re

import pytest
import yaml

from notebooks import LESSONS, REPO
from rewire import quiz

BANK = yaml.safe_load((REPO / "solutions" / "question_bank.yml").read_text())


def test_the_packaged_self_checks_are_built_from_the_current_question_bank(tmp_path):
    fresh = tmp_path / "self_checks.json"
    quiz.build(REPO / "solutions" / "question_bank.yml", fresh)
    packaged = REPO / "src" / "rewire" / "data" / "self_checks.json"
    assert fresh.read_text() == packaged.read_text(), "run `make questions` after editing the bank"


def test_the_packaged_self_checks_hold_hashes_not_answers():
    packaged = json.loads((REPO / "src" / "rewire" / "data" / "self_checks.json").read_text())
    for item in BANK:
        student_item = packaged[item["id"]]
        assert "answer" not in student_item
        assert student_item["answer_sha256"] == quiz.answer_hash(item["id"], item["answer"])


@pytest.mark.parametrize("item", BANK, ids=lambda item: item["id"])
def test_only_the_right_option_is_judged_right(item):
    verdicts = {option: quiz.is_correct(item["id"], option) for option in item["options"]}
    assert [option for option, right in verdicts.items() if right] == [item["answer"]]
    assert quiz.is_correct(item["id"], "  " + item["answer"].upper() + " ")


def test_a_wrong_choice_gets_its_own_feedback_and_does_not_reveal_the_answer():
    item = BANK[0]
    wrong = next(option for option in item["options"] if option != item["answer"])
    widget = quiz.self_check(item["id"])
    widget.choice.value = wrong
    widget.check.click()
    assert "Not quite" in widget.feedback.value
    assert item["feedback"][wrong].split()[0] in widget.feedback.value
    assert item["answer"] not in widget.feedback.value


def test_the_right_choice_is_confirmed_with_its_explanation():
    item = BANK[0]
    widget = quiz.self_check(item["id"])
    widget.choice.value = item["answer"]
    widget.check.click()
    assert "Right" in widget.feedback.value


def test_checking_without_a_choice_asks_for_one():
    widget = quiz.self_check(BANK[0]["id"])
    widget.check.click()
    assert "Choose an answer first" in widget.feedback.value


def test_every_self_check_a_lesson_asks_for_exists():
    asked = set()
    for lesson in LESSONS:
        asked |= set(re.findall(r"self_check\(\\?[\"']([\w-]+)", lesson.read_text()))
    assert asked, "no lesson has a self-check"
    assert asked <= {item["id"] for item in BANK}
