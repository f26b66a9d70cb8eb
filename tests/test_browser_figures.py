"""The apps as a learner sees them in JupyterLab under Chromium: no control's label, readout
or menu text cut off, the keys a slider's hint names do what it says, and a screenshot of
every app (artefacts/screenshots/apps/) for a person to look at.

The kernel-side checks of the figures themselves (legends over data, text outside the
figure) are in test_accessibility.py; this file checks what only a browser can tell.
"""
import re

import pytest

from notebooks import LESSONS
from rewire import apps
from test_browser import (  # noqa: F401 (browser and lab are fixtures)
    ARTEFACTS, TOKEN, app_outputs, browser, drawn_figure, lab, open_notebook, wait_until_idle,
)

LESSONS_WITH_APPS = [path for path in LESSONS if "apps." in path.read_text()]

# Each text element of the controls whose text does not fit its box: labels and readouts
# by their scroll width, a menu by the width of its chosen option's text in its own font.
CUT_OFF = """output => {
    const cut = [];
    const shown = element => element.offsetParent !== null && getComputedStyle(element).display !== 'none';
    for (const label of output.querySelectorAll('.widget-label, .widget-readout, .widget-label-basic span')) {
        if (shown(label) && label.textContent.trim() && label.scrollWidth > label.clientWidth + 1) {
            cut.push(`${label.textContent.trim()} (${label.scrollWidth} px in ${label.clientWidth} px)`);
        }
    }
    const context = document.createElement('canvas').getContext('2d');
    for (const menu of output.querySelectorAll('.widget-dropdown select')) {
        const style = getComputedStyle(menu);
        context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        if (menu.selectedIndex < 0) continue;  // between two choices
        const text = menu.options[menu.selectedIndex].text;
        const room = menu.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        if (context.measureText(text).width > room) {
            cut.push(`${text} (${Math.ceil(context.measureText(text).width)} px in ${Math.floor(room)} px)`);
        }
    }
    return cut;
}"""


def run_all_cells(page):
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_timeout(1000)
    wait_until_idle(page)


def every_menu_option(page, output):
    """Each option of each menu of an app, chosen in turn (yields once the app has
    answered each choice)."""
    menus = output.locator(".widget-dropdown select")
    for m in range(menus.count()):
        menu = menus.nth(m)
        for index in range(menu.locator("option").count()):
            menu.select_option(index=index)
            page.wait_for_timeout(300)
            wait_until_idle(page)
            yield


@pytest.mark.parametrize("lesson", LESSONS_WITH_APPS, ids=lambda p: p.stem)
def test_no_control_text_is_cut_off_and_every_app_is_photographed(browser, lab, lesson):
    page = open_notebook(browser, f"{lab}/lab/tree/lessons/{lesson.name}?reset&token={TOKEN}")
    run_all_cells(page)
    outputs = app_outputs(page)
    assert outputs, f"{lesson.name}: no app rendered"
    (ARTEFACTS / "apps").mkdir(parents=True, exist_ok=True)
    for number, output in enumerate(outputs, start=1):
        output.scroll_into_view_if_needed()
        cut = output.evaluate(CUT_OFF)
        for _ in every_menu_option(page, output):
            cut += output.evaluate(CUT_OFF)
        assert not cut, f"app {number}: cut off: {sorted(set(cut))}"
        wait_until_idle(page)
        drawn_figure(output, f"app {number}")
        output.screenshot(path=ARTEFACTS / "apps" / f"{lesson.stem}_app{number}.png")
    page.close()


def where_apps_are():
    """{app name: (the lesson that shows it, its position among the lesson's apps)}, found
    by the calls ``apps.<name>_app(`` in the lessons (benchmarks/bench_browser.py uses it)."""
    return {name: (lesson, position) for lesson in LESSONS
            for position, name in enumerate(re.findall(r"apps\.(\w+)_app\(", lesson.read_text()))}


def test_every_app_of_the_catalogue_is_in_a_lesson():
    assert set(apps.catalogue()) <= set(where_apps_are())


def test_the_keys_a_slider_hint_names_move_the_slider_as_it_says(browser, lab):
    """Lesson 6's minutes slider (1 to 600) says which keys take bigger steps; they must."""
    lesson, position = where_apps_are()["lasting_change"]
    page = open_notebook(browser, f"{lab}/lab/tree/lessons/{lesson.name}?reset&token={TOKEN}")
    run_all_cells(page)
    output = app_outputs(page)[position]
    output.scroll_into_view_if_needed()  # JupyterLab renders only the cells in view
    # text_content, not inner_text: the latter is empty while JupyterLab has not yet laid out
    # a cell that just scrolled into view (content-visibility)
    assert all(key in output.text_content() for key in ("PageUp", "PageDown", "Home", "End"))
    handle = output.locator(".widget-slider .noUi-handle").first
    readout = output.locator(".widget-slider .widget-readout").first
    options = apps.MISMATCH_MINUTES
    handle.click()

    def after(key):
        page.keyboard.press(key)
        page.wait_for_timeout(300)
        return readout.inner_text().strip()

    assert after("Home") == options[0][0]
    assert after("ArrowRight") == options[1][0]
    assert after("PageUp") == options[6][0]
    assert after("End") == options[-1][0]
    assert after("PageDown") == options[-6][0]
    page.close()
