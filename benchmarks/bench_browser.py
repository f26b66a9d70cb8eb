"""In the browser: key press to new pixels for the two heaviest widget apps, in JupyterLab
under Chromium, as a learner uses them. Median and 95th percentile over 15 presses.
Issue 7's target: median under 100 ms. Writes benchmarks/results/browser.json.

    make bench
"""
import json
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_browser import CHROMIUM, CHROMIUM_FLAGS, TOKEN, app_outputs, open_notebook, running_lab, wait_until_idle  # noqa: E402

HEAVIEST = [("01_synaptic_plasticity.ipynb", 0, "hebb_versus_oja"), ("02_structural_plasticity.ipynb", 1, "lesion_rewiring")]
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


def key_to_pixels_ms(page, output):
    handle = output.locator(".widget-slider .noUi-handle").first
    handle.click()
    wait_until_idle(page)
    page.wait_for_timeout(500)
    timings = []
    for press in range(PRESSES):
        key = "ArrowRight" if press % 2 == 0 else "ArrowLeft"
        pressed_at = page.evaluate("() => performance.now()")
        page.keyboard.press(key)
        page.wait_for_function("t => window.__draws.some(d => d > t)", arg=pressed_at, timeout=30_000)
        timings.append(page.evaluate("t => Math.min(...window.__draws.filter(d => d > t)) - t", pressed_at))
        wait_until_idle(page)
        page.wait_for_timeout(300)
    return timings


def main():
    rows = []
    with tempfile.TemporaryDirectory() as root, running_lab(Path(root)) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for lesson, index, app in HEAVIEST:
            page = open_notebook(browser, f"{url}/lab/tree/lessons/{lesson}?reset&token={TOKEN}")
            page.evaluate(RECORD_DRAWS)
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_timeout(1000)
            wait_until_idle(page)
            output = app_outputs(page)[index]
            output.scroll_into_view_if_needed()
            timings = sorted(key_to_pixels_ms(page, output))
            rows.append({"app": app, "median_ms": statistics.median(timings), "p95_ms": timings[int(0.95 * (len(timings) - 1))]})
            page.close()
        browser.close()
    for row in rows:
        verdict = "yes" if row["median_ms"] < TARGET_MS else "NO"
        print(f"{row['app']:<20} key press to new pixels: median {row['median_ms']:6.0f} ms, p95 {row['p95_ms']:6.0f} ms   under {TARGET_MS:.0f} ms: {verdict}")
    out = Path(__file__).parent / "results" / "browser.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
