"""The sandbox that student code runs in during `make grade`.

Threat model. A submission is written by someone who wants a higher grade than they earned,
or a lower one for somebody else, and who may know Python, IPython, nbgrader and this
course's code well. Everything in the notebook they hand in (cells, outputs, metadata) and
every file beside it is hostile. Their code may patch any module, hook any event, read any
file it can see, start processes or threads, loop, allocate, print without end, or end its
own process at any moment. The grader must still give every student exactly what their own
answers earn, and leak no hidden test or expected value.

What stops it:

- Student code runs as an unprivileged user (`rewire-sandbox1`, `rewire-sandbox2`, ...: one
  per parallel worker, created with useradd on first use) inside bubblewrap: its own mount,
  PID, network, IPC and UTS namespaces. Its file system holds only /usr, /etc, the Python
  environment and the course package (read-only), a private /tmp, and a private writable
  folder with that student's notebook. The gradebook, solutions/, nbgrader_config.py,
  submitted/, other students and the teacher's home are not there at all. No network.
- Limits: CPU time, wall-clock time, address space, processes, open files, file size; its
  output goes nowhere, and what it reports is read up to a fixed number of bytes. The
  sandbox ends with its first process (a PID namespace): nothing it starts outlives it.
- The process that runs student code never receives an expected value. It sends back only
  plain JSON data (rewire.grading.observation); the points are decided outside it by comparing
  those data with the solution's, taken the same way in a sandbox of its own. Data that
  never arrive score 0. So whatever a student does inside their sandbox changes only the
  data of their own notebook.

Without bubblewrap, or without root (needed to switch to the sandbox user), `make grade`
refuses; `--unsandboxed` runs student code as the teacher, still with scores decided
outside it, which protects the grades of a well-meaning class but not the teacher's files.
"""
import json
import os
import pwd
import resource
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

USER_PREFIX = "rewire-sandbox"
MAX_RECORD_BYTES = 16 << 20  # one step's report: observations are limited well below this
INSTALL_HINT = ("make grade runs student code in a sandbox: it needs bubblewrap (sudo apt-get install bubblewrap) "
                "and root to switch to an unprivileged user (sudo make grade); or pass --unsandboxed to run "
                "student code as yourself, unprotected")


class SandboxUnavailable(RuntimeError):
    """No sandbox can be had here; the message says what to install."""


@dataclass
class Limits:
    """What one sandboxed run may use. Times are the sums of its steps' budgets."""
    cpu_s: float
    wall_s: float
    memory_bytes: int = 4 << 30
    processes: int = 64
    open_files: int = 256
    file_bytes: int = 64 << 20
    disk_bytes: int = 256 << 20  # the size of the sandbox's only writable file system
    report_bytes: int = 32 << 20  # what the trusted side reads of the runner's reports


@dataclass
class Run:
    records: list = field(default_factory=list)  # what the runner reported, one dict per step
    ended: str = "finished"  # or "killed at the time limit", "report too large"
    planned: list = field(default_factory=list)  # the labels of the steps it was asked to run


def check_available():
    """Raise SandboxUnavailable unless bubblewrap is installed and we are root."""
    if shutil.which("bwrap") is None or os.geteuid() != 0:
        raise SandboxUnavailable(INSTALL_HINT)


def sandbox_accounts(count):
    """(uid, gid) of `count` unprivileged sandbox users, created if missing. One per worker:
    process limits count per user, so one student's fork bomb cannot starve another's run."""
    accounts = []
    for number in range(1, count + 1):
        name = f"{USER_PREFIX}{number}"
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
                           check=True, capture_output=True)
            entry = pwd.getpwnam(name)
        accounts.append((entry.pw_uid, entry.pw_gid))
    return accounts


def _mount_point_dirs(path):
    """bwrap options that create the parents of `path` world-traversable in the new root."""
    options = []
    for parent in reversed(Path(path).parents):
        if str(parent) not in ("/", "/usr", "/etc"):
            options += ["--perms", "0755", "--dir", str(parent)]
    return options


def _read_only_environment():
    """The Python environment and the course package, the only course files inside."""
    import rewire

    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(rewire.__file__).resolve().parent}
    return sorted(p.resolve() for p in paths if not str(p.resolve()).startswith(("/usr/", "/etc/")))


def bwrap_command(workdir, account, limits):
    """The command that runs the runner as `account` in a fresh sandbox around `workdir`."""
    uid, gid = account
    command = ["bwrap", "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for link in ("bin", "sbin", "lib", "lib64", "lib32"):
        if os.path.islink(f"/{link}"):
            command += ["--symlink", os.readlink(f"/{link}"), f"/{link}"]
    # The only writable place is a size-limited tmpfs: nothing is written to the host's disks.
    # It is mounted first, so that a course checked out under /tmp stays visible above it.
    command += ["--proc", "/proc", "--dev", "/dev", "--size", str(limits.disk_bytes), "--perms", "1777", "--tmpfs", "/tmp"]
    for path in _read_only_environment():
        command += [*_mount_point_dirs(path), "--ro-bind", str(path), str(path)]
    command += ["--perms", "0777", "--dir", "/tmp/submission", "--chdir", "/tmp/submission"]
    for path in sorted(Path(workdir).iterdir()):
        command += ["--ro-bind", str(path), f"/tmp/submission/{path.name}"]
    command += [
                "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup",
                "--die-with-parent", "--new-session", "--clearenv"]
    for name, value in _environment("/tmp/submission").items():
        command += ["--setenv", name, value]
    command += ["--", "setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--inh-caps=-all",
                "--bounding-set=-all", "--no-new-privs", *_runner()]
    return command


def _runner():
    return [sys.executable, "-I", "-m", "rewire.grading.runner"]


def _environment(home):
    return {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8",
            "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/matplotlib", "IPYTHONDIR": "/tmp/ipython",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}


def _set_limits(limits, with_processes):
    def apply():
        cpu = int(limits.cpu_s) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if with_processes:
            resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
    return apply


def run(plan, workdir, limits, account=None):
    """Run the plan's steps on the notebook in `workdir`: sandboxed as `account` (uid, gid),
    or, with account None, unsandboxed as the current user. Returns the records it reported,
    parsed as JSON, up to limits.report_bytes; the run is killed at limits.wall_s."""
    if account is None:
        command, cwd, env = _runner(), workdir, _environment(str(workdir))
    else:
        for path in Path(workdir).iterdir():
            os.chmod(path, 0o644)
        command, cwd, env = bwrap_command(workdir, account, limits), None, {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, start_new_session=True,
                               preexec_fn=_set_limits(limits, with_processes=account is not None))
    result = Run()
    timer = threading.Timer(limits.wall_s, _kill, (process, result, "killed at the time limit"))
    timer.start()
    threading.Thread(target=_feed, args=(process.stdin, json.dumps(plan).encode()), daemon=True).start()
    try:
        _collect(process, result, limits.report_bytes)
    finally:
        timer.cancel()
        _kill(process, result, None)
    return result


def _feed(pipe, data):
    try:
        pipe.write(data)
        pipe.close()
    except OSError:
        pass  # the runner ended before reading its plan


def _collect(process, result, budget):
    """Read the runner's JSON lines, never more than `budget` bytes nor one line longer
    than a record can be: a flood ends the run instead of filling memory."""
    while True:
        line = process.stdout.readline(MAX_RECORD_BYTES)
        if not line:
            break
        budget -= len(line)
        if budget < 0 or not line.endswith(b"\n"):
            _kill(process, result, "report too large")
            break
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):  # not JSON, or nested past what a decoder follows
            continue
        if isinstance(record, dict):
            result.records.append(record)
    process.stdout.close()


def _kill(process, result, reason):
    """End the run and everything in it (the whole process group; bwrap's PID namespace
    takes every process the student started with it)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, 9)
        except ProcessLookupError:
            pass
        if reason:
            result.ended = reason
    process.wait()
