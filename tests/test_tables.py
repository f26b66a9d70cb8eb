"""The packaged runs of the slow models: every position of their apps' sliders is in the
table, and the table holds what the models compute (run `make tables` after changing one)."""
import itertools

import numpy as np
import pytest

from rewire import apps, functional, tables

APPS = {"lesion": "lesion_rewiring", "digit_loss": "digit_loss", "digit_overuse": "digit_overuse",
        "calcium_control": "calcium_control"}


def slider_positions(control):
    count = round((control.max - control.min) / control.step)
    return [control.min + k * control.step for k in range(count + 1)]


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
    points = list(itertools.product(*grid.values()))
    for point in (points[0], points[len(points) // 2], points[-1]):
        values = dict(zip(grid, point))
        packaged = tables.lookup(name, tables.lessons_map(), **values)
        computed = model(tables.lessons_map(), **values) if from_map else model(**values)
        assert packaged.keys() == computed.keys()
        for output, array in computed.items():
            np.testing.assert_allclose(packaged[output], array, rtol=1e-6, atol=1e-6, err_msg=f"{name} {values}: run make tables")


def test_values_off_the_grid_or_another_map_are_computed_by_the_model():
    assert tables.lookup("lesion", lesion_fraction=0.123, growth_rate_per_day=0.5) is None
    other_map = functional.develop_map(seed=1)
    assert tables.lookup("digit_loss", other_map, n_steps=500, plasticity=0.05) is None
    computed = tables.run("digit_loss", other_map, n_steps=500, plasticity=0.05)
    expected = functional.territory(functional.continue_experience(other_map, n_steps=500, plasticity=0.05, digit_use=(1, 1, 0, 1, 1)))
    np.testing.assert_allclose(computed["territory"], list(expected.values()))
