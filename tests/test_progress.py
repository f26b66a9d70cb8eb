"""A learner's own record of the self-checks answered right: local, by lesson and
objective, never touched by graded work."""
import json

import nbformat
import pytest

from notebooks import LESSONS, REPO
from rewire import bank, progress, quiz

BANK = bank.load(REPO)


@pytest.fixture
def record(tmp_path, monkeypatch):
    path = tmp_path / "somewhere" / "progress.json"
    monkeypatch.setenv(progress.PROGRESS_ENV, str(path))
    return path


def self_check_items():
    return {item_id: item for item_id, item in quiz.load_self_checks().items() if item["mode"] == quiz.SELF_CHECK}


def answer(item_id, right):
    item = quiz.load_self_checks()[item_id]
    widget = quiz.self_check(item_id)
    if item["type"] == "single":
        wanted = next(i for i in BANK["items"] if i["id"] == item_id)["answer"]
        widget.answer.value = wanted if right else next(o for o in item["options"] if o != wanted)
    widget.check.click()
    return widget


def test_a_self_check_answered_right_is_recorded_by_lesson_and_objective(record):
    single = next(i for i, item in self_check_items().items() if item["type"] == "single")
    answer(single, right=False)
    assert progress.answered_right() == set()
    answer(single, right=True)
    answer(single, right=False)  # once right, it stays right
    assert progress.answered_right() == {single}
    assert json.loads(record.read_text())["answered"][single] == {"right": True, "checks": 3}
    shown = progress.show()
    item = self_check_items()[single]
    row = next(o for o in shown.objectives if o.objective == item["objective"])
    assert row.lesson == item["lesson"] and row.right == 1
    assert shown.right == 1 and shown.asked == len(self_check_items())
    assert f"Self-checks answered right: 1 of {shown.asked}" in str(shown)
    assert item["objective"] in str(shown) and str(record) in str(shown)
    assert "<caption>" in shown._repr_html_() and "scope='col'" in shown._repr_html_()


def test_every_lesson_with_self_checks_and_every_objective_is_listed(record):
    shown = progress.show()
    expected = {(item["lesson"], item["objective"]) for item in self_check_items().values()}
    assert {(o.lesson, o.objective) for o in shown.objectives} == expected
    assert shown.right == 0


def test_graded_questions_are_never_recorded_even_in_practice_mode(record, monkeypatch):
    practice = {**BANK, "assignments": {name: {**spec, "mode": quiz.PRACTICE} for name, spec in BANK["assignments"].items()}}
    packaged = json.loads(bank.self_checks_json(practice))
    monkeypatch.setattr(quiz, "load_self_checks", lambda: packaged)
    graded = next(i for i in BANK["items"] if i.get("assignment") and i["type"] == "single")
    widget = quiz.self_check(graded["id"])
    widget.answer.value = graded["answer"]
    widget.check.click()
    assert "Right" in widget.feedback.value and not record.exists()


def test_the_record_lives_outside_the_lessons_in_the_users_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(progress.PROGRESS_ENV, raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert progress.progress_file() == tmp_path / ".local" / "share" / "rewire" / "progress.json"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert progress.progress_file() == tmp_path / "data" / "rewire" / "progress.json"


def test_an_unreadable_record_starts_afresh_and_a_read_only_one_costs_no_feedback(record):
    record.parent.mkdir(parents=True)
    record.write_text("{not json")
    assert progress.show().right == 0
    single = next(i for i, item in self_check_items().items() if item["type"] == "single")
    answer(single, right=True)
    assert progress.answered_right() == {single}
    record.unlink()
    record.mkdir()  # cannot be written as a file
    assert "Right" in answer(single, right=True).feedback.value


def test_lesson_0_shows_the_learner_their_progress():
    cells = nbformat.read(LESSONS[0], as_version=4).cells
    assert any(c.cell_type == "code" and "progress.show()" in c.source and "from rewire import progress" in c.source
               for c in cells)
