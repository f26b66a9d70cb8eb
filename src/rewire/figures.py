"""Figures: one style, a colour-blind-safe palette, and functions that take model results
and draw them, returning the artists that widget apps later update in place."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from . import functional

# Okabe & Ito (2008), safe for the common colour-vision deficiencies.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
POTENTIATION = OKABE_ITO["blue"]
DEPRESSION = OKABE_ITO["vermillion"]
PATTERN_COLOURS = [OKABE_ITO[c] for c in ("blue", "orange", "green", "purple", "sky_blue", "vermillion")]
STYLE = {
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.frameon": False,
    "figure.dpi": 100,
}


def new_figure(ncols=1, width=6.0, height=3.4):
    """A figure in the course style that is not shown until a lesson or app places it."""
    with plt.ioff(), plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, ncols, figsize=(width, height), layout="constrained", squeeze=False)
    canvas = fig.canvas
    for attribute in ("header_visible", "footer_visible", "toolbar_visible"):
        if hasattr(canvas, attribute):  # ipympl's canvas: no title bar, status line or toolbar
            setattr(canvas, attribute, False)
    return fig, list(axes[0])


def keep_in_view(ax, low, high, axis="y", margin=0.08, fill=0.5):
    """Fit an axis to data from `low` to `high` only when it must: when the data leave it,
    or fill less than `fill` of it. Otherwise the limits, and so the ticks, stay as they
    are, and an app can redraw just its lines (on a log axis, in decades)."""
    get_limits, set_limits, scale = ((ax.get_ylim, ax.set_ylim, ax.get_yscale()) if axis == "y"
                                     else (ax.get_xlim, ax.set_xlim, ax.get_xscale()))
    forward, back = (np.log10, lambda v: 10.0 ** v) if scale == "log" else (float, float)
    low, high = forward(low), forward(high)
    current_low, current_high = (forward(v) for v in get_limits())
    span = max(high - low, 1e-9)
    if low < current_low or high > current_high or span < fill * (current_high - current_low):
        set_limits(back(low - margin * span), back(high + margin * span))


def plot_weight_norms(ax, hebb_history, oja_history, step=1):
    """Weight-vector length against learning step: Hebb runs away, Oja settles at 1
    (`step`: the histories hold every step-th learning step)."""
    steps = step * np.arange(len(hebb_history))
    hebb_line, = ax.semilogy(steps, np.linalg.norm(hebb_history, axis=1), color=DEPRESSION, label="Hebb")
    oja_line, = ax.semilogy(steps, np.linalg.norm(oja_history, axis=1), color=POTENTIATION, ls="--", label="Oja")
    ax.axhline(1.0, color=OKABE_ITO["black"], lw=0.8, ls=":")
    ax.set_xlabel("learning step (input samples)")
    ax.set_ylabel("weight vector length |w|")
    ax.legend(loc="upper left")
    return hebb_line, oja_line


def plot_weight_directions(ax, inputs, hebb_history, oja_history, leading_direction):
    """The input cloud with the final Hebb and Oja weight directions and the leading eigenvector."""
    ax.scatter(inputs[:, 0], inputs[:, 1], s=4, color=OKABE_ITO["sky_blue"], alpha=0.4, label="inputs")
    artists = {}
    for name, history, colour, style in (("Oja", oja_history, POTENTIATION, "-"), ("Hebb", hebb_history, DEPRESSION, "--")):
        direction = history[-1] / np.linalg.norm(history[-1])
        artists[name], = ax.plot([0, 2 * direction[0]], [0, 2 * direction[1]], color=colour, ls=style, lw=2.5, label=f"direction of {name} w")
    artists["eigenvector"], = ax.plot(*np.c_[-2.5 * leading_direction, 2.5 * leading_direction], color=OKABE_ITO["black"], lw=0.8, ls=":", label="leading eigenvector")
    ax.set_xlim(-3, 3)
    ax.set_ylim(-3, 3)
    ax.set_aspect("equal")
    ax.set_xlabel("input 1")
    ax.set_ylabel("input 2")
    ax.legend(loc="lower right", fontsize=8)
    return artists


def plot_stdp_window(ax, delta_t_ms, weight_change):
    """Weight change against spike timing, with potentiation and depression sides marked."""
    ax.axhline(0, color=OKABE_ITO["black"], lw=0.8)
    ax.axvline(0, color=OKABE_ITO["black"], lw=0.8)
    ax.axvspan(0, delta_t_ms.max(), color=POTENTIATION, alpha=0.08)
    ax.axvspan(delta_t_ms.min(), 0, color=DEPRESSION, alpha=0.08)
    ax.text(0.98, 0.95, "pre before post:\npotentiation", transform=ax.transAxes, ha="right", va="top", fontsize=8)
    ax.text(0.02, 0.05, "post before pre:\ndepression", transform=ax.transAxes, ha="left", va="bottom", fontsize=8)
    line, = ax.plot(delta_t_ms, weight_change, color=OKABE_ITO["black"], lw=2)
    ax.set_xlabel("spike timing Δt = t_post − t_pre (ms)")
    ax.set_ylabel("weight change Δw (fraction of w_max)")
    return line


def plot_frequency_response(ax, frequencies_hz, weight_change_percent):
    """Lasting weight change after a train of pulses at each frequency (log frequency axis)."""
    ax.axhline(0, color=OKABE_ITO["black"], lw=0.8)
    line, = ax.semilogx(frequencies_hz, weight_change_percent, color=OKABE_ITO["black"], lw=2, marker="o", ms=3)
    crossover = ax.axvline(np.nan, color=OKABE_ITO["orange"], ls="--", lw=1.5, label="LTD/LTP crossover")
    ax.set_xlabel("stimulation frequency (Hz)")
    ax.set_ylabel("weight change (%)")
    ax.legend(loc="upper left")
    return line, crossover


def plot_selectivity(ax, result):
    """The neuron's response to each input pattern during BCM training, and its threshold."""
    every = max(1, len(result.time) // 12)
    lines = [
        ax.plot(result.time, result.responses[:, k], color=PATTERN_COLOURS[k % len(PATTERN_COLOURS)], lw=2,
                ls=("-", "--", "-.")[k % 3], marker=("o", "s", "^")[k % 3], markevery=every, ms=4,
                label=f"pattern {k + 1}")[0]
        for k in range(result.responses.shape[1])
    ]
    threshold, = ax.plot(result.time, result.theta, color=OKABE_ITO["black"], lw=0.8, ls=":", label="threshold θ")
    ax.set_xlabel("training time (model time units)")
    ax.set_ylabel("response y")
    ax.legend(loc="upper left", fontsize=8)
    return lines, threshold


def plot_weight_histogram(ax, weights_fraction, correlated_mask, bins=20):
    """Stacked histogram of synaptic weights (fraction of the maximum, g / g_max), with the
    correlated and the independent inputs in two colours and two hatchings."""
    edges = np.linspace(0, 1, bins + 1)
    independent, _ = np.histogram(weights_fraction[~correlated_mask], bins=edges)
    correlated, _ = np.histogram(weights_fraction[correlated_mask], bins=edges)
    width = np.diff(edges)
    bars_independent = ax.bar(edges[:-1], independent, width=width, align="edge", color=OKABE_ITO["sky_blue"], edgecolor="white", label="independent inputs")
    bars_correlated = ax.bar(edges[:-1], correlated, bottom=independent, width=width, align="edge", color=OKABE_ITO["vermillion"], edgecolor="white", hatch="//", label="correlated inputs")
    ax.set_xlabel("synaptic weight g / g_max")
    ax.set_ylabel("number of synapses")
    return bars_independent, bars_correlated


def show(fig):
    """What a notebook cell returns to display a figure: the live canvas under ipympl,
    the figure itself (a static image) under any other backend."""
    import ipywidgets

    return fig.canvas if isinstance(fig.canvas, ipywidgets.DOMWidget) else fig


def bcm_selectivity_figure(result):
    """One panel: a BCM neuron's responses to each pattern during training (BCM 1982)."""
    fig, (ax,) = new_figure()
    plot_selectivity(ax, result)
    ax.set_title("A BCM neuron becomes selective for one pattern")
    return fig


def weight_distribution_figure(result):
    """Two panels: the weights before and after STDP learning (Song, Miller & Abbott 2000)."""
    fig, (before, after) = new_figure(ncols=2, width=8.0, height=3.4)
    plot_weight_histogram(before, result.initial_weights, result.correlated_mask)
    plot_weight_histogram(after, result.weights, result.correlated_mask)
    before.set_title("before learning")
    after.set_title(f"after learning (output {result.post_rate_hz:.0f} Hz)")
    tallest = max(bar.get_y() + bar.get_height() for ax in (before, after) for bar in ax.patches)
    for ax in (before, after):
        ax.set_ylim(0, 1.1 * tallest)
    after.legend(loc="upper center")
    return fig


DIGIT_COLOURS = [OKABE_ITO[c] for c in ("blue", "orange", "green", "purple", "sky_blue")]


def plot_cortical_strip(ax, unit_digits, digit_names):
    """The chain of cortical units as a strip, each unit coloured by the digit it
    represents, with the digits' names written on their territories."""
    strip = ax.imshow(
        np.asarray(unit_digits)[None, :], aspect="auto", cmap=ListedColormap(DIGIT_COLOURS),
        vmin=-0.5, vmax=len(DIGIT_COLOURS) - 0.5, interpolation="nearest",
    )
    labels = [
        ax.text(0, 0, name, ha="center", va="center", fontsize=9, fontweight="bold",
                bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none", alpha=0.85))
        for name in digit_names
    ]
    ax.set_yticks([])
    ax.set_xlabel("position in cortex (unit)")
    ax.grid(False)
    update_cortical_strip(strip, labels, unit_digits)
    return strip, labels


def update_cortical_strip(strip, labels, unit_digits):
    """Redraw the strip for new digit labels; each name sits in the middle of its
    digit's largest stretch of cortex and disappears when the digit has none."""
    unit_digits = np.asarray(unit_digits)
    strip.set_data(unit_digits[None, :])
    for digit, label in enumerate(labels):
        units = np.flatnonzero(unit_digits == digit)
        label.set_visible(units.size > 0)
        if units.size:
            runs = np.split(units, np.flatnonzero(np.diff(units) > 1) + 1)
            longest = max(runs, key=len)
            label.set_position((longest.mean(), 0))


def plot_territory_bars(ax, before, after, digit_names):
    """Territory of each digit (fraction of the map) before and after an experience:
    outlined bars for before, hatched filled bars for after."""
    x = np.arange(len(digit_names))
    ax.bar(x - 0.2, before, width=0.4, color="white", edgecolor=OKABE_ITO["black"], label="before")
    bars = ax.bar(x + 0.2, after, width=0.4, color=DIGIT_COLOURS, edgecolor=OKABE_ITO["black"], hatch="//", label="after")
    ax.set_xticks(x, digit_names)
    ax.set_ylabel("share of the map")
    ax.set_ylim(0, max(0.5, 1.15 * max(max(before), max(after))))
    ax.legend(loc="upper right")
    return bars


def map_development_figure(cortical_map):
    """Two panels: the developed map as a strip of cortex, and each digit's territory."""
    fig, (strip_ax, bar_ax) = new_figure(ncols=2, width=8.0, height=2.8)
    plot_cortical_strip(strip_ax, functional.unit_digits(cortical_map), functional.DIGITS)
    shares = list(functional.territory(cortical_map).values())
    bar_ax.bar(functional.DIGITS, shares, color=DIGIT_COLOURS, edgecolor=OKABE_ITO["black"])
    bar_ax.set_ylabel("share of the map")
    strip_ax.set_title("the developed map, unit by unit")
    bar_ax.set_title("territory of each digit")
    return fig


def plot_spine_survival(ax, days, reference_survival, imaging):
    """Spine survival: the adult reference curve, the chosen condition's model curve, and
    the simulated imaging data (fraction of day-0 spines still present) as markers."""
    ax.plot(days, reference_survival, color=OKABE_ITO["black"], ls="--", lw=1.5, label="adult (reference)")
    curve, = ax.plot(imaging.session_days, imaging.expected_survival, color=OKABE_ITO["blue"], lw=2, label="condition: model")
    data, = ax.plot(imaging.session_days, imaging.survival_fraction, "s", color=OKABE_ITO["vermillion"], ms=5, label="condition: imaged spines")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("days since the first imaging session")
    ax.set_ylabel("fraction of day-0 spines still present")
    ax.legend(loc="lower left", fontsize=8)
    return curve, data


def plot_lesion_recovery(calcium_ax, synapse_ax, result):
    """After a lesion: mean calcium of the deprived and of the other neurons against the
    set point (left), and the deprived neurons' incoming synapses (right)."""
    deprived_calcium, = calcium_ax.plot(result.time_days, result.deprived_calcium, color=OKABE_ITO["vermillion"], lw=2, label="deprived neurons")
    other_calcium, = calcium_ax.plot(result.time_days, result.calcium[:, ~result.deprived].mean(axis=1), color=OKABE_ITO["blue"], ls="--", lw=1.5, label="other neurons")
    calcium_ax.axhline(result.set_point, color=OKABE_ITO["black"], ls=":", lw=1, label="set point")
    lesion_lines = [ax.axvline(result.lesion_day, color=OKABE_ITO["black"], lw=0.8) for ax in (calcium_ax, synapse_ax)]
    calcium_ax.set_xlabel("days")
    calcium_ax.set_ylabel("calcium (activity trace)")
    calcium_ax.set_ylim(0, 1.1)
    calcium_ax.legend(loc="lower right", fontsize=8)
    synapses, = synapse_ax.plot(result.time_days, result.deprived_incoming_synapses, color=OKABE_ITO["vermillion"], lw=2)
    synapse_ax.set_xlabel("days")
    synapse_ax.set_ylabel("incoming synapses per deprived neuron")
    return deprived_calcium, other_calcium, synapses, lesion_lines


def plot_adult_born_neurons(ax, result):
    """Immature and mature adult-born neurons over time (thousands of cells)."""
    immature, = ax.plot(result.time_days, result.immature / 1e3, color=OKABE_ITO["orange"], lw=2, ls="--", label="immature")
    mature, = ax.plot(result.time_days, result.mature / 1e3, color=OKABE_ITO["blue"], lw=2, label="mature adult-born")
    ax.set_xlabel("days")
    ax.set_ylabel("neurons (thousands)")
    ax.legend(loc="center right", fontsize=8)
    return immature, mature


def plot_plasticity_window(ax, age_days, relative_plasticity):
    """Plasticity of an adult-born neuron against its age, with 4-6 weeks shaded."""
    ax.axvspan(4, 6, color=OKABE_ITO["green"], alpha=0.15)
    ax.text(5, 1.02, "4-6 weeks", ha="center", va="bottom", transform=ax.get_xaxis_transform(), fontsize=8)
    line, = ax.plot(age_days / 7, relative_plasticity, color=OKABE_ITO["green"], lw=2)
    ax.set_xlabel("age of the new neuron (weeks)")
    ax.set_ylabel("plasticity (relative to mature)")
    return line


MODEL_STYLES = {
    "RescorlaWagner": dict(color=OKABE_ITO["vermillion"], ls="--", marker="s", hatch="//"),
    "ContextGatedExtinction": dict(color=OKABE_ITO["blue"], ls="-", marker="o", hatch=""),
    "LabileTrace": dict(color=OKABE_ITO["green"], ls="-", marker="^", hatch="xx"),
    "LatentCause": dict(color=OKABE_ITO["purple"], ls="-.", marker="D", hatch=".."),
}


def cue_trials(result):
    """The trials of a memory Result in which the cue was shown (stress events left out)."""
    return [trial for trial in result.trials if trial["cue"] is not None]


def plot_fear_course(ax, results):
    """Conditioned response on every cue trial, one line per model (``results``: model name
    -> memory Result), with the phases of the protocol named along the top."""
    lines = {}
    for name, result in results.items():
        style = MODEL_STYLES[name]
        responses = [trial["response"] for trial in cue_trials(result)]
        lines[name], = ax.plot(range(1, len(responses) + 1), responses, color=style["color"], ls=style["ls"],
                               marker=style["marker"], ms=3, lw=1.5, label=name)
    trials = cue_trials(next(iter(results.values())))
    starts = [i for i, trial in enumerate(trials) if i == 0 or trial["phase"] != trials[i - 1]["phase"]]
    for i in starts:
        ax.axvline(i + 0.5, color=OKABE_ITO["black"], lw=0.5, alpha=0.5)
        ax.text(i + 0.7, 1.04, trials[i]["phase"], transform=ax.get_xaxis_transform(), fontsize=7, rotation=30, va="bottom")
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("trial")
    ax.set_ylabel("conditioned response (fear)")
    ax.legend(loc="center right", fontsize=7)
    return lines


def plot_probe_bars(ax, probes, fear_by_model, styles=None):
    """Grouped bars: fear at each probe (``probes``), one bar per model (or per course),
    hatched so that colour is not the only cue. ``styles`` maps each name to a colour and
    hatch; by default the memory models' styles."""
    styles = MODEL_STYLES if styles is None else styles
    x = np.arange(len(probes))
    width = 0.8 / len(fear_by_model)
    bars = {}
    for k, (name, fear) in enumerate(fear_by_model.items()):
        style = styles[name]
        bars[name] = ax.bar(x - 0.4 + (k + 0.5) * width, fear, width=width, color=style["color"],
                            hatch=style["hatch"], edgecolor="white", label=name)
    ax.set_xticks(x, probes, fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("fear at the probe")
    ax.legend(loc="upper left", fontsize=7)
    return bars


def set_bar_heights(bars, heights):
    """Give existing bars new heights (apps update bars in place)."""
    for bar, height in zip(bars, heights):
        bar.set_height(height)


def therapy_comparison_figure(simulations, probes):
    """One panel: each therapy course (``simulations``: label -> memory Result) at each
    relapse probe, as grouped bars with the probes in the legend."""
    fig, (ax,) = new_figure(width=8.0, height=3.6)
    labels = list(simulations)
    x = np.arange(len(labels))
    width = 0.8 / len(probes)
    colours = [OKABE_ITO[c] for c in ("black", "blue", "orange", "vermillion", "purple")]
    hatches = ["", "//", "..", "xx", "--"]
    for k, probe in enumerate(probes):
        ax.bar(x - 0.4 + (k + 0.5) * width, [simulations[label].tests[probe] for label in labels], width=width,
               color=colours[k % len(colours)], hatch=hatches[k % len(hatches)], edgecolor="white", label=probe)
    ax.set_xticks(x, [label.replace(" (", "\n(") for label in labels], fontsize=7)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("fear at the probe")
    ax.legend(loc="upper right", fontsize=7, ncols=len(probes))
    return fig


COURSE_STYLES = {
    "after inhibition": MODEL_STYLES["ContextGatedExtinction"],
    "after updating": MODEL_STYLES["LabileTrace"],
}
SYMPTOM_STYLES = [
    dict(color=OKABE_ITO["blue"], ls="-", marker="o"),
    dict(color=OKABE_ITO["orange"], ls="--", marker="s"),
    dict(color=OKABE_ITO["purple"], ls="-.", marker="^"),
    dict(color=OKABE_ITO["green"], ls=":", marker="D"),
]


def plot_stage_lines(ax, stages, series):
    """Values at successive named stages, one line per series (``series``: label -> values),
    each with its own colour, line style and marker."""
    lines = {}
    for k, (label, values) in enumerate(series.items()):
        style = SYMPTOM_STYLES[k % len(SYMPTOM_STYLES)]
        lines[label], = ax.plot(range(len(stages)), values, lw=2, ms=6, label=label, **style)
    ax.set_xticks(range(len(stages)), [stage.replace(" ", "\n", 1) for stage in stages], fontsize=7)
    ax.set_ylim(-0.03, 1.03)
    ax.legend(loc="upper right", fontsize=8)
    return lines


def know_but_feel_figure(result):
    """Belief (expectancy of the outcome) and learned fear at each stage of the
    "I know but I can't feel it" teaching model."""
    fig, (ax,) = new_figure(width=6.5, height=3.2)
    plot_stage_lines(ax, result.stages, {"expectancy (what I know)": result.expectancy, "fear (what I feel)": result.fear})
    ax.set_ylabel("0 (none) to 1 (full)")
    return fig


def plot_sessions(ax, result):
    """Fear across therapy sessions as a saw-tooth (start and end of each session), with
    the breakthrough session marked if there is one."""
    x, y = result.sawtooth()
    line, = ax.plot(x, y, color=OKABE_ITO["blue"], lw=1.5, marker="o", ms=3)
    marker = ax.axvline(np.nan, color=OKABE_ITO["vermillion"], ls="--", lw=1.5, label="breakthrough session")
    ax.set_xlabel("therapy session")
    ax.set_ylabel("fear (start and end of each session)")
    ax.set_ylim(-0.03, 1.03)
    ax.legend(loc="upper right", fontsize=8)
    return line, marker


def score_distribution_figure(totals, max_total):
    """A histogram of the students' total scores on one assignment (rewire.report)."""
    fig, (ax,) = new_figure(width=6.0, height=2.8)
    bins = np.linspace(0, max_total, min(21, max(int(max_total), 1) + 1)) if max_total > 0 else 10
    ax.hist(totals, bins=bins, color=OKABE_ITO["blue"], edgecolor="white")
    ax.set_xlim(0, max(max_total, 1e-9))
    ax.set_xlabel(f"total score (of {max_total:g} points)")
    ax.set_ylabel("number of students")
    ax.yaxis.get_major_locator().set_params(integer=True)
    return fig
