"""Widget latency: time from a control change to redrawn figure data, in the kernel.

For each app of `apps.catalogue()`, the main control is moved 30 times; each change reruns
the model, updates the artists in place, draws them and encodes the changed pixels for the
browser (ipympl's canvas, as a learner gets it). Beside it, the naive approach that builds
the figure again on every change (what `interact` with `plt.show()` does), measured in the
same run. Issue 12's target: a median under 16 ms (one frame at 60 Hz) for each app.
Beside the time, the kernel's CPU time per change: on a machine shared with other work,
the time waits for the cores and the CPU time much less. Prints a table and writes
benchmarks/results/widgets.json.

    make bench
"""
import json
import os
import statistics
import time
from pathlib import Path

import matplotlib

matplotlib.use("module://ipympl.backend_nbagg")  # the canvas learners get
import matplotlib.pyplot as plt  # noqa: E402

from rewire import apps  # noqa: E402

CHANGES = 30
RECREATIONS = 10  # re-creating takes tens of times longer: fewer runs give a steady median
TARGET_MS = 16.0


def control_values(control, n=CHANGES):
    """n positions spread over a slider's range in a scrambled order, a menu's options in
    turn, or a tick box switched on and off."""
    if isinstance(control.value, bool):
        return [i % 2 == 0 for i in range(n)]
    if hasattr(control, "options"):
        return [i % len(control.options) for i in range(n)]  # set through control.index
    # Positions a person can reach: the slider's steps (a log slider's steps in its exponent).
    low, high = (control.min, control.max)
    positions = round((high - low) / control.step)
    snapped = [low + control.step * round(positions * ((i * 7) % n) / (n - 1)) for i in range(n)]
    return [control.base ** x for x in snapped] if hasattr(control, "base") else snapped


def set_control(control, value):
    """Move a control as a person would: a menu by its position, anything else by value."""
    setattr(control, "index" if hasattr(control, "options") else "value", value)


def percentile_95(samples):
    return sorted(samples)[int(0.95 * (len(samples) - 1))]


def in_place(make_app):
    """The app as a learner uses it: drawn once (the browser's first draw), then each
    change runs the model and redraws what it changed, as the app's refresh does."""
    app = make_app()
    app.figure.canvas.syncing_data_url = False  # what ipympl does once a browser shows the canvas
    app.figure.canvas.draw()
    name, control = next(iter(app.controls.items()))
    timings, cpu = [], []
    for value in control_values(control):
        start, start_cpu = time.perf_counter(), time.process_time()
        set_control(control, value)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return name, timings, cpu


def recreated(make_app):
    timings = []
    for value in control_values(next(iter(make_app().controls.values())))[:RECREATIONS]:
        start = time.perf_counter()
        app = make_app()
        set_control(next(iter(app.controls.values())), value)
        app.figure.canvas.draw()
        timings.append(time.perf_counter() - start)
        plt.close(app.figure)
    return timings


def main():
    rows = []
    for name, make_app in apps.catalogue().items():
        control, fast, cpu = in_place(make_app)
        slow = recreated(make_app)
        rows.append(
            {
                "app": name,
                "control": control,
                "median_ms": 1000 * statistics.median(fast),
                "p95_ms": 1000 * percentile_95(fast),
                "cpu_median_ms": 1000 * statistics.median(cpu),
                "recreate_median_ms": 1000 * statistics.median(slow),
                "speed_up": statistics.median(slow) / statistics.median(fast),
                "load_1min": os.getloadavg()[0],
            }
        )
        plt.close("all")
        print(f"{name:<24} median {rows[-1]['median_ms']:.1f} ms (CPU {rows[-1]['cpu_median_ms']:.1f} ms)", flush=True)
    print(f"{'app':<24}{'control':<26}{'median ms':>10}{'p95 ms':>9}{'CPU ms':>8}{'re-create ms':>14}{'speed-up':>10}"
          f"  under {TARGET_MS:.0f} ms")
    for row in rows:
        print(
            f"{row['app']:<24}{row['control']:<26}{row['median_ms']:>10.1f}{row['p95_ms']:>9.1f}{row['cpu_median_ms']:>8.1f}"
            f"{row['recreate_median_ms']:>14.1f}{row['speed_up']:>9.1f}x  {'yes' if row['median_ms'] < TARGET_MS else 'NO'}"
        )
    out = Path(__file__).parent / "results" / "widgets.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
