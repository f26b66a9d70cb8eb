"""The course website (`make site`): every lesson executed with its figures and maths, no
asset from a CDN, no answers unless the teacher's flag asks, and a way to run each lesson.

Builds the site once per session in a scratch folder (a copy of docs/ and lessons/), with
the same Sphinx options as the Makefile, and looks at it in Chromium with the network cut.
"""
import base64
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import nbformat
import pytest
from PIL import Image

from notebooks import LESSONS, PATIENCE_S, REPO, SOLUTIONS
from offline_audit import audit, describe, offline_context
from rewire import apps as rewire_apps
from test_browser import ARTEFACTS, CHROMIUM, CHROMIUM_FLAGS, is_blank, require_chromium

REMOTE = re.compile(r"^\s*(https?:)?//", re.I)
CDN_HOSTS = re.compile(r"https?://(?:cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|fonts\.googleapis\.com"
                       r"|fonts\.gstatic\.com|code\.jquery\.com|ajax\.googleapis\.com)[^\s\"'`)]*")
# CDN addresses inside vendored bundles that the site never uses, and why.
UNUSED_CDN_DEFAULTS = {
    "widgets/embed-amd.js": {
        "https://cdn.jsdelivr.net/npm/": "the default widget CDN; every page sets data-jupyter-widgets-cdn",
        "https://fonts.googleapis.com/css?family=Roboto+Mono": "inside a CSS comment",
    },
    "mathjax/tex-svg-full.js": {
        "https://cdn.jsdelivr.net/npm/speech-rule-engine@": "speech rule engine, loaded only if a reader turns on speech",
        "https://cdn.jsdelivr.net/npm/sre-mathmaps-ie@": "the same, for Internet Explorer",
        "https://cdn.jsdelivr.net/npm/wicked-good-xpath@1.3.0/dist/wgxpath.install.js": "an XPath polyfill for old browsers",
    },
}


def makefile_sphinx_options():
    text = (REPO / "Makefile").read_text()
    return shlex.split(re.search(r"^SPHINXOPTS \?= (.*)$", text, re.M).group(1))


def build(tmp, teacher=False, extra=()):
    """Build the site from a scratch copy of docs/ and lessons/ in `tmp` (as `make site`
    does); return the HTML folder. A failed build fails the test with Sphinx's output."""
    ignore = shutil.ignore_patterns("_build", "_vendor", "lessons", "solutions", "__pycache__")
    shutil.copytree(REPO / "docs", tmp / "docs", ignore=ignore)
    shutil.copytree(REPO / "lessons", tmp / "lessons")
    shutil.copytree(REPO / "solutions", tmp / "solutions")
    # The vendored JavaScript: the checkout's docs/_vendor when it is up to date, else
    # downloaded from the npm registry.
    if (REPO / "docs" / "_vendor").is_dir():
        shutil.copytree(REPO / "docs" / "_vendor", tmp / "docs" / "_vendor")
    vendored = subprocess.run([sys.executable, str(tmp / "docs" / "vendor.py")], capture_output=True, text=True)
    assert vendored.returncode == 0, vendored.stdout + vendored.stderr
    html = tmp / "html"
    command = [sys.executable, "-m", "sphinx", "-b", "html", *makefile_sphinx_options(), *extra,
               str(tmp / "docs"), str(html), "-d", str(tmp / "doctrees")]
    env = dict(os.environ, REWIRE_SITE_SOLUTIONS="1" if teacher else "")
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"the site build failed (warnings are errors):\n{log[-6000:]}"
    assert "build succeeded" in log and not re.search(r"(^|: )WARNING: ", log, re.M), log[-6000:]
    return html


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def teacher_site(tmp_path_factory):
    # The teacher's edition, without executing the notebooks: only what it adds is checked here.
    return build(tmp_path_factory.mktemp("teacher"), teacher=True, extra=["-D", "nb_execution_mode=off"])


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes, and the text of its <style> blocks."""

    def __init__(self, text):
        super().__init__()
        self.tags, self.styles, self._in_style = [], [], False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def page(site, lesson):
    return site / "lessons" / f"{lesson.stem}.html"


def widget_state(text):
    match = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', text, re.S)
    return json.loads(match.group(1))["state"] if match else {}


def png_is_drawn(data):
    image = Image.open(io.BytesIO(data)).convert("RGB")
    return image.size[0] > 100 and image.size[1] > 100 and not is_blank(image)


def test_the_makefile_builds_the_site_with_warnings_as_errors():
    assert {"-W", "--keep-going"} <= set(makefile_sphinx_options())
    recipe = (REPO / "Makefile").read_text().split("\nsite:", 1)[1].split("\n\n", 1)[0]
    assert "$(SPHINXOPTS)" in recipe and "rewire site" in recipe  # which vendors first: tests/test_cli.py


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_lesson_has_a_page_with_its_figures_drawn(site, lesson):
    text = page(site, lesson).read_text()
    source = nbformat.read(lesson, as_version=4)
    code = "\n".join(c.source for c in source.cells if c.cell_type == "code")
    # Figures outside apps: static PNG files beside the site.
    figures = [attrs for tag, attrs in Tags(text).tags if tag == "img" and "_images/" in attrs.get("src", "")]
    images = [attrs["src"] for attrs in figures]
    assert len(images) == code.count("figures.show("), images
    assert all(attrs.get("alt", "").startswith("The figure shows") for attrs in figures), "a figure has no text description as alt text"
    for src in images:
        path = (page(site, lesson).parent / src).resolve()
        assert path.is_file() and path.suffix == ".png", src
        assert png_is_drawn(path.read_bytes()), f"{src} is blank"
    # Each widget app: its figure drawn as a PNG inside the saved widget state.
    outputs = [m for m in widget_state(text).values() if m["model_name"] == "OutputModel"]
    pngs = [o["data"]["image/png"] for m in outputs for o in m["state"]["outputs"] if "image/png" in o.get("data", {})]
    assert len(pngs) == code.count("apps."), f"{len(pngs)} app figures for {code.count('apps.')} apps"
    assert all(png_is_drawn(base64.b64decode(p)) for p in pngs), "an app's figure is blank"
    # Self-checks: saved as widgets too, so their question and choices show.
    assert text.count("application/vnd.jupyter.widget-view+json") == code.count("apps.") + code.count("self_check(")
    assert "output stderr" not in text and "Traceback" not in text, "a cell wrote an error or a warning"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_maths_is_marked_up_for_the_local_mathjax(site, lesson):
    text = page(site, lesson).read_text()
    scripts = [attrs["src"] for tag, attrs in Tags(text).tags if tag == "script" and "src" in attrs]
    mathjax = [s for s in scripts if "mathjax" in s.lower()]
    assert all(s.startswith("../_static/mathjax/tex-svg-full.js") for s in mathjax), mathjax
    assert (site / "_static" / "mathjax" / "tex-svg-full.js").stat().st_size > 1_000_000
    markdown = "\n".join(c.source for c in nbformat.read(lesson, as_version=4).cells if c.cell_type == "markdown")
    if re.search(r"\$[^$\s][^$]*\$", markdown):  # a lesson with maths: marked up, and MathJax loaded once
        assert 'class="math' in text, "the lesson has maths but the page has none"
        assert len(mathjax) == 1, mathjax


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_each_lesson_page_says_how_to_run_it_in_jupyterlab(site, lesson):
    text = page(site, lesson).read_text()
    assert f'href="http://localhost:8888/lab/tree/lessons/{lesson.name}"' in text
    note = text[text.index("Run it yourself"):][:1200]
    assert "make lab" in note and f"lessons/{lesson.name}" in note
    assert text.index("Run it yourself") < text.index("Learning objectives")  # at the top of the page


def test_the_home_page_links_every_lesson(site):
    text = (site / "index.html").read_text()
    for lesson in LESSONS:
        assert f'href="lessons/{lesson.stem}.html"' in text


def test_no_page_loads_anything_from_another_site(site):
    """Scripts, stylesheets, fonts, images and frames are local; links to papers may be remote."""
    loads = {"script": ["src"], "img": ["src", "srcset"], "source": ["src", "srcset"], "iframe": ["src"],
             "video": ["src", "poster"], "audio": ["src"], "embed": ["src"], "object": ["data"],
             "input": ["src"], "track": ["src"]}
    problems = []
    for html in site.rglob("*.html"):
        parsed = Tags(html.read_text())
        for tag, attrs in parsed.tags:
            names = list(loads.get(tag, []))
            if tag == "link" and set((attrs.get("rel") or "").split()) & {"stylesheet", "preload", "modulepreload", "icon", "prefetch", "manifest"}:
                names.append("href")
            problems += [f"{html.name}: <{tag} {n}={attrs[n]}>" for n in names if attrs.get(n) and REMOTE.match(attrs[n])]
            if tag == "script" and "data-jupyter-widgets-cdn" in attrs:
                assert not REMOTE.match(attrs["data-jupyter-widgets-cdn"]), html
            if re.search(r"url\(\s*['\"]?\s*(https?:)?//", attrs.get("style") or ""):
                problems.append(f"{html.name}: style attribute {attrs['style']}")
        problems += [f"{html.name}: <style> {s[:80]}" for s in parsed.styles if css_remote(s)]
    for css in site.rglob("*.css"):
        problems += [f"{css.relative_to(site)}: {hit}" for hit in css_remote(css.read_text())]
    for js in site.rglob("*.js"):
        allowed = next((urls for name, urls in UNUSED_CDN_DEFAULTS.items() if js.as_posix().endswith(name)), {})
        problems += [f"{js.relative_to(site)}: {url}" for url in set(CDN_HOSTS.findall(js.read_text(errors="replace")))
                     if url not in allowed]
    assert not problems, "\n".join(problems)


def css_remote(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return (re.findall(r"url\(\s*['\"]?\s*(?:https?:)?//[^)]*\)", text)
            + re.findall(r"@import\s+(?:url\()?\s*['\"]?\s*(?:https?:)?//[^;]*", text))


def solution_lines():
    """Lines of the model answers (between BEGIN and END SOLUTION) and of the answer key's answers."""
    lines = set()
    for notebook in SOLUTIONS:
        for cell in nbformat.read(notebook, as_version=4).cells:
            inside = False
            for line in cell.source.splitlines():
                if "END SOLUTION" in line:
                    inside = False
                if inside and len(line.strip()) >= 25:
                    lines.add(line.strip())
                if "BEGIN SOLUTION" in line:
                    inside = True
    answers = re.findall(r"^\*Answer:\*\s*(.+)$", (REPO / "solutions" / "answer_key.md").read_text(), re.M)
    assert lines and answers
    return lines, answers


def site_text(site):
    return "\n".join(p.read_text(errors="replace") for p in site.rglob("*") if p.suffix in {".html", ".js", ".txt", ".json", ".ipynb", ".md"})


def test_the_public_site_holds_no_solutions_and_no_instructor_guide(site):
    names = [p.relative_to(site).as_posix() for p in site.rglob("*")]
    assert not [n for n in names if n.startswith(("solutions", "instructor")) or "answer_key" in n], names
    text = site_text(site)
    for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "Answer key (instructors only", "This guide contains answers"):
        assert marker not in text, marker
    lines, _ = solution_lines()
    leaked = [line for line in lines if line in text]
    assert not leaked, leaked[:5]


def test_the_teacher_edition_adds_the_guide_the_solutions_and_the_answer_key(teacher_site):
    assert (teacher_site / "instructor" / "index.html").is_file()
    assert (teacher_site / "solutions" / "answer_key.html").is_file()
    for notebook in SOLUTIONS:
        assert (teacher_site / "solutions" / notebook.parent.name / f"{notebook.stem}.html").is_file(), notebook
    home = (teacher_site / "index.html").read_text()
    assert 'href="instructor/index.html"' in home and 'href="solutions/index.html"' in home
    lines, answers = solution_lines()
    text = site_text(teacher_site)
    assert any(line in text for line in lines)


def test_a_lesson_page_in_chromium_with_the_network_cut_shows_maths_and_figures(site):
    require_chromium()
    from playwright.sync_api import sync_playwright

    lesson = REPO / "lessons" / "01_synaptic_plasticity.ipynb"  # maths, static figures, several apps
    lesson_apps = [getattr(rewire_apps, name)() for name in re.findall(r"apps\.(\w+_app)\(", lesson.read_text())]
    sliders = sum(type(control).__name__.endswith("Slider") for app in lesson_apps for control in app.controls.values())
    remote, missing, errors = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1300, "height": 1000})

        def only_local(route):
            if route.request.url.startswith(("file:", "data:", "blob:")):
                route.continue_()
            else:
                remote.append(route.request.url)
                route.abort()

        context.route("**/*", only_local)
        tab = context.new_page()
        tab.on("requestfailed", lambda request: missing.append(f"{request.url} {request.failure}"))
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(page(site, lesson).as_uri())
        tab.locator("mjx-container svg").first.wait_for(timeout=PATIENCE_S * 1000)
        apps = tab.locator(".widget-output img")
        apps.first.wait_for(timeout=PATIENCE_S * 1000)
        tab.wait_for_load_state("networkidle")

        assert tab.locator("mjx-container svg").count() >= 10  # typeset as SVG by the local MathJax
        assert apps.count() == len(lesson_apps)
        for number in range(len(lesson_apps)):
            figure = apps.nth(number)
            figure.scroll_into_view_if_needed()
            assert figure.is_visible() and figure.bounding_box()["width"] > 300, f"app {number + 1}"
            assert not is_blank(Image.open(io.BytesIO(figure.screenshot())).convert("RGB"))
        assert tab.locator(".widget-slider").count() == sliders
        assert tab.locator(".widget-radio-box input").count() > 0  # the self-checks' choices
        for static in tab.locator("img[src*='_images/']").all():
            assert static.evaluate("img => img.complete && img.naturalWidth > 100")
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        tab.locator("mjx-container").nth(3).scroll_into_view_if_needed()
        tab.screenshot(path=ARTEFACTS / "site_01_synaptic_plasticity_maths.png")
        apps.first.scroll_into_view_if_needed()
        tab.screenshot(path=ARTEFACTS / "site_01_synaptic_plasticity_app.png")
        browser.close()
    assert not remote, remote
    assert not missing, missing
    assert not errors, errors


def test_every_page_of_the_site_passes_an_axe_audit_offline(site):
    """Every page a reader can reach (the theme's Jinja macro files in _static are never
    linked); the figures of apps get their description as alt text, slider handles a name."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)
    assert len(pages) >= len(LESSONS) + 1
    findings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = offline_context(browser, viewport={"width": 1300, "height": 1000})
        tab = context.new_page()
        for html in pages:
            tab.goto(html.as_uri())
            tab.wait_for_load_state("networkidle")
            tab.wait_for_function("""() => [...document.querySelectorAll('.rewire-app')].every(app =>
                [...app.querySelectorAll('.widget-output img')].every(img => img.alt.startsWith('Figure:'))
                && [...app.querySelectorAll('.noUi-handle')].every(h => h.hasAttribute('aria-label')))""", timeout=PATIENCE_S * 1000)
            findings += [(html.relative_to(site).as_posix(), *v) for v in audit(tab)]
        browser.close()
    assert not findings, "\n".join(f"{page}: {describe([v])}" for page, *v in findings)
    assert not context.blocked, context.blocked
