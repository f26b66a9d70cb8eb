"""In the browser: key press to new pixels for every widget app of the course (from
`apps.catalogue()`), in JupyterLab under Chromium, as a learner uses them: the app's first
control gets the focus and each key press moves it one step (a slider's arrow keys, a
menu's up and down arrows, a tick box's space bar). Median and 95th percentile over 15
presses per app. Issue 12's target: median under 100 ms for each. Writes
benchmarks/results/browser.json.

    make bench
"""
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from rewire import apps  # noqa: E402
from test_browser import CHROMIUM, CHROMIUM_FLAGS, TOKEN, app_outputs, open_notebook, running_lab, wait_until_idle  # noqa: E402
from test_browser_figures import where_apps_are  # noqa: E402

PRESSES = 15
TARGET_MS = 100.0

# Record when any canvas is drawn on: ipympl paints each new image with drawImage.
RECORD_DRAWS = """() => {
    window.__draws = [];
    const draw = CanvasRenderingContext2D.prototype.drawImage;
    CanvasRenderingContext2D.prototype.drawImage = function (...args) {
        window.__draws.push(performance.now());
        return draw.apply(this, args);
    };
}"""


def where_each_app_is():
    """{lesson: [(position among the lesson's apps, app name), ...]} for every app of the catalogue."""
    placed = {}
    for name, (lesson, position) in sorted(where_apps_are().items(), key=lambda item: (item[1][0], item[1][1])):
        if name in apps.catalogue():
            placed.setdefault(lesson, []).append((position, name))
    return placed


def focus_first_control(page, output):
    """Give the app's first control the focus as a person would, and return the two keys
    that move it one step forth and back."""
    handle = output.locator(".widget-slider .noUi-handle")
    if handle.count():
        handle.first.click()
        at_end = handle.first.get_attribute("aria-valuenow") == handle.first.get_attribute("aria-valuemax")
        return ("ArrowLeft", "ArrowRight") if at_end else ("ArrowRight", "ArrowLeft")
    menu = output.locator(".widget-dropdown select")
    if menu.count():
        menu.first.focus()
        return ("ArrowUp", "ArrowDown") if menu.first.evaluate("m => m.selectedIndex === m.options.length - 1") else ("ArrowDown", "ArrowUp")
    output.locator(".widget-checkbox input").first.focus()
    return ("Space", "Space")


def key_to_pixels_ms(page, output):
    forth, back = focus_first_control(page, output)
    wait_until_idle(page)
    page.wait_for_timeout(500)
    timings = []
    for press in range(PRESSES):
        pressed_at = page.evaluate("() => performance.now()")
        page.keyboard.press(forth if press % 2 == 0 else back)
        page.wait_for_function("t => window.__draws.some(d => d > t)", arg=pressed_at, timeout=30_000)
        timings.append(page.evaluate("t => Math.min(...window.__draws.filter(d => d > t)) - t", pressed_at))
        wait_until_idle(page)
        page.wait_for_timeout(300)
    return timings


def main():
    rows = []
    with tempfile.TemporaryDirectory() as root, running_lab(Path(root)) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for lesson, placed in where_each_app_is().items():
            page = open_notebook(browser, f"{url}/lab/tree/lessons/{lesson.name}?reset&token={TOKEN}")
            page.evaluate(RECORD_DRAWS)
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_timeout(1000)
            wait_until_idle(page)
            outputs = app_outputs(page)
            for position, app in placed:
                output = outputs[position]
                output.scroll_into_view_if_needed()
                timings = sorted(key_to_pixels_ms(page, output))
                rows.append({"app": app, "lesson": lesson.stem, "median_ms": statistics.median(timings),
                             "p95_ms": timings[int(0.95 * (len(timings) - 1))], "load_1min": os.getloadavg()[0]})
                print(f"{app:<24} key press to new pixels: median {rows[-1]['median_ms']:6.0f} ms", flush=True)
            page.close()
        browser.close()
    print()
    for row in rows:
        verdict = "yes" if row["median_ms"] < TARGET_MS else "NO"
        print(f"{row['app']:<24} key press to new pixels: median {row['median_ms']:6.0f} ms, p95 {row['p95_ms']:6.0f} ms   under {TARGET_MS:.0f} ms: {verdict}")
    out = Path(__file__).parent / "results" / "browser.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
