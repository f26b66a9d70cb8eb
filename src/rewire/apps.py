"""Widget apps: thin wiring from controls to a model to the artists of one figure.

Each app draws its figure once; moving a control reruns the model and updates the existing
artists in place (ipympl), never re-creating the figure. Each app keeps a one-sentence text
description of what the figure shows, updated with the numbers, for screen readers.
"""
import inspect

import ipywidgets as widgets
import numpy as np
from IPython.display import clear_output, display
from matplotlib.axis import Axis
from matplotlib.spines import Spine

from . import figures, functional, memory, puzzles, structural, synaptic, tables, therapy


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
        canvas = figure.canvas
        # Under ipympl the canvas is itself a widget; elsewhere (inline, static sites)
        # the figure is shown through an Output area instead.
        self._output = None if isinstance(canvas, widgets.DOMWidget) else widgets.Output()
        super().__init__([widgets.VBox(list(controls.values())), self._output or canvas, self.description])
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


# Room for a control's label of up to about 40 characters in JupyterLab's 13 px font
# (tests/test_browser_figures.py measures that none is cut off), and for its slider or menu.
LABEL_WIDTH = "22em"
CONTROL_WIDTH = "660px"


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
    """Spine survival in the published conditions, with simulated imaging data
    (Trachtenberg et al. 2002; Holtmaat et al. 2005; Grutzendler et al. 2002)."""
    conditions = structural.SPINE_CONDITIONS
    sessions = tuple(range(0, n_sessions_days + 1, every_days))
    days = np.linspace(0, n_sessions_days, 121)
    fig, (ax,) = figures.new_figure()
    first = next(iter(conditions))
    curve, data = figures.plot_spine_survival(
        ax, days, structural.spine_survival(days, **conditions["adult"]),
        structural.image_spines(session_days=sessions, **conditions[first]),
    )
    controls = {
        "condition": widgets.Dropdown(
            options=list(conditions), value="young adult", description="animal and region",
            style={"description_width": LABEL_WIDTH}, layout=widgets.Layout(width=CONTROL_WIDTH),
        ),
        "n_spines": _slider("spines imaged", 200, 20, 1000, 20, "d", kind=widgets.IntSlider),
    }

    def update(condition, n_spines):
        imaging = structural.image_spines(n_spines=n_spines, session_days=sessions, **conditions[condition])
        curve.set_ydata(imaging.expected_survival)
        data.set_ydata(imaging.survival_fraction)
        return (
            f"fraction of the spines seen on day 0 that are still there on later days. In {condition}, the model "
            f"keeps {imaging.expected_survival[-1]:.0%} after {n_sessions_days} days (adult reference: "
            f"{structural.spine_survival(n_sessions_days, **conditions['adult']):.0%}); {n_spines} imaged spines "
            f"give {imaging.survival_fraction[-1]:.0%}, and a turnover ratio of "
            f"{np.mean(imaging.turnover_ratio):.2f} per {every_days}-day interval."
        )

    return WidgetApp(controls, fig, update)


def lesion_rewiring_app():
    """Homeostatic structural plasticity after a retinal lesion (Butz & van Ooyen 2013)."""
    fig, (calcium_ax, synapse_ax) = figures.new_figure(ncols=2, width=8.0, height=3.4)
    base = structural.rewire_after_lesion()  # the time axis, the day of the lesion and the set point
    deprived, others, synapses, _ = figures.plot_lesion_recovery(calcium_ax, synapse_ax, base)
    controls = {
        "lesion_fraction": _slider("fraction of the network deprived", 0.2, 0.05, 0.4, 0.05, ".2f"),
        "growth_rate_per_day": _slider("element growth rate (per day)", 0.5, 0.1, 1.0, 0.1, ".1f"),
    }
    def update(lesion_fraction, growth_rate_per_day):
        # A run takes a fifth of a second: every slider position's run is in rewire.tables.
        result = tables.run("lesion", lesion_fraction=lesion_fraction, growth_rate_per_day=growth_rate_per_day)
        calcium, incoming = result["deprived_calcium"], result["deprived_incoming_synapses"]
        deprived.set_ydata(calcium)
        others.set_ydata(result["other_calcium"])
        synapses.set_ydata(incoming)
        figures.keep_in_view(synapse_ax, incoming.min(), incoming.max())
        start = np.searchsorted(base.time_days, base.lesion_day)
        trough = start + np.argmin(calcium[start:])
        back = np.flatnonzero(np.abs(calcium[trough:] - base.set_point) <= 0.1 * base.set_point)
        recovery = (
            f"is back within 10% of the set point by day {base.time_days[trough + back[0]]:.0f}"
            if back.size else f"has not recovered by day {base.time_days[-1]:.0f}"
        )
        return (
            f"left, calcium of the deprived neurons ({lesion_fraction:.0%} of the network) and of the others against "
            f"the set point; after the lesion on day {base.lesion_day:.0f} the deprived neurons' calcium falls to "
            f"{calcium[trough]:.2f} and {recovery}; right, their incoming synapses grow from {incoming[start]:.0f} "
            f"to {incoming[-1]:.0f}."
        )

    return WidgetApp(controls, fig, update)


def neurogenesis_app():
    """Adult-born neurons with more or less survival of newborn cells (van Praag et al.
    1999), beside the window of heightened plasticity of young neurons (Ge et al. 2007)."""
    fig, (population_ax, window_ax) = figures.new_figure(ncols=2, width=8.0, height=3.4)
    immature, mature = figures.plot_adult_born_neurons(population_ax, structural.neurogenesis())
    ages = np.linspace(0, 84, 169)
    figures.plot_plasticity_window(window_ax, ages, structural.plasticity_by_age(ages))
    defaults = _defaults(structural.neurogenesis)
    controls = {
        "survival_factor": _slider("newborn survival (× sedentary)", 1.0, 0.5, 2.5, 0.1, ".1f"),
        "birth_rate_per_day": _slider("new cells per day", defaults["birth_rate_per_day"], 2000, 20000, 500, ".0f"),
    }
    # One scale for the survival slider's whole range at the default birth rate.
    most = structural.neurogenesis(survival_factor=controls["survival_factor"].max).mature.max()
    figures.keep_in_view(population_ax, 0, most / 1e3)

    def update(survival_factor, birth_rate_per_day):
        result = structural.neurogenesis(survival_factor=survival_factor, birth_rate_per_day=birth_rate_per_day)
        baseline = structural.neurogenesis()
        immature.set_ydata(result.immature / 1e3)
        mature.set_ydata(result.mature / 1e3)
        figures.keep_in_view(population_ax, 0, max(result.mature.max(), baseline.mature.max()) / 1e3, fill=0.2)
        return (
            f"left, adult-born neurons over a year starting from the sedentary steady state: with survival "
            f"×{survival_factor:.1f} and {birth_rate_per_day:.0f} new cells a day, {result.survival_to_maturity:.0%} of "
            f"newborn cells mature and the mature adult-born population heads for {result.steady_mature / 1e6:.2f} million "
            f"({result.steady_mature / baseline.steady_mature:.1f} times the sedentary steady state); right, a young "
            f"neuron's plasticity peaks at 4-6 weeks of age."
        )

    return WidgetApp(controls, fig, update)


CONTEXTS = {
    "A, where fear was learned": "A",
    "B, where it was extinguished": "B",
    "C, a new place": "C",
}


def relapse_protocol(delay_days, test_context, stress):
    """Fear learned in A, extinguished in B the next day, then a probe after ``delay_days``
    in ``test_context``, with an unsignalled aversive event there just before if ``stress``."""
    protocol = (
        memory.Protocol().acquire(trials=8, context="A").wait(hours=24)
        .extinguish(trials=18, context="B").wait(hours=24 * delay_days)
    )
    if stress:
        protocol = protocol.stress(context=test_context).wait(hours=1)
    return protocol.test(context=test_context, label="probe")


def relapse_probe_app():
    """Design a relapse probe (delay, context, stress) and compare unlearning
    (Rescorla & Wagner 1972) with context-gated new learning (after Bouton 2004)."""
    models = {"RescorlaWagner": memory.RescorlaWagner(), "ContextGatedExtinction": memory.ContextGatedExtinction()}
    fig, (course_ax, probe_ax) = figures.new_figure(ncols=2, width=8.0, height=3.4)
    first = {name: model.run(relapse_protocol(1, "A", False)) for name, model in models.items()}
    lines = figures.plot_fear_course(course_ax, first)
    bars = figures.plot_probe_bars(probe_ax, ["probe"], {name: [r.tests["probe"]] for name, r in first.items()}, legend=False)
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
            figures.set_bar_heights(bars[name], [result.tests["probe"]])
        rw, cge = (results[name].tests["probe"] for name in models)
        where = next(label for label, code in CONTEXTS.items() if code == test_context)
        return (
            f"fear on every trial (left) and at the probe (right): fear learned in A, extinguished in B, probed "
            f"{delay_days} days later in {where}{' after a stressful event there' if stress else ''}. Rescorla–Wagner, in "
            f"which extinction unlearns the cue and any return comes from what the contexts learned, predicts {rw:.2f}; the context-gated model, which keeps the old "
            f"memory and adds an inhibitory one, predicts {cge:.2f}."
        )

    return WidgetApp(controls, fig, update)


def reminder_protocol(gap_hours, reminder=True):
    """Monfils et al. (2009): three pairings, a day later an optional reminder, ``gap_hours``
    later 18 cue-alone trials, and a test a month after."""
    protocol = memory.Protocol().acquire(trials=3, context="A").wait(hours=24)
    if reminder:
        protocol = protocol.retrieve(context="A")
    return protocol.wait(hours=gap_hours).extinguish(trials=18, context="A").wait(hours=24 * 30).test(context="A", label="a month later")


def reconsolidation_window_app():
    """The reminder-to-extinction gap through two accounts of reconsolidation side by side:
    the labile trace (Nader 2000; Lee 2009) and the latent-cause model (Gershman et al. 2017)."""
    models = {"LabileTrace": memory.LabileTrace(), "LatentCause": memory.LatentCause()}
    gaps = np.geomspace(1 / 6, 24 * 14, 40)
    curves = {name: [model.run(reminder_protocol(gap)).tests["a month later"] for gap in gaps] for name, model in models.items()}
    without = {name: model.run(reminder_protocol(1, reminder=False)).tests["a month later"] for name, model in models.items()}
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
        fear = {name: model.run(reminder_protocol(gap_hours)).tests["a month later"] for name, model in models.items()}
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
    """Nader et al. (2000): training, a day later a reminder (or none), a protein-synthesis
    blocker some hours after it (or none), and a test a day later."""
    protocol = memory.Protocol().acquire(trials=3, context="A").wait(hours=24)
    if reminder_outcome is not None:
        protocol = protocol.retrieve(context="A", outcome=reminder_outcome)
    if blocker:
        if blocker_delay_hours > 0:
            protocol = protocol.wait(hours=blocker_delay_hours)
        protocol = protocol.block_protein_synthesis()
    return protocol.wait(hours=24).test(context="A", label="test")


def blockade_app():
    """Protein-synthesis blockade with and without reactivation, immediately and hours later,
    and with or without a prediction error (Nader, Schafe & LeDoux 2000)."""
    models = {"LabileTrace": memory.LabileTrace(), "LatentCause": memory.LatentCause()}
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
        return (
            f"fear at a test a day later, without and with a protein-synthesis blocker given {blocker_delay_hours:.1f} h "
            f"after the reminder ({label}): the labile trace goes from {fear['LabileTrace'][0]:.2f} to "
            f"{fear['LabileTrace'][1]:.2f}, the latent-cause model from {fear['LatentCause'][0]:.2f} to {fear['LatentCause'][1]:.2f}."
        )

    return WidgetApp(controls, fig, update)


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
        updating = results["LabileTrace"].tests
        return (
            f"fear at each probe after the teaching course of {name}{f' read as {reading}' if reading else ''}; "
            f"through the labile-trace model: {updating['end of therapy']:.2f} at the end of therapy, "
            f"{updating['at follow-up']:.2f} at follow-up, {updating['in a new context']:.2f} in a new context and "
            f"{updating['after stress']:.2f} after stress."
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
    controls = {"update_core": widgets.Checkbox(value=True, description="update the core learning after the symptom therapies",
                                                indent=False, layout=widgets.Layout(width="auto"))}

    def update(update_core):
        result = puzzles.symptom_cycling(update_core=update_core)
        positions = [first.stages.index(stage) for stage in result.stages]  # without the core update, one is skipped
        for symptom, line in lines.items():
            line.set_data(positions, result.fear_of(symptom))
        final = ", ".join(f"{symptom} {result.fear_of(symptom)[-1]:.2f}" for symptom in result.symptoms)
        return (
            f"fear through each of three symptoms of one core learning, as each symptom is treated in turn by new "
            f"learning{' and then the core is updated' if update_core else ''}; at follow-up: {final}."
        )

    return WidgetApp(controls, fig, update)


def catalogue():
    """Every widget app of the course by name, each a function of no arguments that builds
    it as its lesson does (the map apps start from the lesson's developed map, seed 0)."""
    developed = functional.develop_map(seed=0)
    return {
        "hebb_versus_oja": hebb_versus_oja_app,
        "bcm_frequency": bcm_frequency_app,
        "stdp_window": stdp_window_app,
        "spine_survival": spine_survival_app,
        "lesion_rewiring": lesion_rewiring_app,
        "neurogenesis": neurogenesis_app,
        "digit_loss": lambda: digit_loss_app(developed),
        "digit_overuse": lambda: digit_overuse_app(developed),
        "relapse_probe": relapse_probe_app,
        "reconsolidation_window": reconsolidation_window_app,
        "blockade": blockade_app,
        "therapy_course": therapy_course_app,
        "lasting_change": lasting_change_app,
        "breakthrough": breakthrough_app,
        "symptom_cycling": symptom_cycling_app,
    }
