"""The one table of `make bench`: every measurement beside its target (issues 7 and 12),
read from the JSON the other benchmarks wrote, and written again as
benchmarks/results/summary.json. A benchmark that has not run is listed as not run; the
machine's load average during the widget and browser timings is printed with them (the
development machine is shared, and a loaded machine is slower).

    make bench      (runs the benchmarks, then this)
"""
import json
import os
import platform
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def load(name):
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def widget_rows(widgets):
    for app in widgets:
        yield (f"widget {app['app']}: change to redrawn figure, kernel",
               f"median {app['median_ms']:.1f} ms (CPU {app.get('cpu_median_ms', float('nan')):.1f} ms), p95 {app['p95_ms']:.1f} ms, "
               f"{app['speed_up']:.1f}x faster than re-creating",
               "median < 16 ms and >= 3x", app["median_ms"] < 16 and app["speed_up"] >= 3)


def browser_rows(browser):
    for app in browser:
        yield (f"browser {app['app']}: key press to new pixels",
               f"median {app['median_ms']:.0f} ms, p95 {app['p95_ms']:.0f} ms", "median < 100 ms", app["median_ms"] < 100)


def course_rows(course):
    yield ("course: lessons and solutions executed",
           f"{course['two_workers_s']:.1f} s on two workers ({course['serial_s']:.1f} s serial)", "< 60 s on two workers",
           course["two_workers_s"] < 60)


def grading_rows(grading):
    yield (f"grading: a class of {grading['class_size']} through make grade",
           f"{grading['per_submission_s']:.1f} s per submission ({grading['total_s']:.0f} s in all)", "(none set)", None)


def model_rows(models):
    for model in models["memory"]:
        yield (f"model {model['model']}: protocol of 10-1000 trials",
               f"{model['ms']['200']:.2f} ms at 200 trials, grows as n^{model['growth_exponent']:.2f}", "(none set)", None)
    for step in models["hand_map"]:
        yield (f"hand map {step['step']}: 25-400 units",
               f"{step['ms']['100']:.1f} ms at 100 units, grows as n^{step['growth_exponent']:.2f}", "(none set)", None)


SECTIONS = {"widgets": widget_rows, "browser": browser_rows, "course": course_rows, "grading": grading_rows,
            "models": model_rows}


def rows():
    """(what, measured, target, met) for every figure the benchmarks produce."""
    for name, section in SECTIONS.items():
        results = load(name)
        if results is None:
            yield (f"{name}: benchmarks/bench_{name}.py", "not run", "", None)
        else:
            yield from section(results)


def load_during(name):
    """The range of the 1-minute load average while a benchmark of apps ran, if it recorded it."""
    loads = [row["load_1min"] for row in load(name) or [] if "load_1min" in row]
    return f"{min(loads):.1f}-{max(loads):.1f}" if loads else None


def main():
    table = [dict(zip(("what", "measured", "target", "met"), row)) for row in rows()]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    loads = {name: load_during(name) for name in ("widgets", "browser") if load_during(name)}
    print(f"\nRewire benchmarks on {machine}")
    for name, during in loads.items():
        print(f"load average during the {name} timings: {during} (on {os.cpu_count()} cores)")
    width = max(len(row["what"]) for row in table)
    for row in table:
        verdict = {True: "met", False: "MISSED", None: ""}[row["met"]]
        print(f"{row['what']:<{width}}  {row['measured']:<70}  {row['target']:<26}  {verdict}")
    (RESULTS / "summary.json").write_text(json.dumps({"machine": machine, "load_average": loads, "rows": table}, indent=1))


if __name__ == "__main__":
    main()
