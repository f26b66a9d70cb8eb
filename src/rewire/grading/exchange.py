"""Collecting submissions from nbgrader's exchange without trusting what students wrote there.

nbgrader's inbound folder is writable by every student (mode 2733), and `nbgrader collect`
believes what it finds: the student named in a folder's name (it only warns when another
account owns the folder), the files in it (it copies them as the teacher, following links),
and the timestamps (one it cannot parse stops the collection of the whole class). So a
student who writes into inbound by hand could hand in a link to the teacher's solution,
a blank notebook in a classmate's name with a later time, a time before the deadline, or a
named pipe that hangs the copy. Here each folder must be owned by the student it names, who
is on the class list, and hold only regular files of theirs, within a size limit; anything
else is left where it is and reported. A submission that says it was handed in before its
files were written counts as handed in when they were. Of each student's genuine
submissions the latest is copied, as plain bytes, into submitted/<student>/<assignment>/,
as nbgrader collect would.
"""
import os
import pwd
import shutil
import stat
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from nbgrader.api import Gradebook
from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.utils import parse_utc

MAX_SUBMISSION_BYTES = 100 << 20  # nbgrader's own default limit on a submission folder
# How much earlier than its files were written a submission may say it was handed in
# (nbgrader submit names the folder, then copies into it).
CLOCK_SLACK = timedelta(minutes=2)


@dataclass
class Entry:
    """One folder in inbound, `<student>+<assignment>+<timestamp>+<random>`."""
    path: Path
    student: str
    timestamp: object  # a datetime, or None when the name holds none


def read_entry(path, assignment):
    """The entry a folder name describes, or None when it is not a submission of `assignment`."""
    parts = path.name.rsplit("+", 3)
    if len(parts) != 4 or parts[1] != assignment:
        return None
    try:
        timestamp = parse_utc(parts[2])
    except (ValueError, OverflowError):
        timestamp = None
    return Entry(path, parts[0], timestamp)


class NotAcceptable(Exception):
    """Why a folder in inbound is not a genuine submission (said in a few words)."""


def read_submission(entry, students):
    """({file name: bytes}, when its files were last written) of a genuine submission by a
    student on the class list; raises NotAcceptable otherwise. Every file is opened through
    the folder's own descriptor and never through a link, so swapping a file or the folder
    for a link after a check gains nothing; a subfolder is not collected."""
    if entry.student not in students:
        raise NotAcceptable("names no student of the class")
    if entry.timestamp is None:
        raise NotAcceptable("its name holds no valid time")
    try:
        owner = pwd.getpwnam(entry.student).pw_uid
        folder = os.open(entry.path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except (KeyError, OSError) as error:
        raise NotAcceptable("not a folder of the student's own") from error
    try:
        _check_owner(folder, owner, entry.path.name)
        files, budget, written = {}, MAX_SUBMISSION_BYTES, os.fstat(folder).st_ctime
        for name in sorted(os.listdir(folder)):
            data, changed = _read_plain_file(folder, name, owner, budget)
            if data is not None:
                files[name], budget, written = data, budget - len(data), max(written, changed)
        return files, datetime.fromtimestamp(written, timezone.utc).replace(tzinfo=None)
    finally:
        os.close(folder)


def _check_owner(descriptor, owner, name):
    if os.fstat(descriptor).st_uid != owner:
        raise NotAcceptable(f"{name} belongs to another account than the student's")


def _read_plain_file(folder, name, owner, budget):
    """(bytes, time of last change) of a regular file of the student's in `folder`;
    (None, None) for a subfolder."""
    try:
        descriptor = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    except OSError as error:
        raise NotAcceptable(f"{name} is a link or cannot be opened") from error
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            return None, None
        if not stat.S_ISREG(info.st_mode):
            raise NotAcceptable(f"{name} is not a plain file (a pipe, a socket or a device)")
        _check_owner(descriptor, owner, name)
        if info.st_size > budget:
            raise NotAcceptable(f"larger than {MAX_SUBMISSION_BYTES >> 20} MB")
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            data = handle.read(budget + 1)
        if len(data) > budget:
            raise NotAcceptable(f"larger than {MAX_SUBMISSION_BYTES >> 20} MB")
        return data, info.st_ctime
    finally:
        os.close(descriptor)


def collect(inbound, assignment, students, submitted):
    """Copy each student's latest genuine submission of `assignment` from `inbound` into
    `submitted`/<student>/<assignment>/ (replacing an older one). Returns (the students
    collected, [(folder name, reason)] of the folders left out or whose time was corrected)."""
    latest, reported = {}, []
    for path in sorted(Path(inbound).iterdir()):
        entry = read_entry(path, assignment)
        if entry is None:
            continue
        try:
            files, written = read_submission(entry, students)
        except NotAcceptable as reason:
            reported.append((path.name, str(reason)))
            continue
        if entry.timestamp < written - CLOCK_SLACK:
            reported.append((path.name, f"says it was handed in at {entry.timestamp:%Y-%m-%d %H:%M} UTC, before its files "
                                        f"were written ({written:%H:%M}): collected as handed in then"))
            entry.timestamp = written
        if entry.student not in latest or entry.timestamp > latest[entry.student][0].timestamp:
            latest[entry.student] = (entry, files)
    collected = []
    for student, (entry, files) in sorted(latest.items()):
        target = Path(submitted) / student / assignment
        existing = _timestamp_of(target)
        if existing is not None and existing >= entry.timestamp:
            continue
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for name, data in files.items():
            (target / name).write_bytes(data)
        (target / "timestamp.txt").write_text(f"{entry.timestamp:%Y-%m-%d %H:%M:%S.%f} UTC")
        collected.append(student)
    return collected, reported


def _timestamp_of(folder):
    try:
        return parse_utc((folder / "timestamp.txt").read_text().strip())
    except (OSError, ValueError, OverflowError):
        return None


class TrustedCollect(ExchangeCollect):
    """`nbgrader collect` and the formgrader's Collect button, through `collect` above
    (nbgrader_config.py names it in ExchangeFactory.collect); the class list is the
    gradebook's students."""

    def init_src(self):
        self.inbound_path = os.path.join(self.root, self.coursedir.course_id, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(f"Course not found: {self.inbound_path}")

    def copy_files(self):
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gradebook:
            students = [student.id for student in gradebook.students]
        submitted = os.path.join(self.coursedir.root, self.coursedir.submitted_directory)
        collected, reported = collect(self.inbound_path, self.coursedir.assignment_id, students, submitted)
        self.log.info("Collected %s: %s", self.coursedir.assignment_id, ", ".join(collected) or "nothing new")
        for name, reason in reported:
            self.log.warning("Left out or corrected: %s: %s", name, reason)
