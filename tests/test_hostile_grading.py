"""The grading pipeline (`make collect`, `make grade`) against broken and hostile
submissions: one temporary course, one batch of 01_synaptic, every outcome defined.

Each hostile kind either starts from the plausible mistake (7 of 12 points: the STDP window
and everything built on it are wrong) and tries to raise that score, or starts from a
blank or half-blank notebook and tries to earn what it left out. A kind that still earns
what it earned before, and leaves every other student's work and grade alone, is stopped.
"""
import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from notebooks import REPO
from test_grading import hidden_test_lines, solution_notebooks, visible_text, with_plausible_mistake, without_test_cells

ASSIGNMENT = "01_synaptic"
NAME = "synaptic_exercises.ipynb"
POSSIBLE = 12.0
AS_WRONG = 7.0  # the plausible mistake loses the STDP window (3) and the total weight change built on it (2)
THRESHOLD = "bank-synaptic-threshold-speed"  # the answer cell of a 1-point quiz question
COMPETITION = "bank-synaptic-stdp-competition"
DETACHED = "rewire-hostile-detached-marker"


def _cell(notebook, grade_id):
    return next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _edit(notebook, grade_id, change):
    edited = nbformat.from_dict(notebook)
    cell = _cell(edited, grade_id)
    cell.source = change(cell.source)
    return edited


def _insert_after(notebook, grade_id, source):
    edited = nbformat.from_dict(notebook)
    index = edited.cells.index(_cell(edited, grade_id))
    edited.cells.insert(index + 1, nbformat.v4.new_code_cell(source))
    return edited


def _retyped(notebook, grade_id, cell_type):
    edited = nbformat.from_dict(notebook)
    index = edited.cells.index(_cell(edited, grade_id))
    old = edited.cells[index]
    new = (nbformat.v4.new_markdown_cell if cell_type == "markdown" else nbformat.v4.new_raw_cell)(old.source)
    new.metadata, new.id = old.metadata, old.id
    edited.cells[index] = new
    return edited


def _with_metadata(notebook, which, **changes):
    edited = nbformat.from_dict(notebook)
    cell = _cell(edited, which)
    if "id" in changes:
        cell.id = changes.pop("id")
    cell.metadata["nbgrader"].update(changes)
    return edited


def _blank_quiz(solved, released):
    edited = nbformat.from_dict(solved)
    for grade_id in (THRESHOLD, COMPETITION):
        _cell(edited, grade_id).source = _cell(released, grade_id).source
    return edited


def _duplicated(notebook):
    edited = nbformat.from_dict(notebook)
    for grade_id in (THRESHOLD, THRESHOLD + "-check"):
        cell = _cell(edited, grade_id)
        copy = nbformat.from_dict(cell)
        copy.id = cell.id + "-copy"  # Jupyter gives a pasted cell a new id, but not new metadata
        edited.cells.insert(edited.cells.index(cell) + 1, copy)
    return edited


def _padded(notebook, megabytes):
    """The notebook with a printed output of that many megabytes (what a print in a loop leaves)."""
    notebook.cells[-1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * (megabytes << 20))]
    return notebook


def wrong(solved):
    return with_plausible_mistake(solved, ASSIGNMENT)


def after_imports(base, source):
    """A hostile cell added right after the imports of `base` (solved, released) -> notebook."""
    return lambda s, r: _insert_after(base(s, r), "imports", source)


WRONG = lambda s, r: wrong(s)  # noqa: E731
BLANK = lambda s, r: r  # noqa: E731

EQUAL_TO_EVERYTHING = 'class Letter(str):\n    def __eq__(self, other):\n        return True\n\n\nanswer_threshold_speed = Letter("a")\n'
CHEAT_FROM_FILES = '''
import glob, json, os
found = []
for pattern in ["/**/solutions/**/*.ipynb", "/**/gradebook.db", "/**/nbgrader_config.py", "/**/submitted/**/*.ipynb",
                "/**/autograded/**/*.ipynb", "*.ipynb", "/tmp/**/*.ipynb"]:
    for root in ["/tmp", "/work", "/root", "/home", "/srv", "/opt", "."]:
        found += glob.glob(os.path.join(root, pattern.lstrip("/")), recursive=True)
for path in found:
    try:
        cells = json.load(open(path))["cells"]
    except Exception:
        continue
    for cell in cells:
        text = "".join(cell["source"])
        if "BEGIN SOLUTION" in text or "BEGIN HIDDEN TESTS" in text:
            try:
                exec(text, globals())
            except Exception:
                pass
'''
CHEAT_FROM_GRADEBOOK = '''
import glob, sqlite3
for path in glob.glob("/**/gradebook.db", recursive=True) + glob.glob("gradebook.db"):
    db = sqlite3.connect(path)
    for (source,) in db.execute("select source from source_cell"):
        try:
            exec(source, globals())
        except Exception:
            pass
    db.execute("update grade set manual_score = 100")
    db.commit()
'''
WRITE_TEACHER_FILES = '''
import glob, os
for pattern in ["/**/grades.csv", "/**/integrity_report.csv", "/**/submitted/*/01_synaptic/*.ipynb"]:
    for path in glob.glob(pattern, recursive=True):
        try:
            open(path, "w").write("overwritten by a student")
        except OSError:
            pass
for path in ["/tmp/grades.csv", "../grades.csv", "../../grades.csv", "grades.csv"]:
    try:
        open(path, "w").write("student_id,score\\nwriter,1000\\n")
    except OSError:
        pass
'''
DETACHED_PROCESS = f'''
import os, subprocess, sys
subprocess.Popen(["sh", "-c", "sleep 600 # {DETACHED}"], start_new_session=True,
                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv("/bin/sh", ["sh", "-c", "sleep 600 # {DETACHED} rewrites grades.csv later"])
    os._exit(0)
'''
FORGED_REPORT = '''
import json, os
forged = {"test": "stdp-window-tests", "values": [{"ndarray": [0.0] * 7, "dtype": "float64", "shape": [7]}] * 4}
for fd in range(3, 30):
    try:
        os.write(fd, (json.dumps(forged) + "\\n").encode())
    except OSError:
        pass
'''
NESTED_REPORT_LINE = '''
import os
line = b"[" * 200000 + b"]" * 200000 + b"\\n"
for fd in range(3, 30):
    try:
        os.write(fd, line)
    except OSError:
        pass
'''
FLOOD_THE_REPORT = '''
import os
for fd in range(3, 30):
    try:
        for _ in range(400):
            os.write(fd, b"x" * (1 << 20))
    except OSError:
        pass
'''
FAKE_MODULES = '''
import sys, types
fake = types.ModuleType("json")
fake.dumps = lambda *a, **k: '{"test": "stdp-window-tests", "values": []}'
fake.points = lambda *a, **k: 1.0
for name in ["json", "rewire.quiz", "rewire.grading.observation", "rewire.grading.runner"]:
    sys.modules[name] = fake
np.allclose = lambda *a, **k: True
'''
SILENCE = '''
ip = get_ipython()
ip.ast_node_interactivity = "none"
ip.display_formatter.formatters["text/plain"].for_type(float, lambda *a: "")
ip.events.register("post_run_cell", lambda result: None)
ip.set_custom_exc((BaseException,), lambda *a, **k: None)
ip.showtraceback = lambda *a, **k: None
'''
THREAD_REWRITER = '''
import threading, time
import numpy as np
def keep_rewriting():
    while True:
        np.allclose = lambda *a, **k: True
        np.isclose = lambda *a, **k: True
        time.sleep(0.001)
threading.Thread(target=keep_rewriting, daemon=True).start()
'''
HONEST_OJA = '''
def final_weights_after_training(covariance):
    train = getattr(synaptic, "train_oja")
    samples = getattr(synaptic, "correlated_inputs")(5000, covariance, seed=0)
    return train(samples, eta=0.005, seed=0)[-1]


weights = final_weights_after_training(input_covariance)
total = 0.0
for component in weights:
    total += component ** 2
oja_length = float(total ** 0.5)
leading = np.linalg.eigh(input_covariance)[1][:, -1]
%time oja_angle_deg = float(np.degrees(np.arccos(abs(weights @ leading) / oja_length)))
'''

# student: (how the submission is made, expected score, flagged?)
CATALOGUE = {
    # the 17 of the first catalogue
    "correct": (lambda s, r: s, POSSIBLE, False),
    "blank": (BLANK, 0.0, False),
    "wrong": (WRONG, AS_WRONG, False),
    "syntax": (lambda s, r: _edit(s, "oja", lambda src: src.replace("oja_length = float(", "oja_length = float((")), 10.0, True),
    "loop": (lambda s, r: _edit(s, "oja", lambda src: "while True:\n    pass\n" + src), 10.0, False),
    "huge": (lambda s, r: _edit(s, "oja", lambda src: "for i in range(300000):\n    print('spam' * 20, i)\n" + src), POSSIBLE, False),
    "deleted": (lambda s, r: without_test_cells(s), POSSIBLE, True),
    "duplicated": (lambda s, r: _duplicated(s), POSSIBLE, True),
    "renamed": (lambda s, r: s, POSSIBLE, True),  # written under another name below
    "invalid": (lambda s, r: s, 0.0, True),  # written truncated below
    "missing": (lambda s, r: None, 0.0, True),
    "killer": (lambda s, r: _edit(s, "oja", lambda src: "import os\nos._exit(1)\n" + src), 10.0, True),
    "sneaky_killer": (lambda s, r: _edit(s, "oja", lambda src: "import os as o\no.kill(o.getpid(), 9)\n" + src), 10.0, True),
    "monkeypatch": (after_imports(WRONG, "np.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True"), AS_WRONG, False),
    "always_equal": (lambda s, r: _edit(s, THRESHOLD, lambda src: EQUAL_TO_EVERYTHING), 11.0, True),
    "wrong_type": (lambda s, r: _edit(s, THRESHOLD, lambda src: src.replace("answer_threshold_speed = 'b'", "answer_threshold_speed = 2")), 11.0, False),
    "computed_answer": (lambda s, r: _edit(s, THRESHOLD, lambda src: src.replace("answer_threshold_speed = 'b'", 'answer_threshold_speed = np.str_("b")')), 11.0, True),
    # 1. tampering inside the student's own process
    "patch_quiz_by_another_name": (lambda s, r: _insert_after(_blank_quiz(s, r), "imports", "import rewire.quiz as q\nq.points = lambda *a, **k: 1.0\nq.check = lambda *a, **k: None"), 10.0, False),
    "fake_modules_in_sys_modules": (after_imports(WRONG, FAKE_MODULES), AS_WRONG, False),
    "settrace_through_attrgetter": (after_imports(WRONG, "import operator, sys\noperator.attrgetter('settrace')(sys)(lambda *a: None)\noperator.attrgetter('setprofile')(sys)(lambda *a: None)"), AS_WRONG, False),
    # builtins changed for the whole process break its own report: only the quiz (read from the file) counts
    "builtins_through_abs_self": (after_imports(WRONG, "b = abs.__self__\nb.isinstance = lambda *a: True\nb.all = lambda *a: True\nb.AssertionError = Warning"), 2.0, True),
    "thread_rewriting_answers": (after_imports(WRONG, THREAD_REWRITER), AS_WRONG, False),
    "pickle_that_runs_code": (after_imports(WRONG, "import pickle\npickle.loads(b\"cos\\nsystem\\n(S'touch /tmp/pickled'\\ntR.\")"), AS_WRONG, False),
    "forged_report_lines": (after_imports(WRONG, FORGED_REPORT), AS_WRONG, False),
    "report_line_nested_too_deep": (after_imports(WRONG, NESTED_REPORT_LINE), AS_WRONG, False),
    # a window of zeros that claims to equal everything: its predictions all say depression (-1)
    "equal_to_everything_array": (lambda s, r: _insert_after(wrong(s), "stdp-window", "class Everything(np.ndarray):\n    def __eq__(self, other):\n        return True\n\nstdp_window = lambda *a, **k: np.zeros(7).view(Everything)"), AS_WRONG - 1, False),
    # 2. silencing what the tests show
    "silenced_display": (after_imports(WRONG, SILENCE), AS_WRONG, False),
    "silenced_blank": (after_imports(BLANK, SILENCE), 0.0, False),
    "magics_and_autocall": (after_imports(WRONG, "%config InteractiveShell.ast_node_interactivity = 'none'\n%autocall 2\n%alias_magic q time"), AS_WRONG, False),
    "clear_output_hook": (after_imports(BLANK, "from IPython.display import clear_output\nget_ipython().events.register('post_execute', lambda: clear_output())"), 0.0, False),
    # 3. swallowing errors
    "custom_exception_handler_blank": (after_imports(BLANK, "get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)"), 0.0, False),
    "custom_exception_handler_blank_quiz": (lambda s, r: _insert_after(_blank_quiz(s, r), "imports", "get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)"), 10.0, False),
    "excepthook": (after_imports(BLANK, "import sys\nsys.excepthook = lambda *a: None\nAssertionError = type('AssertionError', (Exception,), {})"), 0.0, False),
    # 4. reading hidden tests and answers while grading
    "reads_solutions_and_notebooks": (after_imports(BLANK, CHEAT_FROM_FILES), 0.0, False),
    "reads_gradebook": (after_imports(BLANK, CHEAT_FROM_GRADEBOOK), 0.0, False),
    "reads_input_history": (after_imports(BLANK, "get_ipython().events.register('post_run_cell', lambda result: [exec(text, globals()) for text in In if 'observe(' in text or 'assert' in text])"), 0.0, False),
    "prints_what_it_sees": (after_imports(WRONG, "get_ipython().events.register('pre_run_cell', lambda info: print(info.raw_cell))\nprint(globals())"), AS_WRONG, False),
    # 5. files and cells beside the code
    "rewire_py_beside": (WRONG, AS_WRONG, True),  # a rewire.py is written beside it below
    "numpy_py_beside": (lambda s, r: s, POSSIBLE, True),  # a numpy.py that raises, beside it below
    "extra_notebook_beside": (lambda s, r: s, POSSIBLE, True),  # a second notebook beside it below
    "notebook_is_a_link": (lambda s, r: None, 0.0, True),  # a link to the course's solution, below
    "oversized_notebook": (lambda s, r: _padded(s, 51), 0.0, True),
    "answer_as_markdown": (lambda s, r: _retyped(s, "oja", "markdown"), 10.0, True),
    "answer_as_raw": (lambda s, r: _retyped(s, "bcm-crossover", "raw"), 10.0, True),
    "quiz_answer_as_raw": (lambda s, r: _retyped(s, THRESHOLD, "raw"), 11.0, True),
    "grade_id_changed": (lambda s, r: _with_metadata(s, "oja", grade_id="oja-mine"), 10.0, True),
    "cell_id_changed": (lambda s, r: _with_metadata(s, "oja", id="my-own-id"), 10.0, True),
    "grading_metadata_changed": (lambda s, r: _with_metadata(s, "oja", solution=False, grade=True, points=50), 10.0, True),
    "test_cell_emptied": (lambda s, r: _edit(wrong(s), "stdp-window-tests", lambda src: "pass"), AS_WRONG, False),
    # 6. writing the grader's state, reaching other students, outliving grading
    "writes_teacher_files": (after_imports(WRONG, WRITE_TEACHER_FILES), AS_WRONG, False),
    "detached_processes": (after_imports(WRONG, DETACHED_PROCESS), AS_WRONG, False),
    "kills_every_process": (after_imports(WRONG, "import os\ntry:\n    os.kill(-1, 9)\nexcept OSError:\n    pass"), AS_WRONG, False),
    "many_processes": (after_imports(WRONG, "import os, time\nfor _ in range(500):\n    if os.fork() == 0:\n        time.sleep(120)\n        os._exit(0)"), AS_WRONG, False),
    "memory_hog": (after_imports(WRONG, "hog = bytearray(16 << 30)"), AS_WRONG, False),
    "disk_filler": (after_imports(WRONG, "for i in range(20):\n    open(f'/tmp/fill{i}', 'wb').write(b'x' * (60 << 20))"), AS_WRONG, False),
    "report_flood": (after_imports(WRONG, FLOOD_THE_REPORT), 2.0, True),  # its run is cut off: only the quiz counts
    # honest students who use ordinary Python
    "honest_getattr_helper_loop": (lambda s, r: _edit(s, "oja", lambda src: HONEST_OJA), POSSIBLE, False),
    "honest_extra_cells": (lambda s, r: _insert_after(_insert_after(s, "oja", "print(oja_length, oja_angle_deg)"), "imports", "%who\nimport math"), POSSIBLE, False),
}
COLLECTED = {"alice": POSSIBLE, "bob": 0.0, "ada_lovelace": POSSIBLE}  # handed in as a zip, filed by `collect`
BESIDE = {
    "rewire_py_beside": {"rewire.py": "raise SystemExit\n", "quiz.py": "def points(*a):\n    return 1.0\n"},
    "numpy_py_beside": {"numpy.py": "raise ImportError('shadowed')\n"},
    "extra_notebook_beside": {"notes.ipynb": None},
}


def _tree_hash(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def _processes_with(marker):
    alive = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if marker.encode() in cmdline.read_bytes():
                alive.append(cmdline.parent.name)
        except OSError:
            continue
    return alive


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    shutil.copy(REPO / "nbgrader_config.py", course)
    shutil.copytree(REPO / "solutions", course / "solutions")
    shutil.copytree(REPO / "exercises", course / "exercises")
    before = _tree_hash(course / "exercises")
    solved = solution_notebooks(ASSIGNMENT)[NAME]
    released = nbformat.read(REPO / "exercises" / ASSIGNMENT / NAME, as_version=4)
    for student, (make, _, _) in CATALOGUE.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text("2025-01-01 12:00:00 UTC")
        notebook = make(nbformat.from_dict(solved), nbformat.from_dict(released))
        if student == "notebook_is_a_link":
            (folder / NAME).symlink_to(course / "solutions" / ASSIGNMENT / NAME)
        if notebook is None:
            continue
        name = "synaptic_exercises (1).ipynb" if student == "renamed" else NAME
        text = nbformat.writes(notebook)
        (folder / name).write_text(text[: len(text) // 2] if student == "invalid" else text)
        for beside, content in BESIDE.get(student, {}).items():
            (folder / beside).write_text(content or nbformat.writes(released))

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"alice_{NAME}", nbformat.writes(solved))
        archive.writestr(f"bob/{NAME}", nbformat.writes(released))
        archive.writestr(f"ada_lovelace_{NAME}", nbformat.writes(solved))
        archive.writestr("my notes.ipynb", nbformat.writes(released))
    (course / "download.zip").write_bytes(buffer.getvalue())
    python = [sys.executable, "-m", "rewire.grading"]
    collected = subprocess.run([*python, "collect", "download.zip"], cwd=course, capture_output=True, text=True, timeout=300)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    (course / "collect.log").write_text(collected.stdout)
    submitted_before = _tree_hash(course / "submitted")

    result = subprocess.run([*python, "grade", "--", "--Execute.timeout=10"], cwd=course, capture_output=True, text=True, timeout=1500)
    alive = _processes_with(DETACHED)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _tree_hash(course / "exercises") == before, "grading rewrote exercises/"
    with open(course / "grades.csv", newline="") as handle:
        grades = {row["student_id"]: row for row in csv.DictReader(handle) if row["assignment"] == ASSIGNMENT}
    with open(course / "feedback" / "integrity_report.csv", newline="") as handle:
        report = list(csv.DictReader(handle))
    return course, grades, report, {"alive": alive, "submitted_before": submitted_before}


def test_the_catalogue_covers_more_than_45_kinds():
    assert len(CATALOGUE) >= 45


def test_collect_files_a_zip_of_notebooks_named_by_student(graded):
    course, grades, _, _ = graded
    for student in COLLECTED:
        assert (course / "submitted" / student / ASSIGNMENT / NAME).exists()
        assert float(grades[student]["score"]) == COLLECTED[student]


def test_collect_names_every_notebook_it_could_not_file(graded):
    course, _, _, _ = graded
    log = (course / "collect.log").read_text()
    assert "NOT FILED: my notes.ipynb" in log
    assert log.count("NOT FILED") == 1


def test_every_student_gets_a_row(graded):
    _, grades, _, _ = graded
    assert set(grades) == set(CATALOGUE) | set(COLLECTED)
    assert all(float(row["max_score"]) == POSSIBLE for row in grades.values())


@pytest.mark.parametrize("student", CATALOGUE)
def test_each_submission_scores_exactly_what_it_earned(graded, student):
    _, grades, _, _ = graded
    assert float(grades[student]["score"]) == CATALOGUE[student][1]


def test_the_plausible_mistake_loses_the_stdp_window_and_what_is_built_on_it(graded):
    _, grades, _, _ = graded
    assert float(grades["wrong"]["score"]) == AS_WRONG == POSSIBLE - 3 - 2


def test_the_integrity_report_lists_exactly_the_flagged_students(graded):
    _, grades, report, _ = graded
    expected = {s for s, (_, _, flagged) in CATALOGUE.items() if flagged}
    assert {row["student"] for row in report} == expected
    assert all(row["notebook"] and row["cell"] and row["reason"] for row in report)
    assert {s for s, row in grades.items() if row["flagged"] == "yes"} == expected


@pytest.mark.parametrize("student, cell, words", [
    ("syntax", "oja", "does not parse"),
    ("killer", "oja", "ended"),
    ("sneaky_killer", "oja", "ended"),
    ("always_equal", THRESHOLD + "-check", "not a plain value"),
    ("duplicated", THRESHOLD, "pasted again"),
    ("renamed", "-", "renamed"),
    ("invalid", "-", "valid"),
    ("missing", "-", "missing"),
    ("deleted", "stdp-window-tests", "deleted"),
    ("computed_answer", THRESHOLD + "-check", "not a plain value"),
    ("rewire_py_beside", "-", "beside"),
    ("numpy_py_beside", "-", "beside"),
    ("extra_notebook_beside", "-", "unexpected notebook"),
    ("answer_as_markdown", "oja", "markdown"),
    ("answer_as_raw", "bcm-crossover", "raw"),
    ("quiz_answer_as_raw", THRESHOLD, "raw"),
    ("grade_id_changed", "oja-mine", "grade_id"),
    ("cell_id_changed", "oja", "id changed"),
    ("grading_metadata_changed", "oja", "metadata"),
    ("report_flood", "-", "too much"),
    ("notebook_is_a_link", "-", "a link"),
    ("oversized_notebook", "-", "larger than"),
])
def test_the_report_names_cell_and_reason(graded, student, cell, words):
    _, _, report, _ = graded
    rows = [row for row in report if row["student"] == student]
    assert any(row["cell"] == cell and words in row["reason"] for row in rows), rows


def test_feedback_shows_no_hidden_test_and_no_model_answer(graded):
    course, _, _, _ = graded
    hidden = hidden_test_lines(ASSIGNMENT)
    answers = ["np.subtract.outer", "middle = np.sqrt(low * high)", "leading = np.linalg.eigh"]
    for student in set(CATALOGUE) | set(COLLECTED):
        pages = list((course / "feedback" / student / ASSIGNMENT).glob("*.html"))
        assert pages, f"no feedback for {student}"
        for page in pages:
            assert page.stat().st_size < 5_000_000, f"{student}'s feedback is huge"
            text = visible_text(page.read_text())
            assert "### BEGIN HIDDEN TESTS" not in text, student
            assert not [line for line in hidden if line in text], student
            if CATALOGUE.get(student, (None, 1.0))[1] == 0.0 or student == "bob":
                assert not [a for a in answers if a in text], student


def test_no_process_of_a_submission_outlives_grading(graded):
    _, _, _, seen = graded
    assert seen["alive"] == [], "a process a submission started is still running"
    assert not any(Path("/tmp").glob("pickled")), "a pickle wrote outside its sandbox"


def test_submissions_and_teacher_files_are_never_written(graded):
    course, grades, _, seen = graded
    assert _tree_hash(course / "submitted") == seen["submitted_before"]
    assert "overwritten" not in (course / "grades.csv").read_text()
    assert "overwritten" not in (course / "feedback" / "integrity_report.csv").read_text()
    assert not (course / "gradebook.db").read_bytes().count(b"overwritten by a student")


def test_no_score_was_raised_by_hand_in_the_gradebook(graded):
    from nbgrader.api import Gradebook

    course, _, _, _ = graded
    with Gradebook("sqlite:///" + str(course / "gradebook.db")) as gradebook:
        submission = gradebook.find_submission(ASSIGNMENT, "reads_gradebook")
        assert all(grade.manual_score is None for notebook in submission.notebooks for grade in notebook.grades)


def test_without_a_sandbox_grading_refuses_and_says_what_to_install(tmp_path):
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}  # no bwrap on PATH
    result = subprocess.run([sys.executable, "-m", "rewire.grading", "grade"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "bubblewrap" in result.stderr and "--unsandboxed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
