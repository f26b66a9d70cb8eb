"""The `rewire` command as people type it: the console script installed in the course's
environment, run as a subprocess. Each subcommand explains itself with --help; bad input
ends with one line that says what is wrong and a non-zero exit status, never a traceback;
the Makefile's targets call it; long commands report their progress in a log.
"""
import fcntl
import os
import pty
import re
import select
import shutil
import socket
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from notebooks import PATIENCE_S, REPO

REWIRE = Path(sys.executable).parent / ("rewire.exe" if os.name == "nt" else "rewire")
SUBCOMMANDS = ["lab", "present", "site", "questions", "exercises", "collect", "grade", "feedback",
               "report", "export-grades", "hub", "progress", "bench", "tables", "strip"]
# What each subcommand needs besides the course folder, to reach the point where it looks for it.
ARGUMENTS = {"present": ["05"], "collect": ["downloads.zip"], "export-grades": ["moodle"]}


def rewire(*args, cwd=REPO, timeout=PATIENCE_S):
    # Under `make test` the outer make's variables would leak into a make started here.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "REWIRE_DEBUG")}
    return subprocess.run([str(REWIRE), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def one_clear_line(result):
    """The single line a failed command printed (asserting that it failed and printed one line)."""
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    return lines[0]


@pytest.fixture
def busy_port():
    """A local port something already listens on."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_rewire_help_lists_every_subcommand():
    result = rewire("--help")
    assert result.returncode == 0, result.stderr
    listed = re.findall(r"^    ([\w-]+)", result.stdout, re.M)
    assert listed == SUBCOMMANDS


@pytest.mark.parametrize("subcommand", SUBCOMMANDS)
def test_each_subcommand_explains_itself(subcommand):
    result = rewire(subcommand, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: rewire {subcommand}")
    description = result.stdout.split("\n\n")[1]
    assert len(description.split()) >= 6, f"rewire {subcommand} --help does not say what it does"


BAD_INPUT = {
    "a zip that does not exist": (["collect", "missing.zip"], "rewire collect: missing.zip does not exist"),
    "a file that is not a zip": (["collect", "README.md"], "README.md is not a zip file"),
    "nothing to collect": (["collect"], "the following arguments are required: path"),
    "a lesson that does not exist": (["present", "99"], "no lesson starts with 99 in lessons/; the lessons are 00_welcome"),
    "a lesson that is not a number": (["present", "abc"], "'abc' is not a lesson number"),
    "no lesson": (["present"], "no lesson given: give the two digits"),
    "a theme that does not exist": (["present", "05", "--theme", "blue"], "invalid choice: 'blue'"),
    "a port that is not a number": (["lab", "--port", "eighty"], "the port must be a number from 1 to 65535"),
    "a port out of range": (["present", "05", "--port=70000"], "the port must be a number from 1 to 65535"),
    "a subcommand that does not exist": (["grad"], "invalid choice: 'grad'"),
    "an option the subcommand does not take": (["strip", "--all"], "rewire strip: unrecognized arguments: --all"),
    "Sphinx options that cannot be split": (["site", '--sphinxopts=-D "x'], "--sphinxopts could not be read"),
}


@pytest.mark.parametrize("arguments, expected", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_gives_one_clear_line_and_no_traceback(arguments, expected):
    assert expected in one_clear_line(rewire(*arguments))


@pytest.mark.parametrize("subcommand", ["lab", "present"])
def test_a_port_in_use_gives_one_clear_line(busy_port, subcommand):
    result = rewire(subcommand, *ARGUMENTS.get(subcommand, []), f"--port={busy_port}", "--no-browser")
    assert f"port {busy_port} is in use" in one_clear_line(result)


# progress is a learner's own record; hub works on its set-up folder (/opt/rewire-hub), from anywhere.
@pytest.mark.parametrize("subcommand", [name for name in SUBCOMMANDS if name not in ("progress", "hub")])
def test_outside_the_course_folder_each_subcommand_says_so_in_one_line(tmp_path, subcommand):
    line = one_clear_line(rewire(subcommand, *ARGUMENTS.get(subcommand, []), cwd=tmp_path))
    assert line.startswith(f"rewire {subcommand}: no course folder in {tmp_path}"), line


def test_progress_shows_the_learners_own_record_from_any_folder(tmp_path):
    result = rewire("progress", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Self-checks answered right: 0 of" in result.stdout


def test_the_course_folder_is_found_from_a_subfolder():
    line = one_clear_line(rewire("present", "99", cwd=REPO / "lessons"))
    assert "no lesson starts with 99" in line


MAKE_TARGETS = {
    "lab": (["lab"], "rewire lab"),
    "lab for a teacher": (["lab", "TEACHER=1", "LAB_ARGS=--port 8899 --no-browser"],
                          "rewire lab --teacher --port 8899 --no-browser"),
    "present": (["present", "LESSON=05", "PRESENT_THEME=dark", "PRESENT_ARGS=--port 8870"],
                "rewire present 05 --theme=dark --port 8870"),
    "site": (["site"], 'rewire site --sphinxopts="-W --keep-going"'),
    "teacher's site": (["site", "SOLUTIONS=1", "SPHINXOPTS="], 'rewire site --solutions --sphinxopts=""'),
    "grade": (["grade", "GRADE_ARGS=--Execute.timeout=30"], "rewire grade -- --Execute.timeout=30"),
    "collect": (["collect", "ZIP=downloads.zip"], 'rewire collect "downloads.zip"'),
    "export-grades": (["export-grades", "PLATFORM=canvas"], "rewire export-grades canvas"),
    "hub": (["hub", "CLASS=students.csv", "TEACHER=ada"],
            'rewire hub setup --class-list "students.csv" --teacher "ada" --port 8000'),
    "hub-stop": (["hub-stop"], "rewire hub stop"),
    **{name: ([name], f"rewire {name}") for name in ("exercises", "feedback", "report", "bench", "tables", "questions", "strip")},
}


@pytest.mark.parametrize("make_arguments, command", MAKE_TARGETS.values(), ids=MAKE_TARGETS.keys())
def test_the_makefile_targets_call_the_rewire_command(make_arguments, command):
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    shown = subprocess.run(["make", "--no-print-directory", "-n", "-o", ".venv/.installed", "-o", ".venv/.test-installed",
                            *make_arguments], cwd=REPO, env=env, capture_output=True, text=True, check=True).stdout
    assert any(" ".join(line.split()) == f".venv/bin/{command}" for line in shown.splitlines()), shown


def scratch_course(tmp_path, *folders):
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", course)
    for folder in ("lessons", *folders):
        shutil.copytree(REPO / folder, course / folder,
                        ignore=shutil.ignore_patterns("_build", "lessons", "solutions", ".ipynb_checkpoints", "__pycache__"))
    return course


def test_rewire_exercises_regenerates_the_committed_student_versions_and_refuses_over_edits(tmp_path):
    course = scratch_course(tmp_path, "solutions", "exercises")
    result = rewire("exercises", cwd=course)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "student versions" in result.stderr and "\r" not in result.stderr  # progress lines, as in a log
    for committed in (REPO / "exercises").rglob("*.ipynb"):
        assert (course / committed.relative_to(REPO)).read_bytes() == committed.read_bytes(), committed

    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=course, check=True)
    subprocess.run([*git, "add", "-A"], cwd=course, check=True)
    subprocess.run([*git, "commit", "-qm", "course"], cwd=course, check=True)
    edited = next((course / "exercises").rglob("*.ipynb"))
    edited.write_text(edited.read_text().replace("raise NotImplementedError()", "answer = 1", 1))
    assert one_clear_line(rewire("exercises", cwd=course)) == (
        "rewire exercises: exercises/ has uncommitted edits; commit or stash them first")
    assert "answer = 1" in edited.read_text()


def test_rewire_site_builds_the_site_and_reports_pages_built_of_the_total(tmp_path):
    course = scratch_course(tmp_path, "solutions", "docs")
    if (REPO / "docs" / "_vendor").is_dir():  # else vendor.py downloads it from the npm registry
        shutil.copytree(REPO / "docs" / "_vendor", course / "docs" / "_vendor")
    # Not executing the lessons keeps this test short; tests/test_site.py builds the full site.
    result = rewire("site", "--sphinxopts=-W --keep-going -D nb_execution_mode=off", cwd=course)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = len(list((course / "lessons").glob("*.ipynb"))) + 1  # the lessons and the home page
    reports = re.findall(r"^pages built:.*?(\d+)/(\d+) \[", result.stderr, re.M)
    assert reports[0] == ("0", str(pages)) and reports[-1] == (str(pages), str(pages)), result.stderr
    assert "\r" not in result.stderr, "progress in a log must be lines, not a redrawn bar"
    assert (course / "docs" / "_build" / "html" / "index.html").is_file()
    assert "The site is in docs/_build/html/" in result.stdout


def run_progress(items, stream_setup):
    """Iterate over `items` with rewire.terminal.progress writing to a stream; the text written."""
    from rewire.terminal import progress

    stream, read = stream_setup()
    for _ in progress(range(items), desc="students graded", unit="student", file=stream):
        pass
    stream.flush()
    return read()


def test_progress_in_a_log_is_a_few_whole_lines(tmp_path):
    log = tmp_path / "log.txt"

    def setup():
        return open(log, "w"), log.read_text

    text = run_progress(300, setup)
    lines = text.splitlines()
    assert "\r" not in text and text.endswith("\n")
    assert lines[0].startswith("students graded:   0%") and "0/300" in lines[0]
    assert lines[-1].startswith("students graded: 100%") and "300/300" in lines[-1]
    assert len(lines) <= 4, "a quick loop must not flood the log"


def read_all(descriptor):
    """Everything written so far to the other end of a pseudo-terminal (it arrives in pieces)."""
    chunks = []
    while select.select([descriptor], [], [], 1)[0]:
        chunks.append(os.read(descriptor, 65536))
    return b"".join(chunks).decode()


def test_progress_in_a_terminal_is_one_bar_redrawn_in_place():
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # 40 rows, 120 columns

    def setup():
        stream = os.fdopen(terminal, "w")
        return stream, lambda: read_all(controller)

    text = run_progress(50, setup)
    os.close(controller)
    assert "\r" in text and "50/50" in text
    assert "\n" not in text.rstrip(), "a bar in a terminal redraws one line"
