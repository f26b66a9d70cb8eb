"""Course execution: every lesson and instructor solution run headless, one after another
and on two workers. Issue 7's target: under 60 s with two workers on a 2-core machine.
Prints a table and writes benchmarks/results/course.json.

    make bench
"""
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from notebooks import LESSONS, SOLUTIONS, execute  # noqa: E402

TARGET_S = 60.0


def timed(path):
    start = time.perf_counter()
    execute(path)
    return path.name, time.perf_counter() - start


def main():
    notebooks = LESSONS + SOLUTIONS
    start = time.perf_counter()
    serial = dict(timed(path) for path in notebooks)
    serial_total = time.perf_counter() - start
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(timed, notebooks))
    parallel_total = time.perf_counter() - start
    for name, seconds in serial.items():
        print(f"{name:<40}{seconds:>8.1f} s")
    verdict = "yes" if parallel_total < TARGET_S else "NO"
    print(f"{'all, one after another':<40}{serial_total:>8.1f} s")
    print(f"{'all, two workers':<40}{parallel_total:>8.1f} s   under {TARGET_S:.0f} s: {verdict}")
    out = Path(__file__).parent / "results" / "course.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"notebooks": serial, "serial_s": serial_total, "two_workers_s": parallel_total}, indent=1))


if __name__ == "__main__":
    main()
