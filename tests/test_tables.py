"""The packaged runs of the slow models: every position of their apps' sliders is in the
table, the table holds what the models compute (run `make tables` after changing one), and
nothing depends on floating point being bit-identical across machines."""
import dataclasses
import itertools

import numpy as np
import pytest

from rewire import apps, functional, tables

APPS = {"lesion": "lesion_rewiring", "digit_loss": "digit_loss", "digit_overuse": "digit_overuse",
        "calcium_control": "calcium_control"}
# Rounding differences between CPUs, BLAS builds and numpy versions seen for the developed
# map (9e-16 between an Intel and an AMD machine); the tolerance must cover them many times.
ROUNDING_SEEN_BETWEEN_MACHINES = 1e-15


def slider_positions(control):
    count = round((control.max - control.min) / control.step)
    return [control.min + k * control.step for k in range(count + 1)]


def grid_points(grid):
    points = list(itertools.product(*grid.values()))
    return [dict(zip(grid, point)) for point in (points[0], points[len(points) // 2], points[-1])]


@pytest.mark.parametrize("name", tables.RUNS)
def test_every_position_of_the_apps_sliders_is_in_the_table(name):
    app = apps.catalogue()[APPS[name]]()
    _, grid, _ = tables.RUNS[name]
    assert set(grid) == set(app.controls)
    for key, values in grid.items():
        np.testing.assert_allclose(values, slider_positions(app.controls[key]), atol=1e-9)
    shape = tuple(len(values) for values in grid.values())
    packaged = tables.lookup(name, tables.lessons_map(), **{key: values[0] for key, values in grid.items()})
    assert packaged and all(np.ndim(output) >= 1 for output in packaged.values())
    assert all(tables._packaged()[f"{name}/{output}"].shape[:len(shape)] == shape for output in packaged)


@pytest.mark.parametrize("name", tables.RUNS)
def test_the_packaged_runs_are_what_the_model_computes(name):
    model, grid, from_map = tables.RUNS[name]
    for values in grid_points(grid):
        packaged = tables.lookup(name, tables.lessons_map(), **values)
        computed = model(tables.lessons_map(), **values) if from_map else model(**values)
        assert packaged.keys() == computed.keys()
        for output, array in computed.items():
            np.testing.assert_allclose(packaged[output], array, rtol=1e-6, atol=1e-6, err_msg=f"{name} {values}: run make tables")


def test_the_map_developed_on_this_machine_is_the_lessons_map_up_to_rounding():
    developed = tables.developed_map()
    packaged = tables.lessons_map()
    np.testing.assert_allclose(developed.weights, packaged.weights, rtol=0, atol=tables.MAP_TOLERANCE,
                               err_msg="develop_map changed: run make tables")
    np.testing.assert_allclose(developed.territory_history, packaged.territory_history, atol=1e-12)
    assert tables.is_lessons_map(developed)
    assert tables.MAP_TOLERANCE >= 1e3 * ROUNDING_SEEN_BETWEEN_MACHINES


@pytest.mark.parametrize("name", ["digit_loss", "digit_overuse"])
@pytest.mark.parametrize("shift", [1.0, 100.0])
def test_maps_within_the_tolerance_and_far_beyond_it_give_the_tables_runs(name, shift):
    """Why a tolerance is safe: moving every preference of the lessons' map by the tolerance,
    and by a hundred times it, changes no unit's finger and no territory of any run."""
    model, grid, _ = tables.RUNS[name]
    moved = moved_map(shift * tables.MAP_TOLERANCE)
    for values in grid_points(grid):
        packaged = tables.lookup(name, tables.lessons_map(), **values)
        computed = model(moved, **values)
        np.testing.assert_array_equal(packaged["unit_digits"], computed["unit_digits"])
        np.testing.assert_allclose(packaged["territory"], computed["territory"], atol=1e-6)


def moved_map(distance):
    signs = np.random.default_rng(0).choice([-1.0, 1.0], size=tables.lessons_map().weights.shape)
    return dataclasses.replace(tables.lessons_map(), weights=tables.lessons_map().weights + distance * signs)


def test_a_map_within_the_tolerance_is_looked_up_and_one_beyond_it_is_computed():
    values = {"n_steps": 500, "plasticity": 0.05}
    assert tables.lookup("digit_loss", moved_map(0.5 * tables.MAP_TOLERANCE), **values) is not None
    assert tables.lookup("digit_loss", moved_map(2.0 * tables.MAP_TOLERANCE), **values) is None


def test_values_off_the_grid_or_another_map_are_computed_by_the_model():
    assert tables.lookup("lesion", lesion_fraction=0.123, growth_rate_per_day=0.5) is None
    other_map = functional.develop_map(seed=1)
    assert tables.lookup("digit_loss", other_map, n_steps=500, plasticity=0.05) is None
    computed = tables.run("digit_loss", other_map, n_steps=500, plasticity=0.05)
    expected = functional.territory(functional.continue_experience(other_map, n_steps=500, plasticity=0.05, digit_use=(1, 1, 0, 1, 1)))
    np.testing.assert_allclose(computed["territory"], list(expected.values()))
