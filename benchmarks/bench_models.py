"""Model scaling: the memory models' run time against protocol length (10 to 1000 trials)
and the hand map's against its size (25 to 400 cortical units), each with its fitted growth
exponent (1 = linear, 2 = quadratic). Issue 4's target: any protocol of 200 trials in under
20 ms with every model. Prints two tables and writes benchmarks/results/models.json.

    make bench
"""
import json
import statistics
import time
from pathlib import Path

import numpy as np

from rewire import functional, memory

MODELS = [getattr(memory, name) for name in ("RescorlaWagner", "ContextGatedExtinction", "LabileTrace", "LatentCause") if hasattr(memory, name)]
LENGTHS = (10, 30, 100, 200, 300, 1000)
MAP_SIZES = (25, 50, 100, 200, 400)
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


def median_ms(run, repeats=7):
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return 1000 * statistics.median(timings)


def growth(sizes, times):
    """The exponent of a power law fitted to the larger sizes."""
    return float(np.polyfit(np.log(sizes[2:]), np.log(times[2:]), 1)[0])


def map_rows():
    """Developing a map and 3000 touches of adult experience, against the number of units."""
    develop = [median_ms(lambda n=n: functional.develop_map(n_units=n), repeats=3) for n in MAP_SIZES]
    maps = {n: functional.develop_map(n_units=n) for n in MAP_SIZES}
    experience = [median_ms(lambda n=n: functional.continue_experience(maps[n], digit_use=(1, 1, 0, 1, 1))) for n in MAP_SIZES]
    return [
        {"step": "develop_map", "ms": dict(zip(map(str, MAP_SIZES), develop)), "growth_exponent": growth(MAP_SIZES, develop)},
        {"step": "continue_experience", "ms": dict(zip(map(str, MAP_SIZES), experience)), "growth_exponent": growth(MAP_SIZES, experience)},
    ]


def main():
    rows = []
    for model_class in MODELS:
        model = model_class()
        times = [median_ms(lambda protocol=protocol_of(n): model.run(protocol)) for n in LENGTHS]
        rows.append({"model": model_class.__name__, "ms": dict(zip(map(str, LENGTHS), times)), "growth_exponent": growth(LENGTHS, times)})
    print(f"{'model':<24}" + "".join(f"{n:>9}" for n in LENGTHS) + "   growth   200 trials < 20 ms")
    for row in rows:
        ms = row["ms"]
        verdict = "yes" if ms["200"] < TARGET_MS_AT_200 else "NO"
        print(f"{row['model']:<24}" + "".join(f"{ms[str(n)]:>9.2f}" for n in LENGTHS) + f"   n^{row['growth_exponent']:.2f}   {verdict}")
    map_table = map_rows()
    print(f"\n{'hand map (units)':<24}" + "".join(f"{n:>9}" for n in MAP_SIZES) + "   growth")
    for row in map_table:
        print(f"{row['step']:<24}" + "".join(f"{row['ms'][str(n)]:>9.2f}" for n in MAP_SIZES) + f"   n^{row['growth_exponent']:.2f}")
    out = Path(__file__).parent / "results" / "models.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"memory": rows, "hand_map": map_table}, indent=1))


if __name__ == "__main__":
    main()
