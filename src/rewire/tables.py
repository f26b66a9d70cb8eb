"""Runs of the course's slowest models at every setting of their apps' sliders, computed
once and shipped with the package (src/rewire/data/app_tables.npz), so that moving a slider
looks a run up instead of waiting for it: 0.2 s for the lesion model, 20-50 ms for the hand
map replaying its touches one by one, 0.5 s for the calcium-control curves.

`run(name, **values)` gives the model's output for slider values: from the table when the
values are on its grid (and, for the hand map, the map is the lessons' own), otherwise
from the model itself. `python -m rewire.tables` (`make tables`) computes the file again
after a model changes; a test checks the file against the models.

The lessons start from the developed hand map shipped here (`lessons_map()`), not from a
map recomputed on the learner's machine: another CPU, BLAS or numpy rounds the 10 000
touches of development differently (by about 1e-15), and nothing in the course may depend on
floating point being bit-identical. A map counts as the lessons' map when it is within
`MAP_TOLERANCE` of it; tests/test_tables.py shows that maps that far apart give the same runs.
"""
import dataclasses
import inspect
import itertools
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from . import functional, structural, synaptic

TABLES = "app_tables.npz"


def lesion_run(lesion_fraction, growth_rate_per_day):
    """The curves of the lesion app: homeostatic rewiring after a retinal lesion."""
    result = structural.rewire_after_lesion(lesion_fraction=lesion_fraction, growth_rate_per_day=growth_rate_per_day)
    return {
        "deprived_calcium": result.deprived_calcium,
        "other_calcium": result.calcium[:, ~result.deprived].mean(axis=1),
        "deprived_incoming_synapses": result.deprived_incoming_synapses.astype(float),
        "deprived_new_incoming": result.deprived_new_incoming,
        "deprived_new_from_surround": result.deprived_new_from_surround,
    }


CALCIUM_FREQUENCIES_HZ = np.geomspace(0.5, 100.0, 14)
CALCIUM_TIMINGS_MS = np.linspace(-100.0, 100.0, 33)


def calcium_control_run(magnesium_mm, nmda_available):
    """The curves of the calcium-control app: 900 pulses at each frequency and 100 pairings
    at each spike timing (Shouval, Bear & Cooper 2002), with a share of NMDA receptors."""
    conductance = nmda_available * inspect.signature(synaptic.nmda_calcium_trace).parameters["nmda_conductance"].default
    parameters = dict(magnesium_mm=magnesium_mm, nmda_conductance=conductance)
    return {"by_frequency": synaptic.calcium_frequency_response(CALCIUM_FREQUENCIES_HZ, **parameters),
            "by_timing": synaptic.calcium_stdp_window(CALCIUM_TIMINGS_MS, **parameters)}


def _map_run(developed, **experience):
    after = functional.continue_experience(developed, **experience)
    return {"unit_digits": np.asarray(functional.unit_digits(after)),
            "territory": np.array(list(functional.territory(after).values()))}


def digit_loss_run(developed, n_steps, plasticity):
    """The map after D3 falls silent (Merzenich et al. 1984)."""
    return _map_run(developed, n_steps=n_steps, plasticity=plasticity, digit_use=(1, 1, 0, 1, 1))


def digit_overuse_run(developed, d2_use, n_steps):
    """The map after D2 is touched more often (Jenkins et al. 1990)."""
    return _map_run(developed, n_steps=n_steps, digit_use=(1, d2_use, 1, 1, 1))


def _steps(low, high, step, digits):
    return tuple(np.round(np.arange(low, high + step / 2, step), digits).tolist())


TOUCHES = tuple(range(0, 12001, 500))
# name -> (model, the grid of its app's sliders, whether it starts from the lessons' map)
RUNS = {
    "lesion": (lesion_run, {"lesion_fraction": _steps(0.05, 0.4, 0.05, 2),
                            "growth_rate_per_day": _steps(0.1, 1.0, 0.1, 1)}, False),
    "digit_loss": (digit_loss_run, {"n_steps": TOUCHES, "plasticity": _steps(0.0, 0.2, 0.01, 2)}, True),
    "digit_overuse": (digit_overuse_run, {"d2_use": _steps(1.0, 8.0, 0.5, 1), "n_steps": TOUCHES}, True),
    "calcium_control": (calcium_control_run, {"magnesium_mm": _steps(0.0, 2.0, 0.1, 1),
                                              "nmda_available": _steps(0.0, 1.5, 0.1, 1)}, False),
}


# How far (in digit widths, per coordinate) a map's preferences may lie from the lessons' map
# and still be looked up as it: 1e6 times the rounding differences seen between CPUs.
MAP_TOLERANCE = 1e-9
MAP_FIELDS = tuple(field.name for field in dataclasses.fields(functional.CorticalMap))


def developed_map():
    """The map the lessons start from, computed on this machine (`make tables` ships it)."""
    return functional.develop_map(seed=0)


@lru_cache(maxsize=1)
def lessons_map():
    """The developed hand map the lessons start from: `functional.develop_map(seed=0)` as
    computed once and shipped with the course, the same on every machine."""
    packaged = _packaged()
    fields = {field: packaged[f"lessons_map/{field}"] for field in MAP_FIELDS}
    for array in fields.values():
        array.flags.writeable = False
    return functional.CorticalMap(**{**fields, "n_touches": int(fields["n_touches"])})


def is_lessons_map(cortical_map):
    """Whether a map is the lessons' map, up to rounding (`MAP_TOLERANCE`)."""
    packaged = lessons_map().weights
    weights = np.asarray(cortical_map.weights)
    return weights.shape == packaged.shape and np.allclose(weights, packaged, rtol=0, atol=MAP_TOLERANCE)


def compute(name, developed=None):
    """Every run of one table: {output: array of shape (grid...) + output shape}."""
    model, grid, from_map = RUNS[name]
    prefix = (developed if developed is not None else lessons_map(),) if from_map else ()
    runs = [model(*prefix, **dict(zip(grid, point))) for point in itertools.product(*grid.values())]
    shape = tuple(len(values) for values in grid.values())
    return {output: np.array([r[output] for r in runs]).reshape(shape + runs[0][output].shape) for output in runs[0]}


def build(path):
    developed = developed_map()
    arrays = {f"{name}/{output}": values.astype(np.float32) if values.dtype.kind == "f" else values.astype(np.int8)
              for name in RUNS for output, values in compute(name, developed).items()}
    arrays.update({f"lessons_map/{field}": np.asarray(getattr(developed, field)) for field in MAP_FIELDS})
    np.savez_compressed(path, **arrays)


@lru_cache(maxsize=1)
def _packaged():
    with resources.files("rewire").joinpath("data", TABLES).open("rb") as handle:
        return dict(np.load(handle))


def _index(values, value):
    position = int(np.argmin(np.abs(np.asarray(values) - value)))
    return position if abs(values[position] - value) <= 1e-9 * max(1.0, abs(value)) else None


def lookup(name, developed=None, **values):
    """The packaged run for these slider values, or None when it is not in the table."""
    model, grid, from_map = RUNS[name]
    tables = _packaged()
    if from_map and not is_lessons_map(developed):
        return None
    index = tuple(_index(grid[key], values[key]) for key in grid)
    if None in index:
        return None
    return {key.split("/", 1)[1]: tables[key][index] for key in tables if key.startswith(name + "/")}


def extent(name, output):
    """(lowest, highest) value of one output over every packaged run of `name`: an app whose
    axis holds them all never has to change its limits (and redraw everything)."""
    values = _packaged()[f"{name}/{output}"]
    return float(values.min()), float(values.max())


def run(name, developed=None, **values):
    """The model's output for these slider values: looked up, or computed."""
    found = lookup(name, developed, **values)
    if found is not None:
        return found
    model, _, from_map = RUNS[name]
    return model(developed, **values) if from_map else model(**values)


if __name__ == "__main__":
    if sys.argv[1:]:
        sys.exit("usage: python -m rewire.tables")
    build(Path(__file__).parent / "data" / TABLES)
