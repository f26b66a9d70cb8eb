"""A class on one server: rewire hub sets up a teacher and 30 students (real
accounts, a real JupyterHub), every student's server is started, all fetch and submit
01_synaptic at once (4 at a time, as the Assignments panel does it: through their own
servers), and the teacher's collect and grade are timed; the memory of one student's idle
JupyterLab is measured. Needs root, useradd and npm; removes everything it made. Writes
benchmarks/results/hub.json.

    sudo .venv/bin/python benchmarks/bench_hub.py [--students 30]
"""
import argparse
import json
import os
import pwd
import shutil
import signal
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from rewire import hub

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT, NOTEBOOK = "01_synaptic", "synaptic_exercises.ipynb"
READY_S = 600


def resident_mb(uid):
    """Resident memory of every process of one account, in MB."""
    total = 0
    for pid in hub.processes_of({uid}):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total / 1024


def start_servers(state, accounts):
    for account in accounts:
        hub.hub_api(state, "POST", f"/users/{account}/server")
    deadline = time.monotonic() + READY_S
    waiting = set(accounts)
    while waiting and time.monotonic() < deadline:
        waiting = {a for a in waiting if not hub.hub_api(state, "GET", f"/users/{a}")["servers"].get("", {}).get("ready")}
        time.sleep(1)
    if waiting:
        raise TimeoutError(f"{len(waiting)} servers not ready within {READY_S} s")


def assignments_action(state, student, action):
    """What the Assignments panel does on a Fetch or Submit click: a POST to the student's
    own server (which has nbgrader loaded), through the hub, with the student's token."""
    token = json.loads((Path(state["root"]) / "hub" / "tokens.json").read_text())[student]
    body = urllib.parse.urlencode({"course_id": "rewire", "assignment_id": ASSIGNMENT}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{state['ports']['public']}/user/{student}/assignments/{action}",
                                     data=body, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=READY_S) as answer:
        reply = json.loads(answer.read())
    if isinstance(reply, dict) and not reply.get("success", True):
        raise RuntimeError(f"{student}: {action} failed: {reply}")


def fetch_work_submit(state, student, answers):
    assignments_action(state, student, "fetch")
    path = Path(pwd.getpwnam(student).pw_dir) / "rewire" / ASSIGNMENT / NOTEBOOK
    nbformat.write(answers, path)
    account = pwd.getpwnam(student)
    os.chown(path, account.pw_uid, account.pw_gid)
    assignments_action(state, student, "submit")


def timed(results, name, action):
    started = time.monotonic()
    value = action()
    results[name] = round(time.monotonic() - started, 1)
    return value


def main(argv=None):
    # A timeout's SIGTERM still removes the accounts and the hub (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("bench_hub: stopped by SIGTERM"))
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=30)
    size = parser.parse_args(argv).students
    students = [f"rwbench-{i:02d}" for i in range(size)]
    scratch = Path(tempfile.mkdtemp(prefix="rewire-hub-bench-"))
    scratch.chmod(0o755)
    root, class_list = scratch / "seminar", scratch / "students.csv"
    class_list.write_text("\n".join(students) + "\n")
    env = hub.reuse_or_build_environment(REPO / ".venv" / "hub-env", REPO)
    answers = nbformat.read(REPO / "solutions" / ASSIGNMENT / NOTEBOOK, as_version=4)
    results = {"students": size}
    try:
        run = lambda *args: hub.main(["--root", str(root), *args])  # noqa: E731
        timed(results, "setup_s", lambda: run("setup", "--class-list", str(class_list), "--teacher", "rwbench-teacher",
                                              "--port", str(hub.free_port_triple()), "--course", str(REPO), "--env", str(env)))
        state = hub.load_state(root)
        timed(results, "start_all_servers_s", lambda: start_servers(state, students))
        memory = [resident_mb(pwd.getpwnam(s).pw_uid) for s in students]
        results["memory_per_student_server_mb"] = {"median": round(statistics.median(memory)), "max": round(max(memory))}
        timed(results, "release_s", lambda: run("release", ASSIGNMENT))
        with ThreadPoolExecutor(4) as pool:
            timed(results, "all_fetch_and_submit_s",
                  lambda: list(pool.map(lambda s: fetch_work_submit(state, s, answers), students)))
        timed(results, "collect_s", lambda: run("collect", ASSIGNMENT))
        timed(results, "grade_s", lambda: run("grade", ASSIGNMENT))
    finally:
        if (root / "state.json").exists():
            hub.main(["--root", str(root), "stop"])
        shutil.rmtree(scratch, ignore_errors=True)
    out = REPO / "benchmarks" / "results" / "hub.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    sys.exit(main())
