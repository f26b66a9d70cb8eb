"""Accessibility (issue 8): every figure has a text description; colours come from the
colour-blind-safe Okabe-Ito palette and are never the only carrier of meaning; every
control is a keyboard-operable ipywidgets control with a visible label.

Figures are inspected as built (their matplotlib artists); keyboard operation in a real
browser is tested in test_browser.py.
"""
import html
import itertools
import re

import ipywidgets as widgets
import nbformat
import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgb
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from notebooks import LESSONS
from rewire import apps, figures, functional, memory, puzzles, quiz, synaptic, therapy
from rewire.memory import scoring

APPS = apps.catalogue()

# Every *_figure function of rewire.figures, built as its lesson builds it (the STDP network
# shorter: the figure's styles do not depend on how long it learns).
STATIC_FIGURES = {
    "score_distribution_figure": lambda: figures.score_distribution_figure(np.array([3.0, 7.5, 12.0, 12.0, 18.0, 26.0]), 26.0),
    "bcm_selectivity_figure": lambda: figures.bcm_selectivity_figure(synaptic.bcm_selectivity(n_patterns=3)),
    "weight_distribution_figure": lambda: figures.weight_distribution_figure(
        synaptic.song_network(correlated_fraction=0.2, duration_s=20.0, seed=0)),
    "map_development_figure": lambda: figures.map_development_figure(functional.develop_map(seed=0)),
    "calcium_traces_figure": lambda: figures.calcium_traces_figure(
        {label: synaptic.nmda_calcium_trace(1000.0, [300.0], post) for label, post in
         (("pre alone", []), ("post before pre", [290.0]), ("pre before post", [310.0]))}),
    "therapy_comparison_figure": lambda: figures.therapy_comparison_figure(
        {label: therapy.simulate(name, reading) for label, (name, reading) in therapy.courses().items()},
        therapy.PROBES[1:]),
    "know_but_feel_figure": lambda: figures.know_but_feel_figure(puzzles.know_but_feel()),
    "theories_against_data_figure": lambda: figures.theories_against_data_figure(
        scoring.find("renewal"), scoring.scores_for(scoring.find("renewal"), scoring.score([scoring.find("renewal")]))),
}
FIGURES = {f"app:{name}": (lambda make=make: make().figure) for name, make in APPS.items()}
FIGURES.update({f"static:{name}": build for name, build in STATIC_FIGURES.items()})

FIGURE_PARAMS = [pytest.param(build, id=name) for name, build in FIGURES.items()]


# ---------------------------------------------------------------------------- descriptions

def text_of(html_value):
    return html.unescape(re.sub(r"<[^>]+>", " ", html_value)).strip()


def move(control):
    """Set a control to another value: the other end of a slider, another option, the
    other state of a tick box."""
    if isinstance(control.value, bool):
        control.value = not control.value
    elif hasattr(control, "options"):
        control.index = 0 if control.index == len(control.options) - 1 else len(control.options) - 1
    else:
        control.value = control.max if control.value != control.max else control.min


@pytest.mark.parametrize("make_app", APPS.values(), ids=APPS.keys())
def test_each_app_describes_its_figure_in_words_with_numbers_that_follow_its_controls(make_app):
    app = make_app()
    assert app.description in app.children, "the description is not shown with the app"
    for name, control in [(None, None), *app.controls.items()]:
        if control is not None:
            before = text_of(app.description.value)
            move(control)
            assert text_of(app.description.value) != before, f"moving {name} left the text description unchanged"
        text = text_of(app.description.value)
        assert len(text.split()) >= 12, f"a description of a few words is not a description: {text!r}"
        assert re.search(r"\d", text.removeprefix("Figure:")), f"the description gives no numbers: {text!r}"


def static_figure_cells(path):
    """(cell index, cell) of each code cell of a lesson that shows a static figure."""
    cells = nbformat.read(path, as_version=4).cells
    return cells, [(i, cell) for i, cell in enumerate(cells)
                   if cell.cell_type == "code" and re.search(r"figures\.show\(|\b\w+_figure\(", cell.source)]


# Figures of the teacher's class report (rewire.report), not of a lesson: checked here all the same.
REPORT_FIGURES = {"score_distribution_figure"}


def test_every_static_figure_function_is_checked_here_and_shown_in_a_lesson():
    functions = {name for name in dir(figures) if name.endswith("_figure") and name != "new_figure"}
    assert functions == set(STATIC_FIGURES)
    shown = {name for path in LESSONS for _, cell in static_figure_cells(path)[1]
             for name in re.findall(r"\b(\w+_figure)\(", cell.source)}
    assert shown == functions - REPORT_FIGURES


@pytest.mark.parametrize("path", LESSONS, ids=[path.stem for path in LESSONS])
def test_every_static_figure_in_a_lesson_is_followed_by_its_text_description(path):
    """The convention: the markdown cell right after the figure opens with a paragraph
    'The figure shows ...' that says what is drawn and what it shows."""
    cells, shown = static_figure_cells(path)
    for index, cell in shown:
        following = cells[index + 1] if index + 1 < len(cells) else None
        assert following is not None and following.cell_type == "markdown", f"cell {index}: no markdown after the figure"
        paragraph = following.source.split("\n\n")[0]
        assert re.match(r"The figure shows\b", paragraph), f"cell {index}: the next cell should open with 'The figure shows ...'"
        assert len(paragraph.split()) >= 20, f"cell {index}: a description of a few words is not a description"


# ------------------------------------------------------------------------------- colours

OKABE_ITO_2008 = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
PALETTE = {to_hex(colour) for colour in OKABE_ITO_2008} | {"#ffffff"}  # and white (backgrounds, bar edges)
STYLE_DICTS = {
    "MODEL_STYLES": figures.MODEL_STYLES,
    "COURSE_STYLES": figures.COURSE_STYLES,
    "SYMPTOM_STYLES": dict(enumerate(figures.SYMPTOM_STYLES)),
}


def hexes(colours):
    return {to_hex(to_rgb(colour)) for colour in colours}


def test_the_course_palette_is_the_okabe_ito_set():
    assert {colour.upper() for colour in figures.OKABE_ITO.values()} == OKABE_ITO_2008
    used = [figures.POTENTIATION, figures.DEPRESSION, *figures.PATTERN_COLOURS, *figures.DIGIT_COLOURS]
    used += [style["color"] for styles in STYLE_DICTS.values() for style in styles.values()]
    assert hexes(used) <= PALETTE


@pytest.mark.parametrize("name", STYLE_DICTS)
def test_the_style_dicts_differ_beyond_colour(name):
    """Lines of two styles differ in line style or marker; bars, when a style has a hatch, in hatch."""
    styles = STYLE_DICTS[name]
    for (a, first), (b, second) in itertools.combinations(styles.items(), 2):
        assert (first["ls"], first["marker"]) != (second["ls"], second["marker"]), f"{a} and {b}: same line style and marker"
        if "hatch" in first or "hatch" in second:
            assert first.get("hatch", "") != second.get("hatch", ""), f"{a} and {b}: same hatch"


def drawn_colours(fig):
    """The colours of everything drawn in the axes (lines, patches, collections, images, text)."""
    colours = []
    for ax in fig.axes:
        colours += [line.get_color() for line in ax.lines]
        colours += [colour for line in ax.lines for colour in (line.get_markerfacecolor(), line.get_markeredgecolor())]
        colours += [c for patch in ax.patches for c in (patch.get_facecolor(), patch.get_edgecolor()) if c[3] > 0]
        colours += [tuple(c) for collection in ax.collections for c in collection.get_facecolors()]
        colours += [text.get_color() for text in ax.texts]
        for image in ax.images:
            cmap = image.get_cmap()
            colours += list(getattr(cmap, "colors", [cmap(0.0), cmap(1.0)]))
    return hexes(colours)


@pytest.mark.parametrize("build", FIGURE_PARAMS)
def test_every_colour_drawn_is_from_the_palette(build):
    assert drawn_colours(build()) <= PALETTE


def line_look(line):
    """What tells a line apart without colour: line style, marker, and whether it is a
    horizontal or vertical reference line or a curve."""
    x, y = (np.unique(np.asarray(data, dtype=float)) for data in line.get_data())
    shape = "vertical" if len(x) == 1 and len(y) > 1 else "horizontal" if len(y) == 1 and len(x) > 1 else "curve"
    style = line.get_linestyle() if line.get_linestyle() not in ("None", "", " ") else "none"
    return ("line", style, line.get_marker() if line.get_marker() not in ("None", "", " ", None) else "none", shape)


def look(artist):
    if hasattr(artist, "get_linestyle") and hasattr(artist, "get_marker"):
        return line_look(artist)
    patches = getattr(artist, "patches", [artist])  # a bar container, or one patch
    return ("patches", patches[0].get_hatch() or "")


@pytest.mark.parametrize("build", FIGURE_PARAMS)
def test_the_entries_of_every_legend_differ_beyond_colour(build):
    fig = build()
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + fig.legends
    in_legends = {text.get_text() for legend in legends for text in legend.get_texts()}
    for k, ax in enumerate(fig.axes):
        handles, labels = ax.get_legend_handles_labels()
        assert ax.get_legend() is not None or set(labels) <= in_legends, f"axes {k}: labelled artists but no legend"
        for (a, first), (b, second) in itertools.combinations(zip(labels, handles), 2):
            assert look(first) != look(second), f"axes {k}: {a!r} and {b!r} differ only in colour"


@pytest.mark.parametrize("build", FIGURE_PARAMS)
def test_no_two_lines_of_an_axes_differ_only_in_colour(build):
    """Labelled or not: two lines of different colours also differ in line style, marker or
    direction, so that a reader who cannot tell the colours apart can tell the lines apart."""
    fig = build()
    for k, ax in enumerate(fig.axes):
        lines = [line for line in ax.lines if line.get_visible()]
        for first, second in itertools.combinations(lines, 2):
            if to_hex(first.get_color()) != to_hex(second.get_color()):
                assert line_look(first) != line_look(second), (
                    f"axes {k}: {first.get_label()!r} ({to_hex(first.get_color())}) and {second.get_label()!r} "
                    f"({to_hex(second.get_color())}) differ only in colour"
                )


# -------------------------------------------------------------------------------- controls

# ipywidgets controls that the browser reaches with Tab and operates with the keyboard.
KEYBOARD_CONTROLS = (
    widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider, widgets.SelectionSlider,
    widgets.Dropdown, widgets.Checkbox, widgets.RadioButtons, widgets.ToggleButtons,
    widgets.Text, widgets.FloatText, widgets.BoundedFloatText, widgets.IntText, widgets.BoundedIntText,
    widgets.Button, widgets.ToggleButton,
)
STATIC_TEXT = (widgets.Label, widgets.HTML, widgets.HTMLMath)


def controls_with_labels(root, skip=()):
    """Every widget below `root` that is not a box, an output area or static text, with the
    static text right before it in its box (or None)."""
    found = []

    def walk(widget):
        children = list(getattr(widget, "children", ()))
        for i, child in enumerate(children):
            if child in skip or isinstance(child, (widgets.Output, *STATIC_TEXT)):
                continue
            if isinstance(child, widgets.Box):
                walk(child)
                continue
            before = children[i - 1] if i and isinstance(children[i - 1], STATIC_TEXT) else None
            found.append((child, before))

    walk(root)
    return found


def assert_keyboard_control_with_visible_label(control, label_before):
    kind = type(control).__name__
    assert isinstance(control, KEYBOARD_CONTROLS), f"{kind} is not a keyboard control"
    assert not control.disabled, f"a disabled {kind} cannot be focused"
    assert control.layout.display != "none" and control.layout.visibility != "hidden", f"a hidden {kind}"
    description = getattr(control, "description", "").strip()
    width = str(getattr(getattr(control, "style", None), "description_width", "") or "")
    shown = description and not re.fullmatch(r"0+(px|em|%)?", width)
    outside = label_before is not None and text_of(label_before.value)
    assert shown or outside, f"{kind} without a visible label (no description, no text before it)"


@pytest.mark.parametrize("make_app", APPS.values(), ids=APPS.keys())
def test_every_app_control_is_a_keyboard_control_with_a_visible_label(make_app):
    app = make_app()
    found = controls_with_labels(app, skip={app.figure.canvas})
    assert {id(control) for control, _ in found} == {id(control) for control in app.controls.values()}
    for control, label_before in found:
        assert_keyboard_control_with_visible_label(control, label_before)


@pytest.mark.parametrize("kind", quiz.TYPES)
def test_every_self_check_control_is_a_keyboard_control_with_a_visible_label(kind):
    items = [item_id for item_id, item in quiz.load_self_checks().items() if item["type"] == kind]
    assert items, f"no {kind} question in the bank to check"
    for item_id in items:
        check = quiz.SelfCheck(item_id)
        found = controls_with_labels(check)
        assert check.check in [control for control, _ in found], f"{item_id}: no Check button"
        assert len(found) >= 2, f"{item_id}: no answer control"
        for control, label_before in found:
            assert_keyboard_control_with_visible_label(control, label_before)


# -------------------------------------------------------------------------------- layout
#
# What a reader sees once the figure is drawn, in display pixels: every text inside the
# figure and large enough to read, no legend over the data, no marker cut by the axes'
# edge. Apps are checked as the browser shows them: laid out at their first draw and then
# kept (WidgetApp's layout), at their defaults and with each control at each end.

SMALLEST_FONT_PT = 8
CAMEL_CASE = re.compile(r"\b[A-Z][a-z]+[A-Z]\w*")


def shown_ticks(axis):
    """The ticks an axis draws: those of its current locations inside its view."""
    low, high = sorted(axis.get_view_interval())
    slack = 1e-9 * max(abs(low), abs(high), 1.0)
    major, minor = axis.get_majorticklocs(), axis.get_minorticklocs()
    ticks = axis.get_major_ticks(len(major)) + axis.get_minor_ticks(len(minor))
    return [tick for tick, loc in zip(ticks, [*major, *minor]) if low - slack <= loc <= high + slack]


def shown_texts(fig):
    """Every text the figure draws, with a name for messages: titles, axis and tick labels,
    texts, legend entries and titles."""
    drawn_ticks = {id(label) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
                   for tick in shown_ticks(axis) for label in (tick.label1, tick.label2)}
    in_ticks = {id(label) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
                for tick in axis.get_major_ticks() + axis.get_minor_ticks() for label in (tick.label1, tick.label2)}
    texts = []
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        if id(text) in in_ticks and id(text) not in drawn_ticks:
            continue
        texts.append(text)
    return texts


def legends(fig):
    return [legend for legend in [ax.get_legend() for ax in fig.axes] + fig.legends
            if legend is not None and legend.get_visible()]


def pixels(fig, points):
    return points * fig.dpi / 72.0


def finite_runs(xy):
    """Split display coordinates at NaN/inf (a line is not drawn there) into runs."""
    finite = np.isfinite(xy).all(axis=1)
    runs, start = [], None
    for i, ok in enumerate([*finite, False]):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            runs.append(xy[start:i])
            start = None
    return runs


def plotted_data(fig, ax):
    """What an axes plots, in display pixels: (name, vertices, connected, half width) for each
    line and scatter, and (name, box) for each bar."""
    lines = []
    for line in ax.lines:
        if not line.get_visible() or len(line.get_xydata()) == 0:
            continue
        xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
        marker = line.get_marker() not in ("None", "", " ", None)
        connected = line.get_linestyle() not in ("None", "", " ")
        half = pixels(fig, max(line.get_linewidth() / 2 if connected else 0, line.get_markersize() / 2 if marker else 0))
        lines.append((line.get_label(), xy, connected, half))
    for collection in ax.collections:
        offsets = np.asarray(collection.get_offsets(), dtype=float)
        if collection.get_visible() and len(offsets) and len(collection.get_sizes()):
            xy = collection.get_offset_transform().transform(offsets)
            lines.append((collection.get_label(), xy, False, pixels(fig, np.sqrt(collection.get_sizes().max()) / 2)))
    bars = [(bar.get_label() or container.get_label(), bar.get_window_extent())
            for container in ax.containers for bar in container.patches
            if bar.get_visible() and bar.get_height() != 0]
    return lines, bars


def overlaps_drawn_data(box, xy, connected, half):
    """Whether a box (display pixels) covers a point or a segment of a line drawn `half`
    pixels wide."""
    padded = Bbox.from_extents(box.x0 - half, box.y0 - half, box.x1 + half, box.y1 + half)
    for run in finite_runs(xy):
        if padded.count_contains(run) > 0:
            return True
        if connected and len(run) > 1 and Path(run).intersects_bbox(padded, filled=False):
            return True
    return False


def layout_problems(fig):
    """Everything wrong with how the figure reads once drawn, as sentences (empty if none)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    problems = []
    frame = fig.bbox
    for text in shown_texts(fig):
        box = text.get_window_extent(renderer)
        words = text.get_text().replace("\n", " ")
        if box.x0 < frame.x0 - 1 or box.y0 < frame.y0 - 1 or box.x1 > frame.x1 + 1 or box.y1 > frame.y1 + 1:
            problems.append(f"{words!r} is (partly) outside the figure")
        if text.get_fontsize() < SMALLEST_FONT_PT:
            problems.append(f"{words!r} is {text.get_fontsize():.0f} pt, smaller than {SMALLEST_FONT_PT} pt")
    boxes = [(text.get_text().replace("\n", " "), text.get_window_extent(renderer)) for text in shown_texts(fig)]
    for (first, a), (second, b) in itertools.combinations(boxes, 2):
        if a.overlaps(b) and Bbox.intersection(a, b).width > 1 and Bbox.intersection(a, b).height > 1:
            problems.append(f"{first!r} and {second!r} overlap")
    for legend in legends(fig):
        box = legend.get_window_extent(renderer)
        names = ", ".join(text.get_text() for text in legend.get_texts())
        for ax in fig.axes:
            region = Bbox.intersection(box, ax.bbox)
            if region is None or region.width <= 0 or region.height <= 0:
                continue
            lines, bars = plotted_data(fig, ax)
            for name, xy, connected, half in lines:
                if overlaps_drawn_data(region, xy, connected, half):
                    problems.append(f"the legend ({names}) covers {name!r}")
            for name, bar in bars:
                if Bbox.intersection(region, bar) is not None and bar.overlaps(region):
                    problems.append(f"the legend ({names}) covers the bar {name!r}")
    for ax in fig.axes:
        inside = ax.bbox
        for line in ax.lines:
            if not (line.get_visible() and line.get_clip_on()) or line.get_marker() in ("None", "", " ", None):
                continue
            radius = pixels(fig, line.get_markersize() / 2)
            xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
            xy = xy[np.isfinite(xy).all(axis=1)]
            shown = xy[(xy[:, 0] >= inside.x0) & (xy[:, 0] <= inside.x1) & (xy[:, 1] >= inside.y0) & (xy[:, 1] <= inside.y1)]
            cut = ((shown[:, 0] - inside.x0 < radius) | (inside.x1 - shown[:, 0] < radius)
                   | (shown[:, 1] - inside.y0 < radius) | (inside.y1 - shown[:, 1] < radius))
            if cut.any():
                problems.append(f"a marker of {line.get_label()!r} is cut by the edge of the axes")
    return sorted(set(problems))


def positions(control):
    """Each position of a control a reader is likely to try: a slider's two ends, every option
    of a menu, both states of a tick box."""
    if isinstance(control.value, bool):
        return [("value", value) for value in (False, True)]
    if hasattr(control, "options"):
        return [("index", index) for index in range(len(control.options))]
    return [("value", value) for value in (control.min, control.max)]


def app_states(app):
    """The app at its defaults, then with each control at each of its positions (the
    others at their defaults), as (what was set, figure)."""
    yield "defaults", app.figure
    for name, control in app.controls.items():
        default = control.value
        for attribute, value in positions(control):
            setattr(control, attribute, value)
            yield f"{name}={control.value!r}", app.figure
        control.value = default


@pytest.mark.parametrize("make_app", APPS.values(), ids=APPS.keys())
def test_every_app_reads_well_at_its_defaults_and_at_every_control_extreme(make_app):
    app = make_app()
    app.figure.canvas.draw()
    app.figure.set_layout_engine("none")  # as in the browser: laid out at the first draw, then kept
    problems = {state: layout_problems(figure) for state, figure in app_states(app)}
    assert not {state: found for state, found in problems.items() if found}


@pytest.mark.parametrize("name", STATIC_FIGURES)
def test_every_static_figure_reads_well(name):
    assert layout_problems(STATIC_FIGURES[name]()) == []


@pytest.mark.parametrize("build", FIGURE_PARAMS)
def test_legends_name_theories_as_people_write_them(build):
    fig = build()
    written = [text.get_text() for legend in legends(fig) for text in legend.get_texts()]
    assert not [label for label in written if CAMEL_CASE.search(label)], written


def test_every_theory_of_the_memory_package_has_a_name_and_a_style_for_figures():
    theories = {name for name in memory.__all__
                if isinstance(getattr(memory, name), type) and issubclass(getattr(memory, name), memory.MemoryModel)
                and getattr(memory, name) is not memory.MemoryModel}
    assert theories <= set(figures.THEORY_NAMES) and theories <= set(figures.MODEL_STYLES)
    assert all(not CAMEL_CASE.search(name) for name in figures.THEORY_NAMES.values())
    assert figures.theory_name("RescorlaWagner") == "Rescorla–Wagner"


COUNTED = re.compile(r"^(trial|therapy session|number of)\b")  # axis labels of things counted in whole numbers


@pytest.mark.parametrize("build", FIGURE_PARAMS)
def test_axes_that_count_put_their_ticks_at_whole_numbers(build):
    fig = build()
    fig.canvas.draw()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if COUNTED.search(axis.get_label_text()):
                labelled = [tick.get_loc() for tick in shown_ticks(axis) if tick.label1.get_text()]
                assert labelled and np.allclose(labelled, np.round(labelled)), f"{axis.get_label_text()!r}: ticks at {labelled}"
