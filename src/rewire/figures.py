"""Figures: one style, a colour-blind-safe palette, and functions that take model results
and draw them, returning the artists that widget apps later update in place."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.legend_handler import HandlerTuple
from matplotlib.ticker import MaxNLocator, NullFormatter

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
# No text smaller than this (points): tick labels, legends and notes stay readable.
SMALLEST_FONT_PT = 8


def new_figure(ncols=1, width=6.0, height=3.4):
    """A figure in the course style that is not shown until a lesson or app places it."""
    with plt.ioff(), plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, ncols, figsize=(width, height), layout="constrained", squeeze=False)
    canvas = fig.canvas
    # ipympl's canvas: no title bar, status line, toolbar, or resize handle (which sat over
    # the last tick label of the x axis).
    for attribute in ("header_visible", "footer_visible", "toolbar_visible", "resizable"):
        if hasattr(canvas, attribute):
            setattr(canvas, attribute, False)
    if hasattr(canvas, "_size"):
        canvas._size = css_pixels(fig)
    return fig, list(axes[0])


def css_pixels(fig):
    """The figure's size in the browser's (CSS) pixels, which ipympl's canvas takes as its
    size. ipympl sets it when it displays a canvas itself; a canvas inside an app's box gets
    it only from a later handshake: a state update, then a resize message. ipywidgets applies
    state updates in turn with creating views, but a custom message at once, so in a slow
    browser the resize reaches a view still being created before the size does, and the
    canvas stays 0×0 for good. A canvas whose size is set before it is displayed has its
    size before any view exists."""
    width, height = fig.get_size_inches() * fig.dpi / fig.canvas.device_pixel_ratio
    return (float(width), float(height))


def legend_above(ax, ncols=1, side="left", **options):
    """The axes' legend above it, outside the data: for axes whose data can reach any
    corner as a control moves (the constrained layout makes room for it). ``side="right"``
    leaves the left for a title placed there (``ax.set_title(..., loc="left")``)."""
    return ax.legend(loc=f"lower {side}", bbox_to_anchor=(0.0 if side == "left" else 1.0, 1.01), borderaxespad=0.0,
                     ncols=ncols, **{"fontsize": SMALLEST_FONT_PT, "frameon": False, **options})


def legend_beside(ax, **options):
    """The axes' legend to its right, outside the data."""
    return ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), borderaxespad=0.0,
                     **{"fontsize": SMALLEST_FONT_PT, "frameon": False, **options})


def count_ticks(axis):
    """Ticks at whole numbers only, for an axis that counts (sessions, trials, synapses)."""
    axis.set_major_locator(MaxNLocator(integer=True))


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
    ax.yaxis.set_minor_formatter(NullFormatter())  # decades only: tick labels keep their width as the axis moves
    ax.set_xlabel("learning step (input samples)")
    ax.set_ylabel("weight vector length |w|")
    ax.legend(loc="upper left")
    return hebb_line, oja_line


def plot_weight_directions(ax, inputs, hebb_history, oja_history, leading_direction):
    """The input cloud with the final Hebb and Oja weight directions and the leading eigenvector."""
    ax.scatter(inputs[:, 0], inputs[:, 1], s=6, color=OKABE_ITO["sky_blue"], alpha=0.5, label="inputs")
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
    legend_beside(ax)
    return artists


def plot_stdp_window(ax, delta_t_ms, weight_change):
    """Weight change against spike timing, with potentiation and depression sides marked."""
    ax.axhline(0, color=OKABE_ITO["black"], lw=0.8)
    ax.axvline(0, color=OKABE_ITO["black"], lw=0.8)
    ax.axvspan(0, delta_t_ms.max(), color=POTENTIATION, alpha=0.08)
    ax.axvspan(delta_t_ms.min(), 0, color=DEPRESSION, alpha=0.08)
    ax.text(0.98, 0.95, "pre before post:\npotentiation", transform=ax.transAxes, ha="right", va="top", fontsize=SMALLEST_FONT_PT)
    # Both notes at the top: the depression side of the curve runs along the bottom left.
    ax.text(0.02, 0.95, "post before pre:\ndepression", transform=ax.transAxes, ha="left", va="top", fontsize=SMALLEST_FONT_PT)
    line, = ax.plot(delta_t_ms, weight_change, color=OKABE_ITO["black"], lw=2)
    ax.set_xlim(delta_t_ms.min(), delta_t_ms.max())  # the shaded sides reach the axes' edges
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
    legend_above(ax)
    return line, crossover


def plot_calcium_omega(ax, calcium_um, omega, alpha_ltd_um, alpha_ltp_um):
    """Omega(Ca) of the calcium-control hypothesis, with its no-change, LTD and LTP ranges."""
    ax.axvspan(alpha_ltd_um, alpha_ltp_um, color=DEPRESSION, alpha=0.08)
    ax.axvspan(alpha_ltp_um, calcium_um.max(), color=POTENTIATION, alpha=0.08)
    ax.axhline(0.25, color=OKABE_ITO["black"], ls=":", lw=1)
    for x, label in ((alpha_ltd_um / 2, "no\nchange"), ((alpha_ltd_um + alpha_ltp_um) / 2, "LTD"),
                     ((alpha_ltp_um + calcium_um.max()) / 2, "LTP")):
        ax.text(x, 1.05, label, ha="center", va="bottom", fontsize=8)
    line, = ax.plot(calcium_um, omega, color=OKABE_ITO["black"], lw=2)
    ax.set_ylim(-0.05, 1.3)
    ax.set_xlabel("calcium in the spine (µM)")
    ax.set_ylabel("Ω: where the weight heads")
    return line


def plot_calcium_traces(ax, traces, alpha_ltd_um, alpha_ltp_um):
    """Calcium in the spine against time for several protocols (a dict label -> CalciumTrace),
    with the LTD and LTP thresholds."""
    ax.axhspan(alpha_ltd_um, alpha_ltp_um, color=DEPRESSION, alpha=0.08)
    for threshold in (alpha_ltd_um, alpha_ltp_um):
        ax.axhline(threshold, color=OKABE_ITO["black"], ls="-.", lw=0.8)
    styles = [dict(color=OKABE_ITO["black"], ls=":"), dict(color=DEPRESSION, ls="--"), dict(color=POTENTIATION, ls="-")]
    lines = []
    for (label, trace), style in zip(traces.items(), styles):
        lines += ax.plot(trace.time_ms, trace.calcium_um, lw=2, label=label, **style)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("calcium in the spine (µM)")
    ax.legend(loc="upper right", fontsize=8)
    return lines


def calcium_traces_figure(traces, alpha_ltd_um=0.35, alpha_ltp_um=0.55, window_ms=(250.0, 550.0)):
    """One panel: spine calcium for a presynaptic spike alone, post before pre and pre before
    post (Shouval, Bear & Cooper 2002)."""
    fig, (ax,) = new_figure(width=6.5, height=3.4)
    plot_calcium_traces(ax, traces, alpha_ltd_um, alpha_ltp_um)
    ax.set_xlim(*window_ms)
    ax.set_title("Spine calcium: the NMDA receptor detects coincidence")
    return fig


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
    ax.legend(loc="upper left", fontsize=SMALLEST_FONT_PT)
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
    count_ticks(ax.yaxis)
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
    curve, = ax.plot(imaging.session_days, imaging.expected_survival, color=OKABE_ITO["blue"], lw=2, label="chosen condition: model")
    data, = ax.plot(imaging.session_days, imaging.survival_fraction, "s", color=OKABE_ITO["vermillion"], ms=5, label="chosen condition: imaged spines")
    ax.set_ylim(-0.04, 1.04)  # room for the markers at 0 and 1
    ax.set_xlabel("days since the first imaging session")
    ax.set_ylabel("fraction of day-0 spines still present")
    legend_above(ax, ncols=2)  # with few persistent spines the curves reach the bottom corners
    return curve, data


def plot_lesion_recovery(calcium_ax, synapse_ax, result):
    """After a lesion, against days since the lesion: mean calcium of the deprived and of the
    other neurons against the set point (left); the deprived neurons' incoming synapses, and
    those formed since the lesion from neurons outside the lesion zone (ingrowth) and from
    inside it (right)."""
    days = result.time_days - result.lesion_day
    deprived_calcium, = calcium_ax.plot(days, result.deprived_calcium, color=OKABE_ITO["vermillion"], lw=2, label="deprived neurons")
    other_calcium, = calcium_ax.plot(days, result.calcium[:, ~result.deprived].mean(axis=1), color=OKABE_ITO["blue"], ls="--", lw=1.5, label="other neurons")
    calcium_ax.axhline(result.set_point, color=OKABE_ITO["black"], ls=":", lw=1, label="set point")
    lesion_lines = [ax.axvline(0.0, color=OKABE_ITO["black"], lw=0.8) for ax in (calcium_ax, synapse_ax)]
    calcium_ax.set_xlabel("days since the lesion")
    calcium_ax.set_ylabel("calcium (activity trace)")
    calcium_ax.set_ylim(0, 1.1)
    calcium_ax.legend(loc="lower right", fontsize=SMALLEST_FONT_PT)
    synapses, = synapse_ax.plot(days, result.deprived_incoming_synapses, color=OKABE_ITO["vermillion"], lw=2, label="all incoming")
    ingrowth, = synapse_ax.plot(days, result.deprived_new_from_surround, color=OKABE_ITO["green"], lw=2, ls="--",
                                label="new, from outside the zone")
    local = result.deprived_new_incoming - result.deprived_new_from_surround
    inside, = synapse_ax.plot(days, local, color=OKABE_ITO["black"], lw=1.2, ls=":", label="new, from inside the zone")
    synapse_ax.set_xlabel("days since the lesion")
    synapse_ax.set_ylabel("incoming synapses per deprived neuron")
    legend_above(synapse_ax)  # the synapse counts and the lesion line fill the axes
    return deprived_calcium, other_calcium, (synapses, ingrowth, inside), lesion_lines


def plot_adult_born_neurons(ax, result):
    """Immature and mature adult-born neurons over time (thousands of cells)."""
    immature, = ax.plot(result.time_days, result.immature / 1e3, color=OKABE_ITO["orange"], lw=2, ls="--", label="immature")
    mature, = ax.plot(result.time_days, result.mature / 1e3, color=OKABE_ITO["blue"], lw=2, label="mature adult-born")
    ax.set_xlabel("days")
    ax.set_ylabel("neurons (thousands)")
    legend_above(ax, ncols=2)
    return immature, mature


def plot_plasticity_window(ax, age_days, relative_plasticity):
    """Plasticity of an adult-born neuron against its age, with 4-6 weeks shaded."""
    ax.axvspan(4, 6, color=OKABE_ITO["green"], alpha=0.15)
    ax.text(5, 1.02, "4-6 weeks", ha="center", va="bottom", transform=ax.get_xaxis_transform(), fontsize=SMALLEST_FONT_PT)
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
# The theories as people write them, for legends (the one place that maps a model class
# to its name on a figure).
THEORY_NAMES = {
    "RescorlaWagner": "Rescorla–Wagner",
    "ContextGatedExtinction": "Context-gated extinction (Bouton)",
    "LabileTrace": "Labile trace (Nader)",
    "LatentCause": "Latent cause (Gershman)",
}


def theory_name(name):
    """A model's name as people write it (``RescorlaWagner`` -> "Rescorla–Wagner"); any
    other label (a course, a probe) as it is."""
    return THEORY_NAMES.get(name, name)


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
                               marker=style["marker"], ms=3, lw=1.5, label=theory_name(name))
    trials = cue_trials(next(iter(results.values())))
    starts = [i for i, trial in enumerate(trials) if i == 0 or trial["phase"] != trials[i - 1]["phase"]]
    for i in starts:
        ax.axvline(i + 0.5, color=OKABE_ITO["black"], lw=0.5, alpha=0.5)
        ax.text(i + 0.7, 1.02, trials[i]["phase"], transform=ax.get_xaxis_transform(), fontsize=SMALLEST_FONT_PT,
                rotation=30, va="bottom")
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("trial")
    count_ticks(ax.xaxis)
    ax.set_ylabel("conditioned response (fear)")
    return lines


def legend_of_lines_and_bars(fig, lines, bars):
    """One legend above a figure whose panels show the same models as lines and as bars
    (``lines``, ``bars``: name -> artists): each entry shows the model's line style and marker
    beside its bar's hatch."""
    return fig.legend([(lines[name], bars[name][0]) for name in lines], [lines[name].get_label() for name in lines],
                      handler_map={tuple: HandlerTuple(ndivide=None)}, loc="outside upper center", ncols=len(lines),
                      fontsize=SMALLEST_FONT_PT, frameon=False)


def plot_probe_bars(ax, probes, fear_by_model, styles=None, legend=True):
    """Grouped bars: fear at each probe (``probes``), one bar per model (or per course),
    hatched so that colour is not the only cue, with a legend above the axes unless
    ``legend`` is false. ``styles`` maps each name to a colour and hatch; by default the
    memory models' styles."""
    styles = MODEL_STYLES if styles is None else styles
    x = np.arange(len(probes))
    width = 0.8 / len(fear_by_model)
    bars = {}
    for k, (name, fear) in enumerate(fear_by_model.items()):
        style = styles[name]
        bars[name] = ax.bar(x - 0.4 + (k + 0.5) * width, fear, width=width, color=style["color"],
                            hatch=style["hatch"], edgecolor="white", label=theory_name(name))
    ax.set_xticks(x, probes, fontsize=SMALLEST_FONT_PT)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("fear at the probe")
    if legend:
        legend_above(ax, ncols=len(fear_by_model))
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
    # Two lines a label ("EMDR\n(reconsolidation)", "Coherence\ntherapy"), so neighbours do not touch.
    ax.set_xticks(x, [label.replace(" (", "\n(") if " (" in label else label.replace(" ", "\n", 1) for label in labels],
                  fontsize=SMALLEST_FONT_PT)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("fear at the probe")
    legend_above(ax, ncols=len(probes))
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
    ax.set_xticks(range(len(stages)), [stage.replace(" ", "\n", 1) for stage in stages], fontsize=SMALLEST_FONT_PT)
    ax.set_ylim(-0.03, 1.03)
    ax.legend(loc="upper right", fontsize=SMALLEST_FONT_PT)
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
    count_ticks(ax.xaxis)
    ax.set_ylabel("fear (start and end of each session)")
    ax.set_ylim(-0.03, 1.03)
    legend_above(ax)
    return line, marker


def theories_against_data_figure(finding, scores):
    """One published effect (a ``rewire.memory.scoring.Finding``) beside each theory's
    prediction (``scores``: that finding's ``Score`` entries): grouped bars, one per model
    and group, with the published ordering of the groups as black bars (rank scaled to 0-1:
    an ordering, not a measurement) and any value the paper states as a black dot, and each
    model's verdict in the legend."""
    fig, (ax,) = new_figure(width=8.0, height=4.4)
    x = np.arange(len(finding.groups))
    width = 0.8 / (len(scores) + 1)
    top = max(finding.ranks) or 1
    ax.bar(x - 0.4 + 0.5 * width, [rank / top for rank in finding.ranks], width=width, color=OKABE_ITO["black"], hatch="||",
           edgecolor="white", label="published ordering (rank, 0-1)")
    for k, score in enumerate(scores):
        style = MODEL_STYLES[score.model]
        ax.bar(x - 0.4 + (k + 1.5) * width, score.responses, width=width, color=style["color"], hatch=style["hatch"],
               edgecolor="white", label=f"{theory_name(score.model)}: {score.verdict} ({score.reproduced}/{score.compared})")
    reported = [(i, value) for i, value in enumerate(finding.reported) if value is not None]
    if reported:
        ax.plot([x[i] - 0.4 + 0.5 * width for i, _ in reported], [v for _, v in reported], "o",
                color=OKABE_ITO["black"], mfc="white", ms=7, ls="none", label=f"reported ({finding.unit})")
    ax.set_xticks(x, [group.replace(", ", ",\n") for group in finding.groups], fontsize=SMALLEST_FONT_PT)
    ax.set_ylim(0, 1.05)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_ylabel("fear (models: 0 to 1)" if finding.references is None else "blocker / vehicle (models)")
    ax.set_title(finding.effect, fontsize=9)
    # Below the figure, the whole width: the bars reach the top, and the verdicts are long.
    fig.legend(loc="outside lower center", ncols=2, fontsize=SMALLEST_FONT_PT, frameon=False)
    return fig


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
