"""Collecting believes only genuine submissions: from nbgrader's exchange
(rewire.grading.exchange; tests/test_hub.py does the same with real accounts on a real
JupyterHub) and from a teacher's download (rewire.grading.collect)."""
import getpass
import os
import pwd
import shutil
import zipfile
from datetime import datetime, timedelta, timezone

import pytest

from notebooks import REPO
from rewire.grading import collect, exchange

ME = getpass.getuser()
ASSIGNMENT = "01_synaptic"


def utc_now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


def hand_in(inbound, student, when, name="x", files=None):
    folder = inbound / f"{student}+{ASSIGNMENT}+{when:%Y-%m-%d %H:%M:%S.%f} UTC+{name}"
    folder.mkdir()
    files = {"synaptic_exercises.ipynb": f"handed in at {when}"} if files is None else files
    for file_name, text in files.items():
        (folder / file_name).write_text(text)
    return folder


def test_the_latest_genuine_submission_is_collected_with_its_time(tmp_path):
    now = utc_now()
    hand_in(tmp_path, ME, now - timedelta(seconds=30), "first")
    hand_in(tmp_path, ME, now - timedelta(seconds=10), "second")
    collected, reported = exchange.collect(tmp_path, ASSIGNMENT, [ME], tmp_path / "submitted")
    target = tmp_path / "submitted" / ME / ASSIGNMENT
    assert (collected, reported) == ([ME], [])
    assert (target / "synaptic_exercises.ipynb").read_text() == f"handed in at {now - timedelta(seconds=10)}"
    assert exchange._timestamp_of(target) == now - timedelta(seconds=10)
    assert exchange.collect(tmp_path, ASSIGNMENT, [ME], tmp_path / "submitted")[0] == [], "collected again though not newer"


def test_a_submission_claiming_a_time_before_its_files_were_written_counts_as_handed_in_when_written(tmp_path):
    before_the_deadline = utc_now() - timedelta(days=3)
    hand_in(tmp_path, ME, before_the_deadline, "backdated")
    collected, reported = exchange.collect(tmp_path, ASSIGNMENT, [ME], tmp_path / "submitted")
    assert collected == [ME] and "before its files were written" in reported[0][1]
    written = exchange._timestamp_of(tmp_path / "submitted" / ME / ASSIGNMENT)
    assert abs(written - utc_now()) < timedelta(minutes=1)


@pytest.mark.skipif(os.geteuid() != 0, reason="handing a folder to another account needs root (CI is root)")
def test_a_folder_in_a_students_name_that_another_account_owns_is_not_theirs(tmp_path):
    other = pwd.getpwnam("nobody")
    folder = hand_in(tmp_path, ME, utc_now(), "forged")
    os.chown(folder, other.pw_uid, other.pw_gid)
    collected, reported = exchange.collect(tmp_path, ASSIGNMENT, [ME], tmp_path / "submitted")
    assert collected == [] and "another account" in reported[0][1]


@pytest.mark.parametrize("make, reason", [
    (lambda folder, target: os.symlink(target, folder / "synaptic_exercises.ipynb"), "link"),
    (lambda folder, target: os.mkfifo(folder / "synaptic_exercises.ipynb"), "not a plain file"),
    (lambda folder, target: (folder / "big.bin").write_bytes(b"\0" * (exchange.MAX_SUBMISSION_BYTES + 1)), "larger than"),
], ids=["link", "pipe", "oversized"])
def test_links_pipes_and_oversized_folders_are_left_where_they_are(tmp_path, make, reason):
    secret = tmp_path / "solution.ipynb"
    secret.write_text("the teacher's solution")
    (inbound := tmp_path / "inbound").mkdir()
    make(hand_in(inbound, ME, utc_now(), "hostile", files={}), secret)
    collected, reported = exchange.collect(inbound, ASSIGNMENT, [ME], tmp_path / "submitted")
    assert collected == [] and reason in reported[0][1]
    assert not (tmp_path / "submitted").exists()


@pytest.mark.parametrize("student, when, reason", [
    ("someone-else", "2026-12-08 10:00:00.000000 UTC", "no student of the class"),
    (ME, "not-a-time", "no valid time"),
])
def test_names_outside_the_class_or_without_a_time_are_reported_and_the_rest_collected(tmp_path, student, when, reason):
    (tmp_path / f"{student}+{ASSIGNMENT}+{when}+odd").mkdir()
    hand_in(tmp_path, ME, utc_now(), "genuine")
    collected, reported = exchange.collect(tmp_path, ASSIGNMENT, [ME], tmp_path / "submitted")
    assert collected == [ME] and len(reported) == 1 and reason in reported[0][1]


def download_course(tmp_path):
    (tmp_path / "solutions" / ASSIGNMENT).mkdir(parents=True)
    solution = tmp_path / "solutions" / ASSIGNMENT / "synaptic_exercises.ipynb"
    solution.write_text("the teacher's solution")
    return solution


def test_a_download_holding_a_link_files_nothing_through_it(tmp_path):
    solution = download_course(tmp_path)
    (tmp_path / "download").mkdir()
    (tmp_path / "download" / "alice_synaptic_exercises.ipynb").symlink_to(solution)
    assert collect.collect(tmp_path / "download", tmp_path) == ["alice_synaptic_exercises.ipynb"]
    assert not (tmp_path / "submitted").exists()


def test_an_archive_that_would_unpack_too_large_is_refused_before_unpacking(tmp_path, monkeypatch):
    download_course(tmp_path)
    monkeypatch.setattr(collect, "MAX_ARCHIVE_BYTES", 1000)
    with zipfile.ZipFile(tmp_path / "download.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("alice_synaptic_exercises.ipynb", "0" * 5000)  # 5000 bytes unpacked, a few dozen packed
    with pytest.raises(collect.NotCollectable, match="would unpack to 1 files"):
        collect.collect(tmp_path / "download.zip", tmp_path)
    assert not (tmp_path / "submitted").exists()


def test_nbgrader_collect_and_the_formgrader_button_go_through_the_trusted_collect(tmp_path):
    from rewire.grading import nbgrader

    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", course)
    solution = download_course(course)
    nbgrader(course, "db", "student", "add", ME)
    inbound = tmp_path / "exchange" / "rewire" / "inbound"
    inbound.mkdir(parents=True)
    hand_in(inbound, ME, utc_now() - timedelta(seconds=20), "genuine")
    os.symlink(solution, hand_in(inbound, ME, utc_now(), "link", files={}) / "synaptic_exercises.ipynb")
    result = nbgrader(course, "collect", ASSIGNMENT, f"--Exchange.root={tmp_path / 'exchange'}")
    collected = course / "submitted" / ME / ASSIGNMENT / "synaptic_exercises.ipynb"
    assert collected.read_text().startswith("handed in at")
    assert "+link: synaptic_exercises.ipynb is a link" in result.stdout + result.stderr
