"""Helpers for the browser tests: a browser context that cannot leave the machine, and an
axe-core audit (axe-playwright-python bundles axe's JavaScript, so it runs offline).
"""
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"file", "data", "blob", "about"}

# JupyterLab's own findings on a lesson page, none inside the course's outputs (element
# signatures: see `signature`). The audit in tests/test_browser.py fails on any finding
# not listed here, and on a listed one that no longer occurs: delete it, so the list only
# shrinks as JupyterLab and its extensions fix them.
JUPYTERLAB_BASELINE = {
    # toolbar buttons (jp-button) carry aria-pressed without a toggle role
    ("aria-allowed-attr", 'jp-button.jp-ToolbarButtonComponent[aria-label="Upload Files"]'),
    ("aria-allowed-attr", 'jp-button.jp-ToolbarButtonComponent[aria-label="Toggle File Filter"]'),
    ("aria-allowed-attr", 'jp-button.voilaRender[aria-label="Render with Voilà"]'),
    ("aria-allowed-attr", 'jp-button.validate-button[aria-label="Validate"]'),
    ("aria-allowed-attr", 'jp-button.jp-DebuggerBugButton[aria-label="Enable Debugger"]'),
    # CodeMirror's editors of code cells have no accessible name
    ("aria-input-field-name", "div.cm-content"),
    # the notebook's role="feed" holds cells without role="article"
    ("aria-required-children", 'div.jp-WindowedPanel-viewport[aria-label="Cells"]'),
    # the collapse button of a heading cell has no text
    ("button-name", "button.jp-Button"),
    # the skip link's wrapper sits outside every landmark
    ("region", "div.lm-Widget"),
}

# What names an element across runs: its tag, first class and aria-label (ids, positions and
# windowing indexes in axe's CSS targets change from one run to the next).
SIGNATURE = """selector => {
    const element = document.querySelector(selector);
    if (!element) return null;
    const first = element.classList[0], label = element.getAttribute('aria-label');
    return element.tagName.toLowerCase() + (first ? '.' + first : '') + (label ? `[aria-label="${label}"]` : '');
}"""


def offline_context(browser, **options):
    """A new browser context whose every request off the machine is aborted; the aborted
    URLs are collected in the context's `blocked` list."""
    context = browser.new_context(**options)
    context.blocked = []

    def only_local(route):
        url = urlsplit(route.request.url)
        if url.scheme in LOCAL_SCHEMES or url.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            context.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    return context


def audit(page, context=None):
    """axe-core's violations on the page (or inside `context`), one (rule, impact, CSS
    target, html) tuple per offending element."""
    results = Axe().run(page, context=context, options={"resultTypes": ["violations"]})
    return [(rule["id"], rule["impact"], node["target"][0], node["html"][:200])
            for rule in results.response["violations"] for node in rule["nodes"]]


def describe(violations):
    return "\n".join(f"{rule} ({impact}): {target}\n    {html}" for rule, impact, target, html in violations)


def signature(page, target):
    return page.evaluate(SIGNATURE, target)
