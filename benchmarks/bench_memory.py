"""Memory models: run time against protocol length (10 to 1000 trials), with the fitted
growth exponent (1 = linear, 2 = quadratic). Issue 4's target: any protocol of 200 trials
in under 20 ms with every model. Prints a table and writes benchmarks/results/memory.json.

    make bench
"""
import json
import statistics
import time
from pathlib import Path

import numpy as np

from rewire import memory

MODELS = [getattr(memory, name) for name in ("RescorlaWagner", "ContextGatedExtinction", "LabileTrace", "LatentCause") if hasattr(memory, name)]
LENGTHS = (10, 30, 100, 200, 300, 1000)
TARGET_MS_AT_200 = 20.0


def protocol_of(n_trials):
    """Acquisition, a reminder, then daily extinction sessions of up to 20 trials, a month's
    wait and a test: n_trials trials in all."""
    protocol = memory.Protocol().acquire(trials=3).wait(hours=24).retrieve().wait(hours=1)
    remaining = n_trials - 5
    while remaining > 0:
        session = min(20, remaining)
        protocol = protocol.extinguish(trials=session).wait(hours=24)
        remaining -= session
    return protocol.test(label="a month later")


def median_ms(model, protocol, repeats=7):
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        model.run(protocol)
        timings.append(time.perf_counter() - start)
    return 1000 * statistics.median(timings)


def main():
    rows = []
    for model_class in MODELS:
        model = model_class()
        times = [median_ms(model, protocol_of(n)) for n in LENGTHS]
        exponent = np.polyfit(np.log(LENGTHS[2:]), np.log(times[2:]), 1)[0]
        rows.append({"model": model_class.__name__, "ms": dict(zip(map(str, LENGTHS), times)), "growth_exponent": exponent})
    print(f"{'model':<24}" + "".join(f"{n:>9}" for n in LENGTHS) + "   growth   200 trials < 20 ms")
    for row in rows:
        ms = row["ms"]
        verdict = "yes" if ms["200"] < TARGET_MS_AT_200 else "NO"
        print(f"{row['model']:<24}" + "".join(f"{ms[str(n)]:>9.2f}" for n in LENGTHS) + f"   n^{row['growth_exponent']:.2f}   {verdict}")
    out = Path(__file__).parent / "results" / "memory.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
