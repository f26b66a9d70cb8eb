"""Widget apps: thin wiring from controls to a model to the artists of one figure.

Each app draws its figure once; moving a control reruns the model and updates the existing
artists in place (ipympl), never re-creating the figure. Each app keeps a one-sentence text
description of what the figure shows, updated with the numbers, for screen readers.
"""
import inspect

import ipywidgets as widgets
import numpy as np
from IPython.display import clear_output, display

from . import figures, functional, synaptic


class WidgetApp(widgets.VBox):
    """Labelled controls, one figure updated in place, and a live text description."""

    def __init__(self, controls, figure, update):
        self.controls = controls
        self.figure = figure
        self._update = update
        self.description = widgets.HTML(layout=widgets.Layout(max_width="720px"))
        canvas = figure.canvas
        # Under ipympl the canvas is itself a widget; elsewhere (inline, static sites)
        # the figure is shown through an Output area instead.
        self._output = None if isinstance(canvas, widgets.DOMWidget) else widgets.Output()
        super().__init__([widgets.VBox(list(controls.values())), self._output or canvas, self.description])
        for control in controls.values():
            control.observe(self.refresh, names="value")
        self.refresh()
        # Lay the figure out at its first draw, then keep that layout: re-solving the
        # constrained layout on every redraw doubled the time from a slider move to new
        # pixels. (Drawing here, before the browser shows the canvas, left ipympl blank.)
        self._freeze_layout = canvas.mpl_connect("draw_event", self._keep_first_layout)

    def _keep_first_layout(self, _event):
        self.figure.set_layout_engine("none")
        self.figure.canvas.mpl_disconnect(self._freeze_layout)

    def refresh(self, _change=None):
        """Rerun the model with the controls' current values and redraw in place."""
        values = {name: control.value for name, control in self.controls.items()}
        self.description.value = f"<p><b>Figure:</b> {self._update(**values)}</p>"
        if self._output is None:
            self.figure.canvas.draw_idle()
        else:
            with self._output:
                clear_output(wait=True)
                display(self.figure)


def _slider(label, value, low, high, step, readout_format=".3g", kind=widgets.FloatSlider):
    return kind(
        value=value,
        min=low,
        max=high,
        step=step,
        description=label,
        readout_format=readout_format,
        continuous_update=True,
        style={"description_width": "16em"},
        layout=widgets.Layout(width="560px"),
    )


def _defaults(function):
    """The published defaults a model function declares, so apps start from them."""
    return {
        name: parameter.default
        for name, parameter in inspect.signature(function).parameters.items()
        if parameter.default is not inspect.Parameter.empty
    }


def hebb_versus_oja_app(n_samples=2000, seed=0):
    """Hebb's rule and Oja's rule learning from the same 2-D input cloud."""
    fig, (norm_ax, direction_ax) = figures.new_figure(ncols=2, width=8.0, height=3.8)
    probe = synaptic.correlated_inputs(n_samples, np.eye(2), seed=seed)
    hebb = synaptic.train_hebb(probe, seed=seed)
    oja = synaptic.train_oja(probe, seed=seed)
    hebb_norm, oja_norm = figures.plot_weight_norms(norm_ax, hebb, oja)
    arrows = figures.plot_weight_directions(direction_ax, probe, hebb, oja, np.array([1.0, 0.0]))
    cloud = direction_ax.collections[0]
    controls = {
        "angle_deg": _slider("input cloud angle (°)", 30.0, 0.0, 180.0, 5.0, ".0f"),
        "elongation": _slider("variance ratio (long : short)", 4.0, 1.5, 10.0, 0.5, ".1f"),
        "eta": _slider("learning rate η", 0.005, 0.001, 0.02, 0.001, ".3f"),
    }

    def update(angle_deg, elongation, eta):
        angle = np.deg2rad(angle_deg)
        leading = np.array([np.cos(angle), np.sin(angle)])
        rotation = np.array([leading, [-leading[1], leading[0]]]).T
        covariance = rotation @ np.diag([1.0, 1.0 / elongation]) @ rotation.T
        inputs = synaptic.correlated_inputs(n_samples, covariance, seed=seed)
        hebb = synaptic.train_hebb(inputs, eta=eta, seed=seed)
        oja = synaptic.train_oja(inputs, eta=eta, seed=seed)
        hebb_norm.set_ydata(np.linalg.norm(hebb, axis=1))
        oja_norm.set_ydata(np.linalg.norm(oja, axis=1))
        norm_ax.relim()
        norm_ax.autoscale_view()
        cloud.set_offsets(inputs)
        for name, history in (("Oja", oja), ("Hebb", hebb)):
            direction = history[-1] / np.linalg.norm(history[-1])
            arrows[name].set_data([0, 2 * direction[0]], [0, 2 * direction[1]])
        arrows["eigenvector"].set_data(*np.c_[-2.5 * leading, 2.5 * leading])
        oja_alignment = abs(oja[-1] @ leading) / np.linalg.norm(oja[-1])
        return (
            f"left, the length of the weight vector over {n_samples} samples: Hebb's grows to "
            f"{np.linalg.norm(hebb[-1]):.3g} and keeps growing, Oja's settles at {np.linalg.norm(oja[-1]):.2f}; "
            f"right, the input cloud, {elongation:.1f} times as variable along its long axis as across it and tilted at {angle_deg:.0f}°, with Oja's weight vector aligned to its long axis "
            f"(cosine {oja_alignment:.3f})."
        )

    return WidgetApp(controls, fig, update)


def stdp_window_app():
    """The pair-based STDP window (Bi & Poo 1998) with its amplitudes and time constants."""
    delta_t_ms = np.linspace(-100.0, 100.0, 401)
    defaults = _defaults(synaptic.stdp_window)
    fig, (ax,) = figures.new_figure()
    line = figures.plot_stdp_window(ax, delta_t_ms, synaptic.stdp_window(delta_t_ms))
    amplitude_max = 2 * max(defaults["a_plus"], defaults["a_minus"])
    controls = {
        "a_plus": _slider("A₊ potentiation amplitude", defaults["a_plus"], 0.0, amplitude_max, amplitude_max / 40),
        "a_minus": _slider("A₋ depression amplitude", defaults["a_minus"], 0.0, amplitude_max, amplitude_max / 40),
        "tau_plus_ms": _slider("τ₊ potentiation time constant (ms)", defaults["tau_plus_ms"], 2.0, 60.0, 0.1, ".1f"),
        "tau_minus_ms": _slider("τ₋ depression time constant (ms)", defaults["tau_minus_ms"], 2.0, 60.0, 0.1, ".1f"),
    }
    ax.set_ylim(-1.1 * amplitude_max, 1.1 * amplitude_max)

    def update(a_plus, a_minus, tau_plus_ms, tau_minus_ms):
        change = synaptic.stdp_window(delta_t_ms, a_plus=a_plus, a_minus=a_minus, tau_plus_ms=tau_plus_ms, tau_minus_ms=tau_minus_ms)
        line.set_ydata(change)
        net_area = a_plus * tau_plus_ms - a_minus * tau_minus_ms  # the window's integral over all Δt
        balance = "depression" if net_area < 0 else "potentiation"
        return (
            f"weight change against spike timing; a presynaptic spike up to about {3 * tau_plus_ms:.0f} ms before the "
            f"postsynaptic one strengthens the synapse (at most {a_plus:.4g}), one up to about {3 * tau_minus_ms:.0f} ms "
            f"after weakens it (at most {a_minus:.4g}); the area under the whole window, A₊τ₊ − A₋τ₋, is {net_area:+.2g} (weight × ms), so for "
            f"spikes unrelated to each other {balance} wins."
        )

    return WidgetApp(controls, fig, update)


def bcm_frequency_app():
    """LTD at low and LTP at high stimulation frequency (Dudek & Bear 1992), with the BCM
    threshold set by the neuron's prior activity (Kirkwood et al. 1996)."""
    frequencies_hz = np.geomspace(0.5, 100.0, 41)
    defaults = _defaults(synaptic.bcm_frequency_response)
    fig, (ax,) = figures.new_figure()
    line, crossover = figures.plot_frequency_response(ax, frequencies_hz, synaptic.bcm_frequency_response(frequencies_hz))
    controls = {
        # Above about 14 Hz of prior activity the threshold exceeds any rate the train can
        # evoke and nothing potentiates; the range keeps the crossover on the plot.
        "prior_rate_hz": _slider("prior activity (Hz)", defaults["prior_rate_hz"], 4.0, 13.0, 0.5, ".1f"),
    }

    def update(prior_rate_hz):
        change = synaptic.bcm_frequency_response(frequencies_hz, prior_rate_hz=prior_rate_hz)
        line.set_ydata(change)
        ax.relim()
        ax.autoscale_view()
        crossing = synaptic.bcm_crossover_frequency_hz(prior_rate_hz)
        crossover.set_xdata([crossing, crossing])
        return (
            f"lasting weight change after 900 pulses at each frequency, for a neuron whose prior activity was "
            f"{prior_rate_hz:.1f} Hz: depression below about {crossing:.1f} Hz, potentiation above it "
            f"(largest change {change.max():+.0f}% at {frequencies_hz[np.argmax(change)]:.0f} Hz)."
        )

    return WidgetApp(controls, fig, update)


def _map_experience_app(developed, controls, experience, describe):
    """A developed hand map, then adult experience set by the controls: the map as a strip
    of cortex and each digit's territory before and after (shared by the map apps)."""
    fig, (strip_ax, bar_ax) = figures.new_figure(ncols=2, width=8.0, height=2.8)
    before = functional.territory(developed)
    strip, labels = figures.plot_cortical_strip(strip_ax, functional.unit_digits(developed), functional.DIGITS)
    bars = figures.plot_territory_bars(bar_ax, list(before.values()), list(before.values()), functional.DIGITS)
    strip_ax.set_title("the map after the experience")
    bar_ax.set_title("territory of each digit")

    def update(**values):
        after_map = functional.continue_experience(developed, **experience(**values))
        after = functional.territory(after_map)
        figures.update_cortical_strip(strip, labels, functional.unit_digits(after_map))
        for bar, share in zip(bars, after.values()):
            bar.set_height(share)
        return describe(before, after, **values)

    return WidgetApp(controls, fig, update)


def _touches_slider():
    return _slider("touches of experience", 4000, 0, 12000, 500, "d", kind=widgets.IntSlider)


def _percent(share):
    return f"{100 * share:.0f}%"


def digit_loss_app(developed):
    """Finger D3 falls silent; its neighbours take over its territory if the adult map
    keeps some plasticity (Merzenich et al. 1984)."""
    controls = {
        "n_steps": _touches_slider(),
        "plasticity": _slider("residual plasticity ε", 0.05, 0.0, 0.2, 0.01, ".2f"),
    }

    def experience(n_steps, plasticity):
        return dict(n_steps=n_steps, plasticity=plasticity, digit_use=(1, 1, 0, 1, 1))

    def describe(before, after, n_steps, plasticity):
        return (
            f"after {n_steps} touches with D3 silent and residual plasticity {plasticity:.2f}, D3 holds "
            f"{_percent(after['D3'])} of the map (it had {_percent(before['D3'])}); its neighbours D2 and D4 went "
            f"from {_percent(before['D2'])} and {_percent(before['D4'])} to {_percent(after['D2'])} and "
            f"{_percent(after['D4'])}, while D1 and D5 went from {_percent(before['D1'])} and "
            f"{_percent(before['D5'])} to {_percent(after['D1'])} and {_percent(after['D5'])}."
        )

    return _map_experience_app(developed, controls, experience, describe)


def digit_overuse_app(developed):
    """Finger D2 is touched more often than the others; its territory grows at its
    neighbours' expense (Jenkins et al. 1990)."""
    controls = {
        "d2_use": _slider("D2 touched × more often", 4.0, 1.0, 8.0, 0.5, ".1f"),
        "n_steps": _touches_slider(),
    }

    def experience(d2_use, n_steps):
        return dict(n_steps=n_steps, digit_use=(1, d2_use, 1, 1, 1))

    def describe(before, after, d2_use, n_steps):
        return (
            f"after {n_steps} touches with D2 touched {d2_use:.1f} times as often as each other digit, D2 holds "
            f"{_percent(after['D2'])} of the map (it had {_percent(before['D2'])}); D1 went from "
            f"{_percent(before['D1'])} to {_percent(after['D1'])} and D3 from {_percent(before['D3'])} to "
            f"{_percent(after['D3'])}."
        )

    return _map_experience_app(developed, controls, experience, describe)
