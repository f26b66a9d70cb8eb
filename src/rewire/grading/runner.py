"""What runs inside the sandbox: one notebook's cells, then the observations of its tests.

    python -I -m rewire.grading.runner < plan.json

The plan (stdin) is a list of steps, {"cell": label, "source": code, "cpu_s": s, "wall_s": s}
or {"test": grade_id, "steps": [["setup", code] | ["observe", expression]], "cpu_s": s,
"wall_s": s}. Cells run in an IPython shell (magics work) with a CPU-time and a wall-clock
limit each; their output goes nowhere. One JSON line per step is written to the original
standard output as soon as the step ends: {"cell": label, "status": "ok" | "error" |
"timeout", "cpu_s": s} or {"test": grade_id, "values": [data | {"unobserved": reason}],
"cpu_s": s}.

Nothing here is trusted: a student's code can change any of it, but only for its own
notebook, and it never sees expected values. The trusted side (rewire.grading.scoring)
decides the points from these lines.
"""
import json
import os
import signal
import sys
import time

from rewire.grading.observation import Unobservable, encode


class OutOfTime(BaseException):
    """Raised in a cell or an observation when its time is up."""


def _out_of_time(signum, frame):
    raise OutOfTime()


def _limit(cpu_s, wall_s):
    signal.setitimer(signal.ITIMER_PROF, cpu_s)
    signal.setitimer(signal.ITIMER_REAL, wall_s)


def _unlimit():
    signal.setitimer(signal.ITIMER_PROF, 0)
    signal.setitimer(signal.ITIMER_REAL, 0)


def _shell():
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    return InteractiveShell.instance(config=config)


def run_cell(shell, step):
    started = time.process_time()
    try:
        _limit(step["cpu_s"], step["wall_s"])
        result = shell.run_cell(step["source"], store_history=False, silent=False)
        _unlimit()
        status = "timeout" if isinstance(result.error_in_exec, OutOfTime) else (
            "ok" if result.success else "error")
    except OutOfTime:
        status = "timeout"
    finally:
        _unlimit()
    return {"cell": step["cell"], "status": status, "cpu_s": time.process_time() - started}


def observe_test(namespace, step):
    started = time.process_time()
    scratch = dict(namespace)
    values = []
    try:
        _limit(step["cpu_s"], step["wall_s"])
        for kind, code in step["steps"]:
            try:
                if kind == "setup":
                    exec(compile(code, "<grader set-up>", "exec"), scratch)
                    continue
                values.append(encode(eval(compile(code, "<observation>", "eval"), scratch)))
            except OutOfTime:
                raise
            except Unobservable as error:
                values.append({"unobserved": str(error)})
            except BaseException as error:  # noqa: BLE001 - a student's code may raise anything
                if kind == "observe":
                    values.append({"unobserved": type(error).__name__})
    except OutOfTime:
        values = [{"unobserved": "time limit"}]
    finally:
        _unlimit()
    return {"test": step["test"], "values": values, "cpu_s": time.process_time() - started}


def main():
    plan = json.load(sys.stdin)
    channel = os.fdopen(os.dup(1), "w", buffering=1)
    quiet = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(quiet, fd)
    sys.stdin = open(os.devnull)  # one object for all three slows printing tenfold
    sys.stdout, sys.stderr = open(os.devnull, "w"), open(os.devnull, "w")
    signal.signal(signal.SIGPROF, _out_of_time)
    signal.signal(signal.SIGALRM, _out_of_time)
    shell = _shell()
    for step in plan:
        record = run_cell(shell, step) if "cell" in step else observe_test(shell.user_ns, step)
        channel.write(json.dumps(record, allow_nan=True) + "\n")
        channel.flush()


if __name__ == "__main__":
    main()
