"""The one table of `make bench`: every measurement beside its target (issue 7), read from
the JSON the other benchmarks wrote, and written again as benchmarks/results/summary.json.

    make bench      (runs the benchmarks, then this)
"""
import json
import os
import platform
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def load(name):
    return json.loads((RESULTS / f"{name}.json").read_text())


def rows():
    """(what, measured, target, met) for every figure the benchmarks produce."""
    for app in load("widgets"):
        yield (f"widget {app['app']}: change to redrawn figure, kernel",
               f"median {app['median_ms']:.1f} ms, p95 {app['p95_ms']:.1f} ms, {app['speed_up']:.1f}x faster than re-creating",
               "median <= 20 ms and >= 3x", app["median_ms"] <= 20 and app["speed_up"] >= 3)
    for app in load("browser"):
        yield (f"browser {app['app']}: key press to new pixels",
               f"median {app['median_ms']:.0f} ms, p95 {app['p95_ms']:.0f} ms", "median < 100 ms", app["median_ms"] < 100)
    course = load("course")
    yield ("course: lessons and solutions executed",
           f"{course['two_workers_s']:.1f} s on two workers ({course['serial_s']:.1f} s serial)", "< 60 s on two workers",
           course["two_workers_s"] < 60)
    grading = load("grading")
    yield (f"grading: a class of {grading['class_size']} through make grade",
           f"{grading['per_submission_s']:.1f} s per submission ({grading['total_s']:.0f} s in all)", "(none set)", None)
    models = load("models")
    for model in models["memory"]:
        yield (f"model {model['model']}: protocol of 10-1000 trials",
               f"{model['ms']['200']:.2f} ms at 200 trials, grows as n^{model['growth_exponent']:.2f}", "(none set)", None)
    for step in models["hand_map"]:
        yield (f"hand map {step['step']}: 25-400 units",
               f"{step['ms']['100']:.1f} ms at 100 units, grows as n^{step['growth_exponent']:.2f}", "(none set)", None)


def main():
    table = [dict(zip(("what", "measured", "target", "met"), row)) for row in rows()]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"\nRewire benchmarks on {machine}")
    width = max(len(row["what"]) for row in table)
    for row in table:
        verdict = {True: "met", False: "MISSED", None: ""}[row["met"]]
        print(f"{row['what']:<{width}}  {row['measured']:<70}  {row['target']:<26}  {verdict}")
    (RESULTS / "summary.json").write_text(json.dumps({"machine": machine, "rows": table}, indent=1))


if __name__ == "__main__":
    main()
