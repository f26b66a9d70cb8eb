"""A seminar on a real JupyterHub with real accounts (issue 15): `rewire hub` sets up
a teacher and three students, the teacher releases, an honest and a hostile student fetch
and submit through nbgrader's exchange, one never does, the teacher collects, grades with
the course's sandboxed pipeline (as root) and releases feedback, everyone fetches their own; then `stop` must
leave no account, process, port or folder behind. Needs root, useradd and npm (CI has them)."""
import contextlib
import csv
import io
import json
import os
import pwd
import re
import shutil
import socket
import sqlite3
import stat
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from notebooks import PATIENCE_S, REPO
from rewire import hub
from test_browser import ARTEFACTS, CHROMIUM, CHROMIUM_FLAGS, require_chromium
from test_hostile_grading import CATALOGUE

TEACHER, HONEST, HOSTILE, ABSENT = "rwhub-teacher", "rwhub-honest", "rwhub-hostile", "rwhub-absent"
STUDENTS = [HONEST, HOSTILE, ABSENT]
ASSIGNMENT = "01_synaptic"
NOTEBOOK = "synaptic_exercises.ipynb"
SERVER_READY_S = 90
# The shared environment must be readable by every account: the test venv's python lives
# under /root (pyenv) here, so the hub gets its own venv from /usr/bin/python3, built once
# (about 5 minutes with a warm pip cache on 2 busy cores) and reused while pyproject.toml
# is unchanged.
HUB_ENV = REPO / ".venv" / "hub-env"


def _why_it_cannot_run():
    if sys.platform != "linux":
        return "needs Linux"
    if os.geteuid() != 0:
        return "needs root (it creates accounts with useradd)"
    for tool in ("useradd", "userdel", "runuser", "npm", "chpasswd"):
        if shutil.which(tool) is None:
            return f"needs {tool}"
    taken = [a for a in [TEACHER, *STUDENTS] if _account_exists(a)]
    if taken:
        return f"accounts {taken} exist already (left over from an interrupted run? userdel -r them)"
    return None


def _everyone_can_reach(path):
    return all(folder.stat().st_mode & stat.S_IXOTH for folder in [path, *path.parents])


def _account_exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _as(state, account, *command, cwd=None):
    cwd = cwd or pwd.getpwnam(account).pw_dir
    return hub.as_user(account, command, cwd, hub.user_environment(state, account),
                       capture_output=True, text=True, timeout=120)


def _nbgrader(state, account, *args):
    return _as(state, account, Path(state["env"]) / "bin" / "nbgrader", *args)


def _python(state, account, code, *args):
    return _as(state, account, Path(state["env"]) / "bin" / "python", "-c", code, *args)


# Run by the hostile student in their own session: everything must fail or find nothing.
SNOOP = """
import glob, json, os, sys
exchange, victim = sys.argv[1], sys.argv[2]
found = {}
for name, pattern in [("inbound", exchange + "/rewire/inbound/*"),
                      ("inbound files", exchange + "/rewire/inbound/*/*.ipynb"),
                      ("feedback", exchange + "/rewire/feedback/*"),
                      ("victim home", "/home/" + victim + "/*/*/*.ipynb")]:
    found[name] = glob.glob(pattern)
for name, folder in [("list inbound", exchange + "/rewire/inbound"), ("list feedback", exchange + "/rewire/feedback"),
                     ("list victim home", "/home/" + victim)]:
    try:
        found[name] = os.listdir(folder)
    except PermissionError:
        found[name] = "denied"
print(json.dumps(found))
"""

# Added to the hostile submission: at grading time it tries to read the others' work and
# to raise its own score in the gradebook.
HOSTILE_CELL = """
import glob, os, sqlite3
stolen = []
for pattern in ["/home/*/rewire/*/*.ipynb", "/home/*/rewire/submitted/*/*/*.ipynb", "../../*/*/*.ipynb"]:
    for path in glob.glob(pattern):
        try:
            stolen.append(open(path).read()[:50])
        except OSError:
            pass
for path in glob.glob(os.path.expanduser("~/rewire/gradebook.db")) + glob.glob("../../../gradebook.db"):
    try:
        with sqlite3.connect(path) as db:
            db.execute("UPDATE grade SET manual_score = 100")
    except Exception:
        pass
print(len(stolen))
"""


# Run by the hostile student after submitting: folders written into inbound by hand, each
# one that `nbgrader collect` would believe (or choke on), with times after every real one.
FORGE = """
import os, shutil, sys
inbound, assignment, notebook, solution, blank, honest, absent = sys.argv[1:]
later = "2099-01-01 00:00:00.000000 UTC"
def folder(student, name, when=later):
    path = os.path.join(inbound, f"{student}+{assignment}+{when}+{name}")
    os.mkdir(path)
    return path
os.symlink(solution, os.path.join(folder(os.environ["USER"], "link-to-the-solution"), notebook))
shutil.copy(blank, folder(honest, "blank-in-a-classmates-name"))
shutil.copy(blank, folder(absent, "blank-for-the-absent-one"))
os.mkfifo(os.path.join(folder(os.environ["USER"], "a-pipe", "2099-01-02 00:00:00.000000 UTC"), notebook))
shutil.copy(blank, folder(os.environ["USER"], "no-time", "not-a-time"))
"""
FORGED = {"link-to-the-solution": "link", "blank-in-a-classmates-name": "another account",
          "blank-for-the-absent-one": "another account", "a-pipe": "not a plain file", "no-time": "no valid time"}


def _write_as(account, path, notebook):
    nbformat.write(notebook, path)
    user = pwd.getpwnam(account)
    os.chown(path, user.pw_uid, user.pw_gid)


def _hub_get(state, account, path):
    token = json.loads((Path(state["root"]) / "hub" / "tokens.json").read_text())[account]
    request = urllib.request.Request(f"http://127.0.0.1:{state['ports']['public']}{path}",
                                     headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status, dict(answer.headers), answer.read().decode()


def _start_server(state, account):
    hub.hub_api(state, "POST", f"/users/{account}/server")
    deadline = time.monotonic() + SERVER_READY_S
    while time.monotonic() < deadline:
        if hub.hub_api(state, "GET", f"/users/{account}")["servers"].get("", {}).get("ready"):
            return
        time.sleep(0.5)
    raise TimeoutError(f"{account}'s server not ready within {SERVER_READY_S} s")


def _drive_the_cycle(state, root, seen):
    def run(*args):
        started = time.monotonic()
        code = hub.main(["--root", str(root), *args])
        seen["seconds"][args[0]] = round(time.monotonic() - started, 1)
        return code

    seen["release"] = run("release", ASSIGNMENT)
    for student in (HONEST, HOSTILE):
        seen[f"fetch {student}"] = _nbgrader(state, student, "fetch_assignment", ASSIGNMENT, "--course", "rewire")
    work = {s: Path(pwd.getpwnam(s).pw_dir) / "rewire" / ASSIGNMENT / NOTEBOOK for s in (HONEST, HOSTILE)}
    _write_as(HONEST, work[HONEST], nbformat.read(REPO / "solutions" / ASSIGNMENT / NOTEBOOK, as_version=4))
    hostile = nbformat.read(work[HOSTILE], as_version=4)
    hostile.cells.append(nbformat.v4.new_code_cell(HOSTILE_CELL))
    _write_as(HOSTILE, work[HOSTILE], hostile)
    for student in (HONEST, HOSTILE):
        seen[f"submit {student}"] = _nbgrader(state, student, "submit", ASSIGNMENT, "--course", "rewire")
    exchange = str(Path(root) / "exchange")
    blank = Path(pwd.getpwnam(HOSTILE).pw_dir) / "released-copy.ipynb"
    _write_as(HOSTILE, blank, nbformat.read(REPO / "exercises" / ASSIGNMENT / NOTEBOOK, as_version=4))
    seen["forge"] = _python(state, HOSTILE, FORGE, f"{exchange}/rewire/inbound", ASSIGNMENT, NOTEBOOK,
                            str(Path(state["course_folder"]) / "solutions" / ASSIGNMENT / NOTEBOOK), str(blank), HONEST, ABSENT)
    seen["snoop submissions"] = json.loads(_python(state, HOSTILE, SNOOP, exchange, HONEST).stdout)
    seen["hostile lists inbound"] = _nbgrader(state, HOSTILE, "list", "--inbound", "--course", "rewire")
    seen["submitted"] = hub.submitters(state, ASSIGNMENT)
    for step in ("collect", "grade", "feedback", "export"):
        with contextlib.redirect_stdout(io.StringIO()) as said:
            seen[step] = run(step, *([] if step == "export" else [ASSIGNMENT]))
        seen[f"{step} said"] = said.getvalue()
    folder = Path(state["course_folder"])
    seen["not the teacher's"] = sorted(str(p.relative_to(folder)) for p in [folder, *folder.rglob("*")]
                                       if p.lstat().st_uid != pwd.getpwnam(TEACHER).pw_uid)
    print("integrity report:", (folder / "feedback" / "integrity_report.csv").read_text())
    with sqlite3.connect(folder / "gradebook.db") as book:
        seen["scores set by hand"] = book.execute("SELECT count(*) FROM grade WHERE manual_score IS NOT NULL").fetchone()[0]
    for student in STUDENTS:
        _nbgrader(state, student, "fetch_feedback", ASSIGNMENT, "--course", "rewire")
        home = Path(pwd.getpwnam(student).pw_dir)
        seen[f"feedback {student}"] = [p.read_text() for p in home.glob(f"rewire/{ASSIGNMENT}/feedback/*/*.html")]
    teacher_feedback = Path(state["course_folder"]) / "feedback"
    seen["teacher's feedback"] = {s: [p.read_text() for p in teacher_feedback.glob(f"{s}/{ASSIGNMENT}/*.html")]
                                  for s in STUDENTS}
    seen["snoop feedback"] = json.loads(_python(state, HOSTILE, SNOOP, exchange, HONEST).stdout)
    with open(Path(state["course_folder"]) / "grades.csv", newline="") as handle:
        seen["grades"] = {row["student_id"]: row for row in csv.DictReader(handle) if row["assignment"] == ASSIGNMENT}
    # The student's Assignments panel and the teacher's formgrader, served by their own servers.
    started = time.monotonic()
    _start_server(state, HONEST)
    seen["assignments panel"] = _hub_get(state, HONEST, f"/user/{HONEST}/assignments?course_id=rewire")
    seen["lab page"] = _hub_get(state, HONEST, f"/user/{HONEST}/lab")
    _start_server(state, TEACHER)
    seen["formgrader"] = _hub_get(state, TEACHER, f"/user/{TEACHER}/formgrader")
    seen["seconds"]["two servers"] = round(time.monotonic() - started, 1)
    if Path(CHROMIUM).exists():
        seen["browser"] = _in_the_browser(state, root)


def _in_the_browser(state, root):
    """What a student and the teacher see after logging in with their passwords in Chromium:
    the student's Assignments panel (opened from the Nbgrader menu) and the teacher's
    formgrader in a tab of its own (JupyterHub forbids showing it in JupyterLab's frame); a
    screenshot of each in artefacts/screenshots/."""
    from playwright.sync_api import sync_playwright

    with open(Path(root) / "passwords.csv", newline="") as handle:
        passwords = {row["account"]: row["password"] for row in csv.DictReader(handle)}
    base = f"http://127.0.0.1:{state['ports']['public']}"
    seen = {}
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for account in (HONEST, TEACHER):
            page = chromium.new_context(viewport={"width": 1400, "height": 900}).new_page()
            page.set_default_timeout(PATIENCE_S * 1000)
            page.goto(f"{base}/hub/login")
            page.fill("#username_input", account)
            page.fill("#password_input", passwords[account])
            page.click("#login_submit")
            page.wait_for_url(re.compile(rf"/user/{account}/lab"))
            if account == HONEST:
                page.locator(".lm-MenuBar-item").filter(has_text=re.compile(r"^Nbgrader$")).click()
                page.locator(".lm-Menu-item").filter(has_text="Assignment List").click()
                lists = page.locator("#fetched_assignments_list, #submitted_assignments_list")
                lists.filter(has_text=ASSIGNMENT).first.wait_for()
                seen["assignments panel"] = "\n".join(lists.all_inner_texts())
            else:
                page = page.context.new_page()  # the formgrader in a tab of its own, logged in
                page.goto(f"{base}/user/{TEACHER}/formgrader")
                page.locator("body").filter(has_text=ASSIGNMENT).wait_for()
                seen["formgrader"] = (page.url, page.locator("body").inner_text())
            ARTEFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=ARTEFACTS / f"hub_{'student' if account == HONEST else 'teacher'}.png")
        chromium.close()
    return seen


def _leftovers(root, ports, uids):
    return {"accounts": [a for a in [TEACHER, *STUDENTS] if _account_exists(a)],
            "homes": [a for a in [TEACHER, *STUDENTS] if Path("/home", a).exists()],
            "processes": hub.processes_of(uids),
            "ports taken": [p for p in ports if not hub.port_is_free(p)],
            "set-up folder": Path(root).exists()}


@pytest.fixture(scope="module")
def seminar():
    why = _why_it_cannot_run()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"the JupyterHub seminar test cannot run: {why}")
        pytest.skip(f"the JupyterHub seminar test cannot run here: {why}")
    scratch = Path(tempfile.mkdtemp(prefix="rewire-hub-test-"))
    scratch.chmod(0o755)
    root = scratch / "seminar"
    class_list = scratch / "students.csv"
    class_list.write_text("id\n" + "\n".join(STUDENTS) + "\n")
    port = hub.free_port_triple()
    seen = {"seconds": {}}
    started = time.monotonic()
    try:
        # Students run the course from an editable environment when they can reach the
        # checkout; a checkout in a private folder (a fresh clone in mktemp -d) gets a copy.
        env = hub.reuse_or_build_environment(HUB_ENV, REPO) if _everyone_can_reach(REPO / "src") \
            else hub.build_environment(scratch / "env", REPO)
        assert hub.main(["--root", str(root), "setup", "--class-list", str(class_list), "--teacher", TEACHER,
                         "--port", str(port), "--course", str(REPO), "--env", str(env)]) == 0
        seen["seconds"]["setup"] = round(time.monotonic() - started, 1)
        state = hub.load_state(root)
        uids = {pwd.getpwnam(a).pw_uid for a in [TEACHER, *STUDENTS]}
        _drive_the_cycle(state, root, seen)
    finally:
        if (root / "state.json").exists():
            seen["stop"] = hub.main(["--root", str(root), "stop"])
        print("seconds per step:", seen.get("seconds"))
        seen["left over"] = _leftovers(root, [port, port + 1, port + 2], locals().get("uids", set()))
        shutil.rmtree(scratch, ignore_errors=True)
    return seen


def test_the_teachers_cycle_runs_every_step(seminar):
    assert [seminar[s] for s in ("release", "collect", "grade", "feedback", "export")] == [0] * 5
    for student in (HONEST, HOSTILE):
        assert seminar[f"fetch {student}"].returncode == 0, seminar[f"fetch {student}"].stderr
        assert seminar[f"submit {student}"].returncode == 0, seminar[f"submit {student}"].stderr


def test_the_teacher_sees_who_submitted(seminar):
    # The hostile student's folder in the absent student's name does not count as theirs.
    assert seminar["submitted"] == sorted([HONEST, HOSTILE])


def test_collect_believes_no_folder_written_into_the_exchange_by_hand(seminar):
    # The hostile student wrote folders into inbound: a link to the teacher's solution, a blank
    # notebook in a classmate's name and one in the absent student's, a named pipe and a name
    # without a time. None is collected (the grades below stay what each student earned), and
    # collect says why for each, without hanging on the pipe.
    assert seminar["forge"].returncode == 0, seminar["forge"].stderr
    said = seminar["collect said"]
    assert f"collected {ASSIGNMENT}: {HONEST}, {HOSTILE}" in said
    for folder, reason in FORGED.items():
        assert re.search(rf"\+{folder}: .*{reason}", said), f"collect did not report {folder} ({reason}):\n{said}"


def test_every_student_gets_a_grade_row(seminar):
    assert set(seminar["grades"]) == set(STUDENTS)
    assert float(seminar["grades"][ABSENT]["max_score"]) > 0


def test_grades_are_full_for_the_honest_and_zero_for_the_absent(seminar):
    grades = seminar["grades"]
    assert float(grades[HONEST]["score"]) == pytest.approx(float(grades[HONEST]["max_score"]))
    assert float(grades[ABSENT]["score"]) == 0


def test_the_hostile_submission_earns_only_what_it_answered(seminar):
    # The blank exercise plus an attempt on the gradebook: what the hostile catalogue's
    # reads_gradebook earns. The sandbox does not even show it the gradebook.
    assert float(seminar["grades"][HOSTILE]["score"]) == CATALOGUE["reads_gradebook"][1]
    assert seminar["scores set by hand"] == 0


def test_after_grading_as_root_the_teacher_owns_the_course_folder(seminar):
    # release_feedback and the formgrader run as the teacher and write gradebook.db and feedback/.
    assert seminar["not the teacher's"] == []
    assert seminar["feedback"] == 0


def test_grading_without_root_says_in_one_line_that_the_sandbox_needs_it(tmp_path, capsys, monkeypatch):
    (tmp_path / "state.json").write_text(json.dumps({"teacher": TEACHER, "course_folder": str(tmp_path)}))
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert hub.main(["--root", str(tmp_path), "grade", ASSIGNMENT]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "sandbox" in error and "sudo rewire hub grade" in error


def test_each_student_gets_only_their_own_feedback(seminar):
    made = seminar["teacher's feedback"]
    assert len(made[HONEST]) == len(made[HOSTILE]) == 1 and made[HONEST] != made[HOSTILE]
    assert seminar[f"feedback {HONEST}"] == made[HONEST]
    assert seminar[f"feedback {HOSTILE}"] == made[HOSTILE]
    assert seminar[f"feedback {ABSENT}"] == []


@pytest.mark.parametrize("moment", ["snoop submissions", "snoop feedback"])
def test_a_student_cannot_list_or_read_anothers_work_through_the_file_system(seminar, moment):
    snoop = seminar[moment]
    assert snoop["list inbound"] == snoop["list feedback"] == snoop["list victim home"] == "denied"
    assert snoop["inbound"] == snoop["inbound files"] == snoop["feedback"] == snoop["victim home"] == []


def test_a_student_cannot_see_anothers_submission_through_the_exchange(seminar):
    listing = seminar["hostile lists inbound"]
    assert HONEST not in listing.stdout + listing.stderr


def test_the_assignments_panel_lists_the_released_assignment(seminar):
    status, _headers, body = seminar["assignments panel"]
    assert status == 200
    answer = json.loads(body)
    assert answer["success"], answer
    assert ASSIGNMENT in {a["assignment_id"] for a in answer["value"]}
    lab = seminar["lab page"][2]
    config = json.loads(lab.split('id="jupyter-config-data"', 1)[1].split(">", 1)[1].split("</script>", 1)[0])
    assert "@jupyter/nbgrader:assignment-list" not in config.get("disabledExtensions", [])


def test_the_formgrader_opens_in_its_own_tab(seminar):
    status, headers, body = seminar["formgrader"]
    assert status == 200 and "formgrader" in body.lower()


def test_in_the_browser_the_student_sees_the_assignment_and_the_teacher_the_formgrader(seminar):
    require_chromium()
    seen = seminar["browser"]
    assert ASSIGNMENT in seen["assignments panel"] and "feedback" in seen["assignments panel"].lower()
    url, text = seen["formgrader"]
    assert f"/user/{TEACHER}/formgrader" in url and ASSIGNMENT in text and "Manage Assignments" in text


def test_stop_leaves_no_account_process_port_or_folder(seminar):
    assert seminar["stop"] == 0
    assert seminar["left over"] == {"accounts": [], "homes": [], "processes": [], "ports taken": [],
                                    "set-up folder": False}


def test_setup_refuses_in_one_line_when_not_root_or_the_port_is_taken(tmp_path, capsys, monkeypatch):
    class_list = tmp_path / "students.csv"
    class_list.write_text("s1\n")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setattr(os, "geteuid", lambda: 0)
        code = hub.main(["--root", str(tmp_path / "x"), "setup", "--class-list", str(class_list),
                         "--teacher", "t1", "--port", str(port)])
    assert code == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and f"port {port}" in error and "taken" in error
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert hub.main(["--root", str(tmp_path / "x"), "setup", "--class-list", str(class_list),
                     "--teacher", "t1", "--port", str(port)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "root" in error
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("rows, words", [("s1\nBad Id\n", "not a valid account name"),
                                         ("s1\ns1\n", "more than once"), ("id\n", "names no student")])
def test_the_class_list_is_checked(tmp_path, rows, words):
    class_list = tmp_path / "students.csv"
    class_list.write_text(rows)
    with pytest.raises(hub.Refusal, match=words):
        hub.read_class_list(class_list)


def test_sandbox_users_that_hub_grading_makes_are_recorded_for_stop_to_remove(tmp_path, monkeypatch):
    # On a fresh machine the first grading makes rewire-sandbox1, 2, ...: `stop` removes
    # every account in created_accounts, so grading must add the ones it made.
    (tmp_path / "state.json").write_text(json.dumps({
        "teacher": "root", "course_folder": str(tmp_path), "env": str(tmp_path), "root": str(tmp_path),
        "jupyter_config": str(tmp_path), "ports": {"hub": 1}, "created_accounts": ["rwhub-someone"]}))
    made = iter([set(), {"rewire-sandbox9"}])
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(hub, "existing_sandbox_users", lambda: next(made))
    monkeypatch.setattr(hub.subprocess, "run", lambda *a, **k: hub.subprocess.CompletedProcess(a, 0))
    monkeypatch.setattr(hub, "give_to", lambda folder, account: None)
    assert hub.main(["--root", str(tmp_path), "grade", ASSIGNMENT]) == 0
    assert hub.load_state(tmp_path)["created_accounts"] == ["rwhub-someone", "rewire-sandbox9"]
