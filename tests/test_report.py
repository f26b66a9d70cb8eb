"""Item analysis (rewire.item_analysis), the class report (rewire.report) and the grade
export for learning platforms (rewire.export): hand-worked values, Moodle's formulas, a
gradebook made with nbgrader's API, and one real grading run."""
import csv
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbgrader.api import Gradebook

from notebooks import REPO
from rewire import bank, export, item_analysis, quiz, report
from rewire.grading import nbgrader, write_report as write_integrity_report

# ------------------------------------------------------------ a class worked by hand

# Five students, three items worth 1, 1 and 2 points.
HAND = np.array([[1, 1, 2],   # total 4
                 [1, 0, 2],   # total 3
                 [0, 1, 1],   # total 2
                 [1, 0, 0],   # total 1
                 [0, 0, 0]])  # total 0
HAND_MAX = [1, 1, 2]


def test_item_statistics_match_a_class_worked_by_hand():
    stats = item_analysis.analyse(HAND, HAND_MAX)
    first, second, third = stats.items
    # Item 1: scores 1 1 0 1 0, mean 0.6 -> facility 0.6.
    assert first.facility == pytest.approx(0.6)
    # Deviations .4 .4 -.6 .4 -.6, squares sum .16*3 + .36*2 = 1.2; / (5-1) = 0.3.
    assert first.sd == pytest.approx(math.sqrt(0.3))
    # Rest of the test (total - item 1): 3 2 2 0 0, mean 1.4, deviations 1.6 .6 .6 -1.4 -1.4,
    # squares sum 7.2 -> variance 1.8. Cross products .64 + .24 - .36 - .56 + .84 = 0.8 -> cov 0.2.
    # r = 0.2 / sqrt(0.3 * 1.8) = 0.2 / 0.73485 = 0.27217.
    assert first.discrimination == pytest.approx(0.2 / math.sqrt(0.54))
    # Both sorted: item 0 0 1 1 1, rest 0 0 2 2 3; cross products .84 + .84 + .24 + .24 + .64 = 2.8
    # -> largest cov 0.7; efficiency 0.2 / 0.7.
    assert first.discriminative_efficiency == pytest.approx(0.2 / 0.7)
    # 27 % of 5 students rounds to 1: the top student (total 4) scored 1, the bottom (0) 0.
    assert first.upper_lower == pytest.approx(1.0)
    # Item 2: 1 0 1 0 0, rest 3 3 1 1 0: cross products .84 - .56 - .36 + .24 + .64 = 0.8 -> r as item 1.
    assert second.discrimination == pytest.approx(0.2 / math.sqrt(0.54))
    # Item 3 (2 points): 2 2 1 0 0, mean 1 -> facility 0.5, variance 4/4 = 1; rest 2 1 1 1 0,
    # variance 2/4 = 0.5, cross products 1 + 0 + 0 + 0 + 1 = 2 -> cov 0.5; r = 0.5 / sqrt(0.5).
    assert third.facility == pytest.approx(0.5)
    assert third.sd == pytest.approx(1.0)
    assert third.discrimination == pytest.approx(0.5 / math.sqrt(0.5))
    # Upper - lower as a fraction of the item's 2 points: (2 - 0) / 2.
    assert third.upper_lower == pytest.approx(1.0)
    # Totals 4 3 2 1 0: variance 10/4 = 2.5; item variances 0.3 + 0.3 + 1.0 = 1.6;
    # alpha = 3/2 * (1 - 1.6/2.5) = 0.54. Item 3 has a half score, so not KR-20.
    assert stats.reliability == pytest.approx(0.54)
    assert stats.reliability_name == "Cronbach's alpha"
    assert stats.mean == pytest.approx(2.0) and stats.sd == pytest.approx(math.sqrt(2.5))


def test_kr20_for_right_or_wrong_items_matches_the_formula_worked_by_hand():
    # p = .75 .5 .25, sum of p*q = .1875 + .25 + .1875 = .625; totals 3 2 1 0 have
    # population variance 5/4 = 1.25; KR-20 = 3/2 * (1 - .625/1.25) = 0.75.
    scores = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]
    alpha, name = item_analysis.reliability(np.array(scores, float), np.ones(3))
    assert name == "KR-20" and alpha == pytest.approx(0.75)


def test_items_are_flagged_for_repair_by_facility_and_discrimination():
    easy = item_analysis.ItemStatistics(0.95, 0.1, 0.5, 0.6, 0.1)
    hard_and_weak = item_analysis.ItemStatistics(0.1, 0.3, 0.05, 0.1, 0.0)
    fine = item_analysis.ItemStatistics(0.6, 0.4, 0.45, 0.7, 0.5)
    assert [r.split(" (")[0] for r in item_analysis.repair_reasons(easy)] == ["too easy"]
    assert [r.split(" (")[0] for r in item_analysis.repair_reasons(hard_and_weak)] == ["too hard", "weak discrimination"]
    assert item_analysis.repair_reasons(fine) == []


# ------------------------------------------------------- Moodle's quiz statistics

def moodle_statistics(marks, max_marks):
    """Moodle's question statistics calculator, transcribed loop by loop
    (question/classes/statistics/questions/calculator.php and the quiz calculator;
    docs.moodle.org/dev/Quiz_statistics_calculations): facility, SD, discrimination index,
    discriminative efficiency (all in %, as Moodle shows them) and the test's coefficient of
    internal consistency (CIC, Cronbach's alpha in %)."""
    s = len(marks)
    summarks = [sum(row) for row in marks]
    questions = []
    for q, maxmark in enumerate(max_marks):
        markarray = [row[q] for row in marks]
        othermarksarray = [summarks[i] - markarray[i] for i in range(s)]
        markaverage = sum(markarray) / s
        othermarkaverage = sum(othermarksarray) / s
        sorted_marks, sorted_other = sorted(markarray), sorted(othermarksarray)
        markvariancesum = othermarkvariancesum = covariancesum = covariancemaxsum = 0.0
        for i in range(s):
            markdifference = markarray[i] - markaverage
            othermarkdifference = othermarksarray[i] - othermarkaverage
            markvariancesum += markdifference ** 2
            othermarkvariancesum += othermarkdifference ** 2
            covariancesum += markdifference * othermarkdifference
            covariancemaxsum += (sorted_marks[i] - markaverage) * (sorted_other[i] - othermarkaverage)
        markvariance = markvariancesum / (s - 1)
        othermarkvariance = othermarkvariancesum / (s - 1)
        covariance = covariancesum / (s - 1)
        covariancemax = covariancemaxsum / (s - 1)
        questions.append({
            "facility": 100 * markaverage / maxmark,
            "sd": 100 * math.sqrt(markvariance) / maxmark,  # Moodle shows SD as % of the mark
            "discrimination_index": 100 * covariance / math.sqrt(markvariance * othermarkvariance),
            "discriminative_efficiency": 100 * covariance / covariancemax,
            "markvariance": markvariance,
        })
    mean = sum(summarks) / s
    k2 = s * (sum((x - mean) ** 2 for x in summarks) / s) / (s - 1)
    p = len(max_marks)
    cic = (100 * p / (p - 1)) * (1 - sum(q["markvariance"] for q in questions) / k2)
    return questions, cic


def synthetic_class(students=240, seed=7):
    """Students of varied ability answering 12 items worth 1 to 3 points, partial credit
    on some, guessing on the one-point items."""
    rng = np.random.default_rng(seed)
    max_marks = np.array([1, 1, 1, 1, 2, 2, 3, 3, 1, 2, 1, 3], float)
    ability = rng.normal(size=(students, 1))
    difficulty = np.linspace(-1.5, 1.5, len(max_marks))
    chance = 1 / (1 + np.exp(-(1.2 * ability - difficulty)))
    marks = rng.binomial(max_marks.astype(int), chance).astype(float)
    return marks, max_marks


def test_statistics_agree_with_moodle_quiz_statistics_for_a_larger_class():
    marks, max_marks = synthetic_class()
    moodle, cic = moodle_statistics(marks.tolist(), max_marks.tolist())
    ours = item_analysis.analyse(marks, max_marks)
    for theirs, mine, max_mark in zip(moodle, ours.items, max_marks):
        assert 100 * mine.facility == pytest.approx(theirs["facility"], rel=1e-9)
        assert 100 * mine.sd / max_mark == pytest.approx(theirs["sd"], rel=1e-9)
        assert 100 * mine.discrimination == pytest.approx(theirs["discrimination_index"], rel=1e-9)
        assert 100 * mine.discriminative_efficiency == pytest.approx(theirs["discriminative_efficiency"], rel=1e-9)
    assert 100 * ours.reliability == pytest.approx(cic, rel=1e-9)
    # A class generated from one ability discriminates and is reliable: the numbers mean something.
    assert all(0.2 < item.discrimination < 0.8 for item in ours.items)
    assert 0.6 < ours.reliability < 0.95


def test_upper_lower_index_uses_the_top_and_bottom_27_percent():
    marks, max_marks = synthetic_class(students=100)
    totals = marks.sum(axis=1)
    order = np.argsort(totals, kind="stable")
    upper, lower = order[-27:], order[:27]  # 27 % of 100 students
    expected = (marks[upper].mean(axis=0) - marks[lower].mean(axis=0)) / max_marks
    assert item_analysis.upper_lower_index(marks, max_marks, totals) == pytest.approx(expected)


# --------------------------------------------------------------- the teacher's page

def items():
    return {item["id"]: item for item in bank.load(REPO)["items"]}


def made_up_results(students, scores, answers):
    """ClassResults of three bank questions of the therapy quiz, without a gradebook."""
    by_id = items()
    questions = [report.Question(f"bank-{name}-check", "therapy_table_quiz", by_id[name].get("points", 1),
                                 by_id[name])
                 for name in ("quiz-stress-relapse", "quiz-reconsolidation-conditions", "quiz-kredlow")]
    return report.ClassResults("07_therapy_table_quiz", students, questions, np.array(scores, float).reshape(len(students), 3),
                               answers)


def option(item_id, words):
    return next(o for o in items()[item_id]["options"] if o.startswith(words))


def test_a_class_of_one_gets_a_page_that_asks_for_more_students_and_no_nan(tmp_path):
    stress = option("quiz-stress-relapse", "Neither")
    results = made_up_results(["ada"], [[0, 2, 1]],
                              {"quiz-stress-relapse": [{stress}], "quiz-reconsolidation-conditions": [None],
                               "quiz-kredlow": [None]})
    stats = report.write_report(results, tmp_path)
    page = (tmp_path / "index.html").read_text()
    assert "The statistics need more students" in page
    assert "nan" not in page.lower()
    assert "100 % think stress can teach a new fear of the cue" in page
    assert stats.items[0].discrimination is None and stats.reliability is None
    for name in ("items.csv", "options.csv", "objectives.csv", "summary.csv"):
        assert "nan" not in (tmp_path / name).read_text().lower()
    assert not any(fetch in page for fetch in ("src=", "<link", "@import", "url(http", "href=\"http"))  # offline


def test_the_page_names_misconceptions_flags_items_and_averages_objectives(tmp_path):
    stress_new_fear = option("quiz-stress-relapse", "Neither")
    updating = option("quiz-stress-relapse", "Memory updating")
    right = items()["quiz-stress-relapse"]["answer"]
    choices = [{right}, {stress_new_fear}, {stress_new_fear}, {updating}, {right}]
    conditions = items()["quiz-reconsolidation-conditions"]["answer"]
    answers = {"quiz-stress-relapse": choices,
               "quiz-reconsolidation-conditions": [set(conditions)] * 5,
               "quiz-kredlow": [None] * 5}
    scores = [[1, 2, 1], [0, 2, 1], [0, 2, 0], [0, 2, 0], [1, 2, 1]]
    results = made_up_results(["a", "b", "c", "d", "e"], scores, answers)
    report.write_report(results, tmp_path)
    page = (tmp_path / "index.html").read_text()
    # Two of five chose "stress creates a new fear memory": 40 %.
    assert "40 % think stress can teach a new fear of the cue" in page
    assert "20 % think a relapse after stress fits a memory that was updated" in page
    assert "<svg" in page  # the score distribution, inline
    with open(tmp_path / "options.csv", newline="") as handle:
        shares = {(r["question"], r["option"]): r for r in csv.DictReader(handle)}
    assert float(shares["quiz-stress-relapse", right]["share"]) == pytest.approx(0.4)
    assert shares["quiz-stress-relapse", right]["right"] == "yes"
    assert float(shares["quiz-stress-relapse", stress_new_fear]["share"]) == pytest.approx(0.4)
    with open(tmp_path / "items.csv", newline="") as handle:
        rows = {r["question"]: r for r in csv.DictReader(handle)}
    # Everybody got the conditions right: facility 1 > 0.9, and its wrong options went unchosen.
    assert "too easy" in rows["quiz-reconsolidation-conditions"]["repair"]
    assert "an option nobody chose" in rows["quiz-reconsolidation-conditions"]["repair"]
    assert float(rows["quiz-stress-relapse"]["facility"]) == pytest.approx(0.4)
    with open(tmp_path / "objectives.csv", newline="") as handle:
        objectives = {r["objective"]: float(r["mean"]) for r in csv.DictReader(handle)}
    assert objectives[items()["quiz-stress-relapse"]["objective"].strip()] == pytest.approx(0.4)
    assert objectives[items()["quiz-kredlow"]["objective"].strip()] == pytest.approx(0.6)


def test_answers_are_read_as_plain_literals_only_and_counted_by_option_text():
    item = items()["quiz-reconsolidation-conditions"]
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("answer_quiz_reconsolidation_conditions = {'a', 'b'}"),
        nbformat.v4.new_code_cell("answer_quiz_reconsolidation_conditions = {'a', 'C'}"),  # the last one counts
        nbformat.v4.new_code_cell("import os\nanswer_quiz_stress_relapse = os.getcwd()"),
        nbformat.v4.new_code_cell("this is not Python"),
    ])
    values = report.plain_answers(notebook)
    assert report.chosen_options(item, values[bank.variable(item)]) == {item["options"][0], item["options"][2]}
    assert values["answer_quiz_stress_relapse"] is None  # code, not a value: never run
    assert report.chosen_options(items()["quiz-stress-relapse"], "z") is None


def test_bank_misconceptions_must_belong_to_wrong_options():
    item = dict(items()["quiz-stress-relapse"])
    bank.validate(item, REPO)
    with pytest.raises(bank.BankError, match="wrong option"):
        bank.validate({**item, "misconceptions": {item["answer"]: "the right answer is wrong"}}, REPO)
    with pytest.raises(bank.BankError, match="wrong option"):
        bank.validate({**item, "misconceptions": {"an option it does not have": "x"}}, REPO)


def test_every_wrong_option_of_the_graded_closed_questions_names_a_misconception():
    for item in items().values():
        if item.get("assignment") and item["type"] in ("single", "multiple"):
            right = {item["answer"]} if item["type"] == "single" else set(item["answer"])
            assert set(item["misconceptions"]) == set(item["options"]) - right, item["id"]


def test_misconceptions_never_reach_students():
    assert "think stress can teach" not in (REPO / "src" / "rewire" / "data" / quiz.SELF_CHECKS).read_text()
    assert "stress can teach a new fear" not in str(bank.student_item(items()["quiz-stress-relapse"]))


# ------------------------------------------------- a gradebook made with nbgrader's API

@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course folder whose gradebook has three students; ada and bo handed in assignment
    a1 (two graded cells), cy did not. (nbgrader runs alembic to create a gradebook.)"""
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    made_up_gradebook(tmp_path)
    return tmp_path


def made_up_gradebook(course):
    with Gradebook("sqlite:///" + str(course / "gradebook.db")) as gradebook:
        gradebook.add_assignment("a1")
        gradebook.add_notebook("work", "a1")
        gradebook.add_grade_cell("test-one", "work", "a1", max_score=2, cell_type="code")
        gradebook.add_grade_cell("bank-quiz-kredlow-check", "work", "a1", max_score=1, cell_type="code")
        gradebook.add_student("ada", first_name="Ada", last_name="Lovelace", email="ada@example.org",
                              lms_user_id="1001")
        gradebook.add_student("bo")
        gradebook.add_student("cy")
        for student, (one, kredlow) in {"ada": (2, 1), "bo": (1, 0)}.items():
            gradebook.add_submission("a1", student)
            gradebook.find_grade("test-one", "work", "a1", student).auto_score = one
            gradebook.find_grade("bank-quiz-kredlow-check", "work", "a1", student).auto_score = kredlow
        gradebook.db.commit()


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_scores_are_read_per_cell_from_the_gradebook(course):
    results = report.read_gradebook(course, "a1", items())
    assert results.students == ["ada", "bo"]
    assert [q.label for q in results.questions] == ["test-one", "quiz-kredlow"]
    assert results.scores.tolist() == [[2, 1], [1, 0]]
    assert results.questions[1].objective[0] == "07_therapies_compared"
    assert results.questions[0].objective == report.NO_OBJECTIVE


def test_canvas_export_has_canvas_columns_and_a_points_possible_row(course):
    write_integrity_report(course, [("bo", "a1", "work", "test-one", "getattr in a cell")])
    rows = read_csv(export.export(course, "canvas"))
    # Canvas's gradebook import: these five columns first, then one per assignment,
    # and a second row "Points Possible" with each assignment's points.
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                       "a1", "a1: test-one", "a1: bank-quiz-kredlow-check", "Integrity flag"]
    assert rows[1][0] == "Points Possible" and rows[1][5:8] == ["3", "2", "1"]
    body = {row[3]: row for row in rows[2:]}
    assert body["ada"][:5] == ["Lovelace, Ada", "1001", "", "ada", ""]
    assert body["ada"][5:] == ["3", "2", "1", ""]
    assert body["bo"][5:] == ["1", "1", "0", "a1"]
    assert body["cy"][5:] == ["0", "", "", ""]  # handed nothing in: 0 for the assignment


def test_moodle_export_has_an_identifier_column_and_one_column_per_grade_item(course):
    rows = read_csv(export.export(course, "moodle", questions=False))
    # Moodle's CSV import maps one identifying column (username, email, ID number) to the
    # user and every other column to a grade item; "Integrity flag" can be mapped to ignore.
    assert rows[0] == ["First name", "Last name", "Username", "Email address", "a1", "Integrity flag"]
    assert rows[1] == ["Ada", "Lovelace", "ada", "ada@example.org", "3", ""]
    assert [row[2] for row in rows[1:]] == ["ada", "bo", "cy"]


# ----------------------------------------------------------------- a real grading run

def answer_cell(notebook, item_id):
    """The cell of a student version where the answer to a bank question goes."""
    return next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == bank.GENERATED + item_id)


def test_report_after_a_real_grading_run_counts_the_options_students_chose(tmp_path):
    assignment, name = "07_therapy_table_quiz", "therapy_table_quiz.ipynb"
    for part in ("nbgrader_config.py",):
        shutil.copy(REPO / part, tmp_path)
    for folder in ("solutions", "lessons"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    nbgrader(tmp_path, "generate_assignment", assignment, "--force")
    released = nbformat.read(tmp_path / "exercises" / assignment / name, as_version=4)
    stress, conditions = items()["quiz-stress-relapse"], items()["quiz-reconsolidation-conditions"]
    letter = {o: quiz.LETTERS[k] for k, o in enumerate(stress["options"])}
    new_fear = option("quiz-stress-relapse", "Neither")
    chosen = {"s1": stress["answer"], "s2": new_fear, "s3": new_fear, "s4": option("quiz-stress-relapse", "Memory")}
    for student, pick in chosen.items():
        notebook = nbformat.from_dict(released)
        answer_cell(notebook, "quiz-stress-relapse").source = f'answer_quiz_stress_relapse = "{letter[pick]}"'
        answer_cell(notebook, "quiz-reconsolidation-conditions").source = (
            "answer_quiz_reconsolidation_conditions = {'a', 'b'}" if student != "s4" else "print('no idea')")
        folder = tmp_path / "submitted" / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / name)
    graded = subprocess.run([sys.executable, "-m", "rewire.grading", "grade"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=1200)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    made = subprocess.run([sys.executable, "-m", "rewire.report"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=600)
    assert made.returncode == 0, made.stdout + made.stderr
    out = tmp_path / "reports" / assignment
    with open(out / "options.csv", newline="") as handle:
        shares = {(r["question"], r["option"]): float(r["share"]) for r in csv.DictReader(handle) if r["share"]}
    assert shares["quiz-stress-relapse", stress["answer"]] == pytest.approx(0.25)
    assert shares["quiz-stress-relapse", new_fear] == pytest.approx(0.5)
    assert shares["quiz-stress-relapse", option("quiz-stress-relapse", "Memory")] == pytest.approx(0.25)
    # Three of four wrote {'a', 'b'}; the fourth wrote code, which counts for no option.
    for k, text in enumerate(conditions["options"]):
        assert shares["quiz-reconsolidation-conditions", text] == pytest.approx(0.75 if k < 2 else 0.0)
    with open(out / "items.csv", newline="") as handle:
        rows = {r["question"]: r for r in csv.DictReader(handle)}
    assert float(rows["quiz-stress-relapse"]["facility"]) == pytest.approx(0.25)  # from the gradebook
    page = (out / "index.html").read_text()
    assert "50 % think stress can teach a new fear of the cue" in page
    canvas = read_csv(export.export(tmp_path, "canvas"))
    assert canvas[0][:6] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment]
    assert [row[3] for row in canvas[2:]] == ["s1", "s2", "s3", "s4"]


def test_report_and_export_say_to_grade_first_without_a_gradebook(tmp_path, capsys):
    assert report.main(["--root", str(tmp_path)]) == 1
    assert export.main(["canvas", "--root", str(tmp_path)]) == 1
    assert capsys.readouterr().out.count("grade first (make grade)") == 2
    assert not (tmp_path / "reports").exists() and not (tmp_path / "grades_canvas.csv").exists()
