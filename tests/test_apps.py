"""Widget apps respond to their controls by updating the data of their one figure."""
import os
import re
import subprocess
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest

from rewire import apps, functional, structural, synaptic, tables

APPS = apps.catalogue()
DEVELOPED_MAP = tables.lessons_map()


def figure_data(figure):
    """Everything an app can change in its figure, as arrays."""
    data = []
    for ax in figure.axes:
        data += [np.asarray(line.get_xydata(), dtype=float) for line in ax.lines]
        data += [np.asarray(collection.get_offsets(), dtype=float) for collection in ax.collections]
        data += [np.array([patch.get_height() for patch in ax.patches])]
    return data


def differs(before, after):
    return any(b.shape != a.shape or not np.allclose(b, a, equal_nan=True) for b, a in zip(before, after))


def move(control):
    """Set the control to another value than its current one: the other end of a slider's
    range, another option of a menu, the other state of a tick box."""
    if isinstance(control.value, bool):
        control.value = not control.value
    elif hasattr(control, "options"):
        control.index = len(control.options) - 1 if control.index != len(control.options) - 1 else 0
    else:
        control.value = control.max if control.value != control.max else control.min


@pytest.mark.parametrize("make_app", APPS.values(), ids=APPS.keys())
def test_moving_each_control_changes_the_figure_in_place(make_app):
    app = make_app()
    figures_open = plt.get_fignums()
    assert app.controls, "an app without controls"
    for name, control in app.controls.items():
        before, description = figure_data(app.figure), app.description.value
        move(control)
        assert differs(before, figure_data(app.figure)), f"moving {name} left the figure unchanged"
        assert app.description.value != description, f"moving {name} left the text description unchanged"
    assert plt.get_fignums() == figures_open, "the app created a new figure instead of updating its own"


@pytest.mark.parametrize("make_app", APPS.values(), ids=APPS.keys())
def test_every_control_has_a_visible_label_and_the_figure_a_text_description(make_app):
    app = make_app()
    assert all(control.description.strip() for control in app.controls.values())
    assert app.description.value.startswith("<p><b>Figure:</b>")


def test_the_stdp_app_draws_the_window_for_the_slider_values():
    app = apps.stdp_window_app()
    app.controls["tau_minus_ms"].value = 20.0
    app.controls["a_minus"].value = app.controls["a_minus"].max
    (line,) = app.figure.axes[0].lines[-1:]
    delta_t, change = line.get_xydata().T
    expected = synaptic.stdp_window(
        delta_t, **{name: control.value for name, control in app.controls.items()}
    )
    assert np.allclose(change, expected)


def test_the_bcm_app_moves_the_crossover_to_higher_frequency_after_more_prior_activity():
    app = apps.bcm_frequency_app()
    crossover = app.figure.axes[0].lines[-1]
    prior = app.controls["prior_rate_hz"]
    prior.value = prior.min
    low_activity_crossover = crossover.get_xdata()[0]
    prior.value = prior.max
    high_activity_crossover = crossover.get_xdata()[0]
    low, high = app.figure.axes[0].get_xlim()
    assert low < low_activity_crossover < high_activity_crossover < high


def test_the_hebb_oja_app_shows_oja_settling_at_unit_length_while_hebb_grows():
    app = apps.hebb_versus_oja_app()
    hebb_norm, oja_norm = app.figure.axes[0].lines[:2]
    assert hebb_norm.get_ydata()[-1] > 100 * hebb_norm.get_ydata()[0]
    assert oja_norm.get_ydata()[-1] == pytest.approx(1.0, abs=0.1)


def test_without_residual_plasticity_the_silent_territory_stays_silent():
    app = apps.digit_loss_app(DEVELOPED_MAP)
    app.controls["plasticity"].value = 0.0
    app.controls["n_steps"].value = app.controls["n_steps"].max
    bars = app.figure.axes[1].patches[5:]
    assert bars[2].get_height() == pytest.approx(functional.territory(DEVELOPED_MAP)["D3"])


def test_the_overuse_app_grows_d2_with_its_use():
    app = apps.digit_overuse_app(DEVELOPED_MAP)
    d2_bar = app.figure.axes[1].patches[5 + 1]
    app.controls["d2_use"].value = 1.0
    share_at_normal_use = d2_bar.get_height()
    app.controls["d2_use"].value = 8.0
    assert d2_bar.get_height() > 1.3 * share_at_normal_use


def test_the_spine_app_shows_the_chosen_conditions_model_curve():
    app = apps.spine_survival_app()
    app.controls["condition"].value = "adult visual cortex, thinned skull"
    curve = app.figure.axes[0].lines[1]
    days, survival = curve.get_xydata().T
    expected = structural.spine_survival(days, **structural.SPINE_CONDITIONS["adult visual cortex, thinned skull"])
    assert np.allclose(survival, expected)


def test_the_lesion_app_reports_recovery_for_a_small_lesion_and_none_for_a_large_one():
    app = apps.lesion_rewiring_app()
    app.controls["lesion_fraction"].value = 0.1
    assert "back within 10% of the set point" in app.description.value
    app.controls["lesion_fraction"].value = 0.4
    assert "has not recovered" in app.description.value


def test_the_neurogenesis_app_doubles_the_new_neurons_with_doubled_production_or_survival():
    app = apps.neurogenesis_app()
    for name in ("proliferation_factor", "survival_factor"):
        app.controls[name].value = 2.0
        ratio = float(re.search(r"\(([0-9.]+) times standard housing\)", app.description.value).group(1))
        assert 1.8 <= ratio <= 2.1
        app.controls[name].value = 1.0


def test_the_relapse_app_shows_renewal_with_its_default_settings():
    app = apps.relapse_probe_app()
    course = app.figure.axes[0].lines
    new_learning = next(line for line in course if line.get_label() == "Context-gated extinction (Bouton)").get_ydata()
    unlearning = next(line for line in course if line.get_label() == "Rescorla–Wagner").get_ydata()
    assert app.controls["test_context"].value == "A"
    assert new_learning[-1] > new_learning[-2] + 0.3  # back in A, fear returns
    assert new_learning[-1] > unlearning[-1] + 0.2  # and the two theories disagree


def test_the_window_app_shows_a_window_for_the_labile_trace():
    app = apps.reconsolidation_window_app()
    slider = app.controls["gap_hours"]
    marker = next(line for line in app.figure.axes[0].lines if line.get_marker() == "^" and line.get_linestyle() == "None")
    slider.value = 10 / 60
    inside = marker.get_ydata()[0]
    slider.value = 48
    assert inside < 0.05 and marker.get_ydata()[0] > 0.25


def test_the_blockade_app_erases_only_after_a_reminder_with_prediction_error_and_only_early():
    app = apps.blockade_app()
    with_blocker = app.figure.axes[0].containers[0][1]  # LabileTrace, "with blocker"
    assert with_blocker.get_height() < 0.05
    app.controls["blocker_delay_hours"].value = 6.0
    assert with_blocker.get_height() > 0.3
    app.controls["blocker_delay_hours"].value = 0.0
    app.controls["reminder"].value = True
    assert with_blocker.get_height() > 0.3


def test_under_ipympl_every_app_canvas_knows_its_size_before_the_browser_asks():
    # A canvas whose size comes only from ipympl's handshake can stay 0×0 in a slow browser
    # (see figures.css_pixels); so each app's canvas carries its size from the start.
    sizes = subprocess.run(
        [sys.executable, "-c", "from rewire import apps\n"
         "for make in apps.catalogue().values():\n"
         "    figure = make().figure\n"
         "    print(type(figure.canvas).__module__, *figure.canvas._size, *figure.get_size_inches() * figure.dpi)"],
        env={**os.environ, "MPLBACKEND": "module://ipympl.backend_nbagg"}, capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    assert len(sizes) == len(APPS)
    for line in sizes:
        module, *numbers = line.split()
        canvas_width, canvas_height, figure_width, figure_height = map(float, numbers)
        assert module == "ipympl.backend_nbagg"
        assert (canvas_width, canvas_height) == pytest.approx((figure_width, figure_height)) and canvas_width > 0
