"""Widget apps: thin wiring from controls to a model to the artists of one figure.

Each app draws its figure once; moving a control reruns the model and updates the existing
artists in place (ipympl), never re-creating the figure. Each app keeps a one-sentence text
description of what the figure shows, updated with the numbers, for screen readers.
"""
import html
import inspect

import ipywidgets as widgets
import numpy as np
from IPython.display import clear_output, display
from matplotlib.axis import Axis
from matplotlib.spines import Spine
from matplotlib.ticker import FuncFormatter

from . import figures, functional, memory, puzzles, structural, synaptic, tables, therapy


# ipywidgets 8 gives a slider's handle (noUiSlider's role="slider" element) no accessible
# name, and no widget an ARIA live role; it has no option for either. This script, run by
# the browser where the app is shown (JupyterLab, Notebook 7, Voilà, the static site's widget
# manager alike, no extension needed), names each handle after its slider's label and makes
# the description a polite live region, whose element persists while its text changes, so
# screen readers announce each new sentence. A figure drawn as an image (the static site)
# gets the same sentence as its alt text. It runs from an image that fails to load at
# once, the one way an HTML widget, which sets innerHTML, runs code; a MutationObserver
# names handles that are drawn again later.
_ACCESSIBILITY_SCRIPT = """
const start = this, give = (element, name, value) => element.getAttribute(name) !== value && element.setAttribute(name, value);
const attach = (tries) => {
  const app = start.closest('.rewire-app');
  if (!app) { if (tries > 0) setTimeout(() => attach(tries - 1), 100); return; }
  const label = () => {
    for (const slider of app.querySelectorAll('.widget-slider')) {
      const name = (slider.querySelector('.widget-label') || {}).textContent || '';
      for (const handle of slider.querySelectorAll('.noUi-handle')) give(handle, 'aria-label', name.trim());
    }
    const description = app.querySelector('.rewire-figure-description');
    give(description, 'role', 'status'); give(description, 'aria-live', 'polite'); give(description, 'aria-atomic', 'true');
    for (const figure of app.querySelectorAll('.widget-output img')) give(figure, 'alt', description.textContent.trim());
  };
  label();
  new MutationObserver(label).observe(app, {childList: true, subtree: true});
};
attach(100);
"""


def _accessibility_hook():
    """A hidden HTML widget whose only content runs _ACCESSIBILITY_SCRIPT in the browser."""
    code = html.escape(" ".join(_ACCESSIBILITY_SCRIPT.split()), quote=True)
    return widgets.HTML(f'<img src="data:," alt="" hidden onerror="{code}">', layout=widgets.Layout(display="none"))


class WidgetApp(widgets.VBox):
    """Labelled controls, one figure updated in place, and a live text description.

    Under ipympl, a change redraws only what it changed (blitting): the figure is drawn in
    full once, the artists an update touches are marked animated and kept out of that
    drawing (the background), and each later change restores the background, draws those
    artists and sends the changed pixels. A change that moves an axis's limits or ticks
    draws the whole figure again, and takes a new background.
    """

    def __init__(self, controls, figure, update):
        self.controls = controls
        self.figure = figure
        self._update = update
        self.description = widgets.HTML(layout=widgets.Layout(max_width="720px"))
        self.description.add_class("rewire-figure-description")  # a live region: see _ACCESSIBILITY_SCRIPT
        canvas = figure.canvas
        # Under ipympl the canvas is itself a widget; elsewhere (inline, static sites)
        # the figure is shown through an Output area instead.
        self._output = None if isinstance(canvas, widgets.DOMWidget) else widgets.Output()
        super().__init__([widgets.VBox(list(controls.values())), self._output or canvas, self.description,
                          _accessibility_hook()])
        self.add_class("rewire-app")
        self._background, self._animated, self._laid_out = None, [], False
        if self._output is None:
            canvas.mpl_connect("draw_event", self._on_draw)
        for control in controls.values():
            control.observe(self.refresh, names="value")
        self.refresh()

    def _on_draw(self, _event):
        # Lay the figure out at its first draw, then keep that layout: re-solving the
        # constrained layout on every redraw doubled the time from a slider move to new
        # pixels. (Drawing in the constructor, before the browser shows the canvas, left
        # ipympl blank, so the first draw is the browser's.)
        if not self._laid_out:
            self.figure.set_layout_engine("none")
            self._laid_out = True
        self._background = self.figure.canvas.copy_from_bbox(self.figure.bbox)
        # Drawing itself moves some artists (titles placed by the layout) and leaves them
        # stale; what is in the background now is drawn, so nothing static is "touched".
        for artist in self._touched():
            if artist not in self._animated:
                artist.stale = False
        self._draw_animated()

    def _draw_animated(self):
        for artist in sorted(self._animated, key=lambda artist: artist.get_zorder()):
            self.figure.draw_artist(artist)

    def _touched(self):
        """The figure's artists an update has changed since they were last drawn."""
        children = [a for ax in self.figure.axes for a in ax.get_children()
                    if a is not ax.patch and not isinstance(a, (Axis, Spine))]
        return [a for a in children + self.figure.texts + self.figure.legends if a.stale]

    def refresh(self, _change=None):
        """Rerun the model with the controls' current values and redraw what changed."""
        values = {name: control.value for name, control in self.controls.items()}
        limits = [(ax.get_xlim(), ax.get_ylim()) for ax in self.figure.axes]
        self.description.value = f"<p><b>Figure:</b> {self._update(**values)}</p>"
        if self._output is not None:
            with self._output:
                clear_output(wait=True)
                display(self.figure)
            return
        if self._background is None:
            return  # not drawn yet: the browser's first draw shows the updated artists
        touched = self._touched()
        moved = limits != [(ax.get_xlim(), ax.get_ylim()) for ax in self.figure.axes]
        ticks = any(ax.xaxis.stale or ax.yaxis.stale for ax in self.figure.axes)
        new = [artist for artist in touched if artist not in self._animated]
        if moved or ticks or new:
            for artist in new:
                artist.set_animated(True)
            self._animated += new
            self.figure.canvas.draw()  # a new background, then the animated artists on top
            return
        canvas = self.figure.canvas
        canvas.restore_region(self._background)
        self._draw_animated()
        canvas.blit(self.figure.bbox)


# Room for a control's label of up to about 52 characters in JupyterLab's 13 px font (the
# longest say what a value stands for, "enrichment ≈ 1.5"; tests/test_browser_figures.py
# measures that none is cut off), and for its slider or menu (as wide as the description).
LABEL_WIDTH = "28em"
CONTROL_WIDTH = "720px"


def _slider(label, value, low, high, step, readout_format=".3g", kind=widgets.FloatSlider):
    return kind(
        value=value,
        min=low,
        max=high,
        step=step,
        description=label,
        readout_format=readout_format,
        continuous_update=True,
        style={"description_width": LABEL_WIDTH},
        layout=widgets.Layout(width=CONTROL_WIDTH),
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
    # Every change sends the whole figure's pixels to the browser (ipympl's PNG): no taller
    # than the other two-panel apps.
    fig, (norm_ax, direction_ax) = figures.new_figure(ncols=2, width=8.0, height=3.4)
    probe = synaptic.correlated_inputs(n_samples, np.eye(2), seed=seed)
    hebb = synaptic.train_hebb(probe, seed=seed)
    oja = synaptic.train_oja(probe, seed=seed)
    # Every eighth step of the lengths and a sixteenth of the samples in the cloud: the figure
    # reads the same, and each change draws far fewer points.
    shown, every = n_samples // 16, 8
    hebb_norm, oja_norm = figures.plot_weight_norms(norm_ax, hebb[::every], oja[::every], step=every)
    arrows = figures.plot_weight_directions(direction_ax, probe[:shown], hebb, oja, np.array([1.0, 0.0]))
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
        hebb_lengths, oja_lengths = np.linalg.norm(hebb[::every], axis=1), np.linalg.norm(oja[::every], axis=1)
        hebb_norm.set_ydata(hebb_lengths)
        oja_norm.set_ydata(oja_lengths)
        lengths = np.r_[hebb_lengths, oja_lengths]
        figures.keep_in_view(norm_ax, lengths.min(), lengths.max())
        cloud.set_offsets(inputs[:shown])
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
    # One scale for the slider's whole range, so curves can be compared as it moves.
    extremes = np.r_[synaptic.bcm_frequency_response(frequencies_hz, prior_rate_hz=4.0),
                     synaptic.bcm_frequency_response(frequencies_hz, prior_rate_hz=13.0)]
    figures.keep_in_view(ax, extremes.min(), extremes.max())

    def update(prior_rate_hz):
        change = synaptic.bcm_frequency_response(frequencies_hz, prior_rate_hz=prior_rate_hz)
        line.set_ydata(change)
        figures.keep_in_view(ax, change.min(), change.max(), fill=0.2)
        crossing = synaptic.bcm_crossover_frequency_hz(prior_rate_hz)
        crossover.set_xdata([crossing, crossing])
        return (
            f"lasting weight change after 900 pulses at each frequency, for a neuron whose prior activity was "
            f"{prior_rate_hz:.1f} Hz: depression below about {crossing:.1f} Hz, potentiation above it "
            f"(largest change {change.max():+.0f}% at {frequencies_hz[np.argmax(change)]:.0f} Hz)."
        )

    return WidgetApp(controls, fig, update)


def calcium_control_app():
    """The calcium-control hypothesis (Shouval, Bear & Cooper 2002): calcium through NMDA
    receptors sets the direction of change, giving both BCM's frequency curve (Dudek &
    Bear 1992) and an STDP window (Bi & Poo 1998)."""
    defaults = _defaults(synaptic.nmda_calcium_trace)
    calcium_um = np.linspace(0.0, 1.0, 201)
    frequencies_hz, delta_t_ms = tables.CALCIUM_FREQUENCIES_HZ, tables.CALCIUM_TIMINGS_MS
    fig, (omega_ax, frequency_ax, stdp_ax) = figures.new_figure(ncols=3, width=10.0, height=3.4)
    figures.plot_calcium_omega(omega_ax, calcium_um, synaptic.calcium_omega(calcium_um),
                               defaults["alpha_ltd_um"], defaults["alpha_ltp_um"])
    frequency_line, crossover = figures.plot_frequency_response(frequency_ax, frequencies_hz, 0 * frequencies_hz)
    stdp_line = figures.plot_stdp_window(stdp_ax, delta_t_ms, 0 * delta_t_ms)
    stdp_ax.set_ylabel("weight change (%)")
    # Changes run from a few per cent to +300 %: a symmetric log axis (linear within ±10 %)
    # that holds every packaged run shows both, and never moves, so a change redraws only the curves.
    for ax, output in ((frequency_ax, "by_frequency"), (stdp_ax, "by_timing")):
        low, high = tables.extent("calcium_control", output)
        low, high = min(low, -10.0) * 1.15, max(high, 10.0) * 1.15
        ax.set_yscale("symlog", linthresh=10.0)
        ax.set_ylim(low, high)
        ax.set_yticks([tick for tick in (-100, -10, 0, 10, 100) if low <= tick <= high])
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0f}"))
        ax.set_ylabel("weight change (%, symmetric log)")
    # Titles on the left, so that the crossover's legend fits to the right of its panel's title.
    figures.legend_above(frequency_ax, side="right")
    frequency_ax.set_title("900 pulses", fontsize=9, loc="left")
    stdp_ax.set_title("100 pairings at 1 Hz", fontsize=9, loc="left")
    controls = {
        "magnesium_mm": _slider("extracellular Mg²⁺ (mM)", defaults["magnesium_mm"], 0.0, 2.0, 0.1, ".1f"),
        "nmda_available": _slider("NMDA receptors available (APV blocks them)", 1.0, 0.0, 1.5, 0.1, ".1f"),
    }

    def update(magnesium_mm, nmda_available):
        # Half a second of model per change: every slider position's run is in rewire.tables.
        result = tables.run("calcium_control", magnesium_mm=magnesium_mm, nmda_available=nmda_available)
        by_frequency, by_timing = result["by_frequency"], result["by_timing"]
        frequency_line.set_ydata(by_frequency)
        stdp_line.set_ydata(by_timing)
        turns = np.flatnonzero((by_frequency[:-1] < 0) & (by_frequency[1:] > 0))
        crossing = float(np.sqrt(frequencies_hz[turns[0]] * frequencies_hz[turns[0] + 1])) if turns.size else np.nan
        crossover.set_xdata([crossing, crossing])
        sign = {True: "LTP", False: "LTD"}
        before = by_timing[delta_t_ms < 0][np.argmin(np.abs(delta_t_ms[delta_t_ms < 0] + 10))]
        after = by_timing[delta_t_ms > 0][np.argmin(np.abs(delta_t_ms[delta_t_ms > 0] - 10))]
        if turns.size:
            where = f"it turns from LTD to LTP at about {crossing:.0f} Hz"
        else:
            where = "every frequency potentiates" if by_frequency.min() > 0 else "no frequency potentiates"
        return (
            f"left, the calcium-control function: no change at low calcium, LTD between 0.35 and 0.55 µM, LTP above; "
            f"middle, the weight change after 900 pulses at each frequency with {magnesium_mm:.1f} mM Mg²⁺ and "
            f"{nmda_available:.0%} of NMDA receptors available: {by_frequency[np.argmin(np.abs(frequencies_hz - 1))]:+.0f}% at 1 Hz, "
            f"{by_frequency[-1]:+.0f}% at 100 Hz, and {where}; right, after 100 pairings, {after:+.0f}% "
            f"({sign[bool(after > 0)]}) when the presynaptic spike leads by 10 ms and {before:+.0f}% "
            f"({sign[bool(before > 0)]}) when it follows by 10 ms."
        )

    return WidgetApp(controls, fig, update)


def _map_experience_app(developed, controls, run, describe):
    """A developed hand map, then adult experience set by the controls (the run `run` of
    rewire.tables): the map as a strip of cortex and each digit's territory before and
    after (shared by the map apps)."""
    fig, (strip_ax, bar_ax) = figures.new_figure(ncols=2, width=8.0, height=2.8)
    before = functional.territory(developed)
    strip, labels = figures.plot_cortical_strip(strip_ax, functional.unit_digits(developed), functional.DIGITS)
    bars = figures.plot_territory_bars(bar_ax, list(before.values()), list(before.values()), functional.DIGITS)
    strip_ax.set_title("the map after the experience")
    bar_ax.set_title("territory of each digit")

    def update(**values):
        result = tables.run(run, developed, **values)
        after = dict(zip(functional.DIGITS, result["territory"]))
        figures.update_cortical_strip(strip, labels, result["unit_digits"])
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

    def describe(before, after, n_steps, plasticity):
        return (
            f"after {n_steps} touches with D3 silent and residual plasticity {plasticity:.2f}, D3 holds "
            f"{_percent(after['D3'])} of the map (it had {_percent(before['D3'])}); its neighbours D2 and D4 went "
            f"from {_percent(before['D2'])} and {_percent(before['D4'])} to {_percent(after['D2'])} and "
            f"{_percent(after['D4'])}, while D1 and D5 went from {_percent(before['D1'])} and "
            f"{_percent(before['D5'])} to {_percent(after['D1'])} and {_percent(after['D5'])}."
        )

    return _map_experience_app(developed, controls, "digit_loss", describe)


def digit_overuse_app(developed):
    """Finger D2 is touched more often than the others; its territory grows at its
    neighbours' expense (Jenkins et al. 1990)."""
    controls = {
        "d2_use": _slider("D2 touched × more often", 4.0, 1.0, 8.0, 0.5, ".1f"),
        "n_steps": _touches_slider(),
    }

    def describe(before, after, d2_use, n_steps):
        return (
            f"after {n_steps} touches with D2 touched {d2_use:.1f} times as often as each other digit, D2 holds "
            f"{_percent(after['D2'])} of the map (it had {_percent(before['D2'])}); D1 went from "
            f"{_percent(before['D1'])} to {_percent(after['D1'])} and D3 from {_percent(before['D3'])} to "
            f"{_percent(after['D3'])}."
        )

    return _map_experience_app(developed, controls, "digit_overuse", describe)


def spine_survival_app(n_sessions_days=30, every_days=2):
    """Spine survival in the published conditions, with simulated imaging data, and the
    persistent fraction and transient lifetime as sliders (Trachtenberg et al. 2002;
    Holtmaat et al. 2005; Grutzendler et al. 2002)."""
    conditions = structural.SPINE_CONDITIONS
    sessions = tuple(range(0, n_sessions_days + 1, every_days))
    days = np.linspace(0, n_sessions_days, 121)
    fig, (ax,) = figures.new_figure()
    first = next(iter(conditions))
    curve, data = figures.plot_spine_survival(
        ax, days, structural.spine_survival(days, **conditions["adult"]),
        structural.image_spines(session_days=sessions, **conditions[first]),
    )
    start = conditions["young adult"]
    controls = {
        "condition": widgets.Dropdown(
            options=list(conditions), value="young adult", description="animal and region",
            style={"description_width": LABEL_WIDTH}, layout=widgets.Layout(width=CONTROL_WIDTH),
        ),
        "tau_transient_days": _slider("lifetime of transient spines τ_T (days)", start["tau_transient_days"], 0.5, 10.0, 0.5, ".1f"),
        "persistent_fraction": _slider("persistent fraction f_P", start["persistent_fraction"], 0.0, 1.0, 0.005, ".3f"),
        "n_spines": _slider("spines imaged (sampling noise)", 200, 20, 1000, 20, "d", kind=widgets.IntSlider),
    }

    def choose_condition(change):
        # A published condition sets both sliders; moving them afterwards explores beyond it.
        for name in ("persistent_fraction", "tau_transient_days"):
            controls[name].value = conditions[change["new"]][name]

    def update(condition, tau_transient_days, persistent_fraction, n_spines):
        parameters = dict(persistent_fraction=persistent_fraction, tau_transient_days=tau_transient_days,
                          tau_persistent_days=conditions[condition]["tau_persistent_days"])
        imaging = structural.image_spines(n_spines=n_spines, session_days=sessions, **parameters)
        curve.set_ydata(imaging.expected_survival)
        data.set_ydata(imaging.survival_fraction)
        published = all(abs(parameters[name] - conditions[condition][name]) < 1e-9 for name in parameters)
        return (
            f"fraction of the spines seen on day 0 that are still there on later days, with a persistent fraction of "
            f"{persistent_fraction:.2f} and transient spines living {tau_transient_days:.1f} days on average "
            f"({'the published values for ' + condition if published else 'changed from ' + condition}): the model "
            f"keeps {imaging.expected_survival[-1]:.0%} after {n_sessions_days} days (adult reference: "
            f"{structural.spine_survival(n_sessions_days, **conditions['adult']):.0%}); {n_spines} simulated imaged spines "
            f"give {imaging.survival_fraction[-1]:.0%}, and a turnover ratio of "
            f"{np.mean(imaging.turnover_ratio):.2f} per {every_days}-day interval."
        )

    app = WidgetApp(controls, fig, update)
    controls["condition"].observe(choose_condition, names="value")
    return app


def lesion_rewiring_app():
    """Homeostatic structural plasticity after a retinal lesion (Butz & van Ooyen 2013): the
    deprived zone is re-innervated mostly by axons from the surround (Darian-Smith & Gilbert 1994)."""
    fig, (calcium_ax, synapse_ax) = figures.new_figure(ncols=2, width=8.0, height=3.4)
    base = structural.rewire_after_lesion()  # the time axis, the day of the lesion and the set point
    deprived, others, (synapses, ingrowth, inside), _ = figures.plot_lesion_recovery(calcium_ax, synapse_ax, base)
    days = base.time_days - base.lesion_day
    controls = {
        "lesion_fraction": _slider("fraction of the network deprived", 0.2, 0.05, 0.4, 0.05, ".2f"),
        "growth_rate_per_day": _slider("element growth rate (per day)", 0.5, 0.1, 1.0, 0.1, ".1f"),
    }

    def update(lesion_fraction, growth_rate_per_day):
        # A run takes a fifth of a second: every slider position's run is in rewire.tables.
        result = tables.run("lesion", lesion_fraction=lesion_fraction, growth_rate_per_day=growth_rate_per_day)
        calcium, incoming = result["deprived_calcium"], result["deprived_incoming_synapses"]
        new, from_surround = result["deprived_new_incoming"], result["deprived_new_from_surround"]
        deprived.set_ydata(calcium)
        others.set_ydata(result["other_calcium"])
        synapses.set_ydata(incoming)
        ingrowth.set_ydata(from_surround)
        inside.set_ydata(new - from_surround)
        figures.keep_in_view(synapse_ax, 0.0, incoming.max())
        start = np.searchsorted(days, 0.0)
        trough = start + np.argmin(calcium[start:])
        back = np.flatnonzero(np.abs(calcium[trough:] - base.set_point) <= 0.1 * base.set_point)
        recovery = (
            f"is back within 10% of the set point {days[trough + back[0]]:.0f} days after the lesion"
            if back.size else f"has not recovered {days[-1]:.0f} days after the lesion"
        )
        share = from_surround[-1] / new[-1] if new[-1] > 0 else 0.0
        return (
            f"left, calcium of the deprived neurons ({lesion_fraction:.0%} of the network) and of the others against "
            f"the set point; after the lesion on day 0 the deprived neurons' calcium falls to {calcium[trough]:.2f} and "
            f"{recovery}; right, their incoming synapses go from {incoming[start]:.0f} to {incoming[-1]:.0f}, and "
            f"{share:.0%} of the synapses they gained since the lesion come from axons of neurons outside the "
            f"lesion zone (ingrowth)."
        )

    return WidgetApp(controls, fig, update)


def neurogenesis_app():
    """Adult-born neurons with more production (running) or better survival (enrichment) of
    newborn cells (van Praag et al. 1999; Kempermann et al. 1997; Fabel et al. 2009), beside
    the window of heightened plasticity of young neurons (Ge et al. 2007)."""
    fig, (population_ax, window_ax) = figures.new_figure(ncols=2, width=8.0, height=3.4)
    standard = structural.neurogenesis()
    immature, mature = figures.plot_adult_born_neurons(population_ax, standard)
    ages = np.linspace(0, 84, 169)
    figures.plot_plasticity_window(window_ax, ages, structural.plasticity_by_age(ages))
    controls = {
        "proliferation_factor": _slider("production of new cells (× standard; running ≈ 2)", 1.0, 0.5, 2.5, 0.1, ".1f"),
        "survival_factor": _slider("survival of new cells (× standard; enrichment ≈ 1.5)", 1.0, 0.5, 2.5, 0.1, ".1f"),
    }
    # One scale for the sliders' whole range.
    most = structural.neurogenesis(proliferation_factor=2.5, survival_factor=2.5).mature.max()
    figures.keep_in_view(population_ax, 0, most / 1e3)
    year = 365

    def update(proliferation_factor, survival_factor):
        result = structural.neurogenesis(proliferation_factor=proliferation_factor, survival_factor=survival_factor)
        immature.set_ydata(result.immature / 1e3)
        mature.set_ydata(result.mature / 1e3)
        return (
            f"left, adult-born neurons in the dentate gyrus of a rat from young adulthood (day 0) over two years, with "
            f"production ×{proliferation_factor:.1f} and survival ×{survival_factor:.1f} of new cells: "
            f"{result.survival_to_maturity:.0%} of newborn cells mature, and after a year {result.mature[year] / 1e3:.0f} "
            f"thousand mature adult-born neurons have been added ({result.mature[year] / standard.mature[year]:.1f} times "
            f"standard housing). The birth rate falls with age, to {result.birth_rate_per_day[year] / result.birth_rate_per_day[0]:.0%} "
            f"of its young-adult level after a year, and the neurons that matured stay, so the count levels off near "
            f"{result.long_run_mature / 1e3:.0f} thousand; right, a young neuron's plasticity peaks at 4-6 weeks of age."
        )

    return WidgetApp(controls, fig, update)


CONTEXTS = {
    "A, where fear was learned": "A",
    "B, where it was extinguished": "B",
    "C, a new place": "C",
}


def relapse_protocol(delay_days, test_context, stress):
    """Fear learned in A, extinguished in B the next day, then a probe after ``delay_days``
    in ``test_context``, with an unsignalled aversive event there an hour before if
    ``stress`` (the renewal design of ``rewire.memory.designs``)."""
    return memory.designs.renewal(f"AB{test_context}", delay_hours=24 * delay_days, stress_before_test=stress)


def relapse_probe_app():
    """Design a relapse probe (delay, context, stress) and compare unlearning
    (Rescorla & Wagner 1972) with context-gated new learning (after Bouton 2004)."""
    models = {"RescorlaWagner": memory.RescorlaWagner(), "ContextGatedExtinction": memory.ContextGatedExtinction()}
    fig, (course_ax, probe_ax) = figures.new_figure(ncols=2, width=8.0, height=3.4)
    first = {name: model.run(relapse_protocol(1, "A", False)) for name, model in models.items()}
    lines = figures.plot_fear_course(course_ax, first)
    bars = figures.plot_probe_bars(probe_ax, ["probe"], {name: [r.tests["test"]] for name, r in first.items()}, legend=False)
    probe_ax.set_xticks([0], ["fear at the probe"])
    figures.legend_of_lines_and_bars(fig, lines, bars)
    controls = {
        "delay_days": _slider("days between extinction and probe", 7, 1, 60, 1, "d", kind=widgets.IntSlider),
        "test_context": widgets.Dropdown(options=CONTEXTS, value="A", description="probe in context",
                                         style={"description_width": LABEL_WIDTH}, layout=widgets.Layout(width=CONTROL_WIDTH)),
        "stress": widgets.Checkbox(value=False, description="an unsignalled aversive event just before the probe",
                                   indent=False, layout=widgets.Layout(width="auto")),
    }

    def update(delay_days, test_context, stress):
        results = {name: model.run(relapse_protocol(delay_days, test_context, stress)) for name, model in models.items()}
        for name, result in results.items():
            lines[name].set_ydata([trial["response"] for trial in figures.cue_trials(result)])
            figures.set_bar_heights(bars[name], [result.tests["test"]])
        rw, cge = (results[name].tests["test"] for name in models)
        where = next(label for label, code in CONTEXTS.items() if code == test_context)
        return (
            f"fear on every trial (left) and at the probe (right): fear learned in A, extinguished in B, probed "
            f"{delay_days} days later in {where}{' after a stressful event there' if stress else ''}. Rescorla–Wagner, in "
            f"which extinction unlearns the cue and any return comes from what the contexts learned, predicts {rw:.2f}; the context-gated model, which keeps the old "
            f"memory and adds an inhibitory one, predicts {cge:.2f}."
        )

    return WidgetApp(controls, fig, update)


def reminder_protocol(gap_hours, reminder=True):
    """Monfils et al. (2009), from ``rewire.memory.designs``: three pairings, a day later an
    optional reminder, ``gap_hours`` later 18 cue-alone trials, and a test a month after."""
    return memory.designs.monfils(gap_hours if reminder else None)


def reconsolidation_window_app():
    """The reminder-to-extinction gap through two accounts of reconsolidation side by side:
    the labile trace (Nader 2000; Lee 2009) and the latent-cause model (Gershman et al. 2017)."""
    models = {"LabileTrace": memory.LabileTrace(), "LatentCause": memory.LatentCause()}
    gaps = np.geomspace(1 / 6, 24 * 14, 40)
    curves = {name: [model.run(reminder_protocol(gap)).tests["test"] for gap in gaps] for name, model in models.items()}
    without = {name: model.run(reminder_protocol(1, reminder=False)).tests["test"] for name, model in models.items()}
    # Where each window closes: the first gap after which at least half the no-reminder fear returns.
    closes = {name: gaps[np.argmax(np.asarray(curve) >= 0.5 * without[name])] for name, curve in curves.items()}
    fig, (ax,) = figures.new_figure(width=7.0, height=3.6)
    markers = {}
    for name, curve in curves.items():
        style = figures.MODEL_STYLES[name]
        ax.semilogx(gaps, curve, color=style["color"], ls=style["ls"], lw=2, label=figures.theory_name(name))
        # The no-reminder level: dotted, and with the model's own hollow marker (not colour alone).
        ax.plot(gaps[::6], [without[name]] * len(gaps[::6]), color=style["color"], lw=0.8, ls=":",
                marker=style["marker"], ms=4, mfc="white")
        markers[name], = ax.plot([1.0], [0.0], marker=style["marker"], color=style["color"], ms=9, ls="none")
    for hours, label in ((1, "1 h"), (6, "6 h"), (24, "1 day"), (24 * 7, "1 week")):
        ax.text(hours, 1.02, label, ha="center", fontsize=figures.SMALLEST_FONT_PT, transform=ax.get_xaxis_transform())
    gap_line = ax.axvline(1.0, color=figures.OKABE_ITO["black"], lw=1)
    ax.set_xlabel("hours from the reminder to extinction (log scale)")
    ax.set_ylabel("fear a month later")
    ax.set_ylim(-0.06, 1.06)  # room for the whole marker at no fear and at full fear
    figures.legend_beside(ax, title="dotted: no reminder", title_fontsize=figures.SMALLEST_FONT_PT)
    controls = {"gap_hours": widgets.FloatLogSlider(
        value=1.0, base=10, min=np.log10(gaps[0]), max=np.log10(gaps[-1]), step=0.05,
        description="reminder-to-extinction gap (h)", readout_format=".2g", continuous_update=True,
        style={"description_width": LABEL_WIDTH}, layout=widgets.Layout(width=CONTROL_WIDTH),
    )}

    def update(gap_hours):
        fear = {name: model.run(reminder_protocol(gap_hours)).tests["test"] for name, model in models.items()}
        for name, marker in markers.items():
            marker.set_data([gap_hours], [fear[name]])
        gap_line.set_xdata([gap_hours, gap_hours])
        return (
            f"fear a month after extinction against the time from reminder to extinction (curves), with the no-reminder "
            f"level dotted; at {gap_hours:.2g} h the labile trace predicts {fear['LabileTrace']:.2f} and the latent-cause "
            f"model {fear['LatentCause']:.2f}. Half the fear returns once the gap passes about "
            f"{closes['LabileTrace']:.0f} h for the labile trace, whose trace has restabilised, and about "
            f"{closes['LatentCause'] / 24:.0f} days for the latent-cause model, for which extinction is then too far away "
            f"in time to be inferred as the same cause."
        )

    return WidgetApp(controls, fig, update)


REMINDERS = {
    "no reminder": None,
    "reminder, outcome omitted (prediction error)": False,
    "reminder that brings the outcome (no prediction error)": True,
}


def blockade_protocol(reminder_outcome, blocker, blocker_delay_hours):
    """Nader et al. (2000), from ``rewire.memory.designs``: training, a day later a reminder
    (or none), a protein-synthesis blocker some hours after it (or none), and a test a day
    after the reminder."""
    return memory.designs.nader(reminder_outcome is not None, blocker_delay_hours if blocker else None,
                                reminder_outcome=bool(reminder_outcome))


def _relative(fear, untreated):
    """Fear as a fraction of the untreated group's (how the papers compare drug with vehicle)."""
    return fear / untreated if untreated > 0 else 0.0


def blockade_app():
    """Protein-synthesis blockade with and without reactivation, immediately and hours later,
    and with or without a prediction error (Nader, Schafe & LeDoux 2000). The description
    says why the two models start from different levels."""
    models = {"LabileTrace": memory.LabileTrace(), "LatentCause": memory.LatentCause()}
    untreated = {name: model.run(blockade_protocol(None, False, 0.0)).tests["test"] for name, model in models.items()}
    fig, (ax,) = figures.new_figure(width=6.5, height=3.4)
    bars = figures.plot_probe_bars(ax, ["no blocker", "with blocker"], {name: [0.0, 0.0] for name in models})
    controls = {
        "blocker_delay_hours": _slider("blocker given (hours after reactivation)", 0.0, 0.0, 8.0, 0.5, ".1f"),
        "reminder": widgets.Dropdown(options=REMINDERS, value=False, description="reactivation",
                                     style={"description_width": LABEL_WIDTH}, layout=widgets.Layout(width=CONTROL_WIDTH)),
    }

    def update(blocker_delay_hours, reminder):
        fear = {
            name: [model.run(blockade_protocol(reminder, blocker, blocker_delay_hours)).tests["test"] for blocker in (False, True)]
            for name, model in models.items()
        }
        for name, heights in fear.items():
            figures.set_bar_heights(bars[name], heights)
        label = next(text for text, value in REMINDERS.items() if value is reminder)
        when = (f"{blocker_delay_hours:.1f} h after the reminder" if reminder is not None
                else f"{blocker_delay_hours:.1f} h after the moment a reminder would have come (none was given)")
        lt, lc = fear["LabileTrace"], fear["LatentCause"]
        return (
            f"fear at a test a day after reactivation ({label}), without and with a protein-synthesis blocker given "
            f"{when}: the labile trace {lt[0]:.2f} without and {lt[1]:.2f} with the blocker, the latent-cause model "
            f"{lc[0]:.2f} and {lc[1]:.2f}. Without a reminder or a blocker they give {untreated['LabileTrace']:.2f} "
            f"and {untreated['LatentCause']:.2f} after three pairings: the labile trace reports its associative "
            f"strength, the latent-cause model a steep threshold on the expected shock, so any clear expectation "
            f"gives nearly full fear; compare each model with itself."
        )

    return WidgetApp(controls, fig, update)


BOUNDED_LABILE_TRACE = dict(destabilisation_age_days=10.0, destabilisation_strength_trials=6.0)


def reconsolidation_boundaries_app():
    """Boundary conditions of reconsolidation blockade: memory age (Milekic & Alberini 2002),
    strength (Wang, de Oliveira Alvares & Nader 2009) and reminder length (Suzuki et al.
    2004), through the labile trace with its published boundaries switched on and the
    latent-cause model, in which they must emerge from inference."""
    models = {"LabileTrace": memory.LabileTrace(**BOUNDED_LABILE_TRACE), "LatentCause": memory.LatentCause()}
    fig, (ax,) = figures.new_figure(width=6.5, height=3.4)
    bars = figures.plot_probe_bars(ax, ["vehicle", "blocker"], {name: [0.0, 0.0] for name in models})
    ax.set_ylabel("fear, fraction of no reminder")
    controls = {
        "memory_age_days": _slider("memory age at the reminder (days)", 1, 1, 60, 1, "d", kind=widgets.IntSlider),
        "pairings": _slider("tone-shock pairings in training", 3, 1, 12, 1, "d", kind=widgets.IntSlider),
        "reminder_trials": _slider("cue presentations in the reminder", 1, 1, 10, 1, "d", kind=widgets.IntSlider),
    }

    def update(memory_age_days, pairings, reminder_trials):
        options = dict(acquisition_trials=pairings, memory_age_days=memory_age_days)
        fear = {}
        for name, model in models.items():
            untreated = model.run(memory.designs.nader(False, **options)).tests["test"]
            fear[name] = [_relative(model.run(memory.designs.nader(True, blocker, reminder_trials=reminder_trials,
                                                                   **options)).tests["test"], untreated)
                          for blocker in (None, 0.0)]
            figures.set_bar_heights(bars[name], fear[name])
        lt, lc = fear["LabileTrace"], fear["LatentCause"]
        return (
            f"fear a day after a reminder of {reminder_trials} cue presentation{'s' if reminder_trials > 1 else ''}, "
            f"given to a {memory_age_days}-day-old memory of {pairings} pairing{'s' if pairings > 1 else ''}, with "
            f"vehicle and with a blocker right after it, as a fraction of fear without a reminder: the labile trace "
            f"(with the published age and strength boundaries switched on) {lt[0]:.2f} and {lt[1]:.2f}, the "
            f"latent-cause model {lc[0]:.2f} and {lc[1]:.2f}."
        )

    return WidgetApp(controls, fig, update)


CRITICAL_PERIOD_PROBES = {
    "a week later": memory.designs.spontaneous_recovery(24 * 7),
    "in A (ABA renewal)": memory.designs.renewal("ABA"),
    "after a shock (reinstatement)": memory.designs.reinstatement("A"),
}
AGE_STYLES = {
    "adult (day 60)": figures.MODEL_STYLES["ContextGatedExtinction"],
    "at the chosen age": figures.MODEL_STYLES["LabileTrace"],
}


def critical_period_app():
    """A critical period for extinction: in infant rats extinction appears to erase fear
    (Kim & Richardson 2008; Gogolla et al. 2009). The context-gated model with its share of
    extinction that erases set by the age at training (``memory.erasure_at_age``)."""
    probes = list(CRITICAL_PERIOD_PROBES)
    adult = memory.ContextGatedExtinction(extinction_erasure=memory.erasure_at_age(60))
    fig, (ax,) = figures.new_figure(width=6.5, height=3.4)
    bars = figures.plot_probe_bars(ax, probes, {name: [0.0] * len(probes) for name in AGE_STYLES}, styles=AGE_STYLES)
    figures.set_bar_heights(bars["adult (day 60)"], [adult.run(p).tests["test"] for p in CRITICAL_PERIOD_PROBES.values()])
    ax.set_ylabel("fear after extinction")
    controls = {"postnatal_day": _slider("age at training and extinction (postnatal day)", 17, 14, 35, 1, "d",
                                         kind=widgets.IntSlider)}

    def update(postnatal_day):
        erasure = memory.erasure_at_age(postnatal_day)
        model = memory.ContextGatedExtinction(extinction_erasure=erasure)
        fear = [model.run(p).tests["test"] for p in CRITICAL_PERIOD_PROBES.values()]
        figures.set_bar_heights(bars["at the chosen age"], fear)
        return (
            f"fear after extinction at three relapse probes ({', '.join(probes)}), for an adult rat and for a rat "
            f"trained and extinguished on postnatal day {postnatal_day}, when {erasure:.0%} of extinction erases the "
            f"fear memory instead of adding an inhibitory one: {', '.join(f'{v:.2f}' for v in fear)}."
        )

    return WidgetApp(controls, fig, update)


def _relapse_probes_in_words(tests):
    """Fear at the end of a therapy course and at its three relapse probes, as a phrase."""
    return (f"{tests['end of therapy']:.2f} at the end of therapy, {tests['at follow-up']:.2f} at follow-up, "
            f"{tests['in a new context']:.2f} in a new context and {tests['after stress']:.2f} after stress")


def therapy_course_app():
    """Each therapy's teaching course, under each reading where the mechanism is debated,
    through the new-learning and the updating model, at the relapse probes."""
    choices = therapy.courses()
    models = {"ContextGatedExtinction": memory.ContextGatedExtinction(), "LabileTrace": memory.LabileTrace()}
    fig, (ax,) = figures.new_figure(width=7.0, height=3.4)
    bars = figures.plot_probe_bars(ax, list(therapy.PROBES), {name: [0.0] * len(therapy.PROBES) for name in models})
    controls = {"course": widgets.Dropdown(options=choices, value=choices["Exposure therapy"], description="therapy",
                                           style={"description_width": LABEL_WIDTH}, layout=widgets.Layout(width=CONTROL_WIDTH))}

    def update(course):
        name, reading = course
        results = {model_name: therapy.simulate(name, reading, model=model) for model_name, model in models.items()}
        for model_name, result in results.items():
            figures.set_bar_heights(bars[model_name], [result.tests[probe] for probe in therapy.PROBES])
        return (
            f"fear at each probe after the teaching course of {name}{f' read as {reading}' if reading else ''}; "
            f"through the context-gated model, which can only learn anew: "
            f"{_relapse_probes_in_words(results['ContextGatedExtinction'].tests)}; through the labile-trace model: "
            f"{_relapse_probes_in_words(results['LabileTrace'].tests)}."
        )

    return WidgetApp(controls, fig, update)



# The delays a learner can choose from reactivation to mismatch: fine steps inside the
# reconsolidation window (minutes), coarse ones after it (hours), 17 positions in all.
MISMATCH_MINUTES = [(f"{m} min", m) for m in (1, 2, 5, 10, 15, 20, 30, 45)] + [
    (f"{h:g} h", round(60 * h)) for h in (1, 1.5, 2, 3, 4, 5, 6, 8, 10)]
KEYS_HINT = ("<small>Keys, once the slider's knob has the focus: ← → one step, PageUp/PageDown five steps, "
             "Home/End either end.</small>")


def _with_keys_hint(app):
    """The app with a line under its controls that names the keys for big steps along a
    slider with many positions."""
    controls_box = app.children[0]
    controls_box.children += (widgets.HTML(KEYS_HINT),)
    return app


def lasting_change_app():
    """Why some changes last: the same relapse probes after a course of inhibition and after
    a course of updating, with the mismatch coming minutes or hours after reactivation."""
    fig, (ax,) = figures.new_figure(width=6.5, height=3.4)
    first = puzzles.lasting_change()
    probes = first.relapse_probes()
    bars = figures.plot_probe_bars(ax, probes, {"after inhibition": [0.0] * len(probes), "after updating": [0.0] * len(probes)},
                                   styles=figures.COURSE_STYLES)
    controls = {"minutes_before_mismatch": widgets.SelectionSlider(
        options=MISMATCH_MINUTES, value=10, description="minutes from reactivation to mismatch", continuous_update=True,
        style={"description_width": LABEL_WIDTH}, layout=widgets.Layout(width=CONTROL_WIDTH),
    )}

    def update(minutes_before_mismatch):
        result = puzzles.lasting_change(minutes_before_mismatch=minutes_before_mismatch)
        index = [result.probes.index(probe) for probe in probes]
        figures.set_bar_heights(bars["after inhibition"], result.after_inhibition[index])
        figures.set_bar_heights(bars["after updating"], result.after_updating[index])
        return (
            f"fear at the relapse probes after six sessions of exposure (inhibition) and after six sessions of "
            f"coherence-style updating with the mismatch {minutes_before_mismatch} minutes after reactivation: after "
            f"inhibition {', '.join(f'{v:.2f}' for v in result.after_inhibition[index])}; after updating "
            f"{', '.join(f'{v:.2f}' for v in result.after_updating[index])} ({', '.join(probes)})."
        )

    return _with_keys_hint(WidgetApp(controls, fig, update))


def breakthrough_app():
    """Sudden breakthroughs: many sessions of gradual inhibition, and one session in which the
    reconsolidation conditions are met by accident."""
    n_sessions = _defaults(puzzles.sudden_breakthrough)["n_sessions"]
    fig, (ax,) = figures.new_figure(width=7.0, height=3.4)
    line, marker = figures.plot_sessions(ax, puzzles.sudden_breakthrough())
    controls = {"breakthrough_session": _slider("breakthrough in session (0: none)", 12, 0, n_sessions, 1, "d", kind=widgets.IntSlider)}

    def update(breakthrough_session):
        result = puzzles.sudden_breakthrough(breakthrough_session=breakthrough_session or None)
        line.set_data(*result.sawtooth())
        marker.set_xdata([breakthrough_session or np.nan] * 2)
        probes = dict(zip(result.probes, result.probe_fear))
        when = f"in session {breakthrough_session}" if breakthrough_session else "never"
        return (
            f"fear at the start and end of each of {n_sessions} weekly sessions; fear falls within each session and "
            f"partly recovers by the next; the reconsolidation conditions are met {when}. A month after therapy, fear "
            f"in a new context is {probes['in a new context']:.2f} and after stress {probes['after stress']:.2f}."
        )

    return WidgetApp(controls, fig, update)


def symptom_cycling_app():
    """Cycling through therapies: one core learning behind several symptoms; treating the
    symptoms one by one, then (optionally) updating the core."""
    fig, (ax,) = figures.new_figure(width=7.0, height=3.4)
    first = puzzles.symptom_cycling()  # updating the core: every stage, the axis keeps them all
    lines = figures.plot_stage_lines(ax, first.stages, {symptom: first.fear_of(symptom) for symptom in first.symptoms})
    ax.set_ylabel("fear expressed through each symptom")
    # The core update's stage is named by a text of its own, not a tick label: changing a
    # tick label redraws the whole figure, changing a text only itself.
    core = next(stage for stage in first.stages if stage not in puzzles.symptom_cycling(update_core=False).stages)
    position = first.stages.index(core)
    tick_labels = [label.get_text() for label in ax.get_xticklabels()]
    core_label = ax.text(position, 0, tick_labels[position], transform=ax.get_xaxis_transform(), ha="center",
                         va="top", fontsize=figures.SMALLEST_FONT_PT)
    core_label.set_y(-ax.xaxis.get_tick_padding() / (72 * fig.get_figheight() * ax.get_position().height))
    tick_labels[position] = ""
    ax.xaxis.set_ticklabels(tick_labels, fontsize=figures.SMALLEST_FONT_PT)
    controls = {"update_core": widgets.Checkbox(value=True, description="update the core learning after the symptom therapies",
                                                indent=False, layout=widgets.Layout(width="auto"))}

    def update(update_core):
        result = puzzles.symptom_cycling(update_core=update_core)
        positions = [first.stages.index(stage) for stage in result.stages]  # without the core update, one is skipped
        for symptom, line in lines.items():
            line.set_data(positions, result.fear_of(symptom))
        # The stage a run skips has no points: its label says so instead of naming it.
        core_label.set_text(core.replace(" ", "\n", 1) if update_core else "(core not\nupdated)")
        final = ", ".join(f"{symptom} {result.fear_of(symptom)[-1]:.2f}" for symptom in result.symptoms)
        return (
            f"fear through each of three symptoms of one core learning, as each symptom is treated in turn by new "
            f"learning{' and then the core is updated' if update_core else ''}; at follow-up: {final}."
        )

    return WidgetApp(controls, fig, update)


def catalogue():
    """Every widget app of the course by name, each a function of no arguments that builds
    it as its lesson does (the map apps start from the lessons' developed map)."""
    developed = tables.lessons_map()
    return {
        "hebb_versus_oja": hebb_versus_oja_app,
        "bcm_frequency": bcm_frequency_app,
        "calcium_control": calcium_control_app,
        "stdp_window": stdp_window_app,
        "spine_survival": spine_survival_app,
        "lesion_rewiring": lesion_rewiring_app,
        "neurogenesis": neurogenesis_app,
        "digit_loss": lambda: digit_loss_app(developed),
        "digit_overuse": lambda: digit_overuse_app(developed),
        "relapse_probe": relapse_probe_app,
        "reconsolidation_window": reconsolidation_window_app,
        "blockade": blockade_app,
        "reconsolidation_boundaries": reconsolidation_boundaries_app,
        "critical_period": critical_period_app,
        "therapy_course": therapy_course_app,
        "lasting_change": lasting_change_app,
        "breakthrough": breakthrough_app,
        "symptom_cycling": symptom_cycling_app,
    }
