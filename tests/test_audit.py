"""Offline and accessible: every lesson presented with Voilà (the template of `make present`)
passes an axe-core audit with no request off the machine, and the feedback a student gets
from nbgrader shows its formulas with the network cut.

The JupyterLab audit runs in tests/test_browser.py (after each lesson is run there) and the
site's in tests/test_site.py (on the site built there): each page is audited once.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from notebooks import LESSONS, PATIENCE_S, REPO
from offline_audit import audit, describe, offline_context
from test_browser import ARTEFACTS, browser, free_port, require_chromium  # noqa: F401 (browser is a fixture)

MATHS_ASSIGNMENT = "02_structural"  # its instructions hold five formulas


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """One Voilà server for every lesson, with the template and theme of `make present`
    (which serves one lesson; tests/test_present.py runs the make target itself)."""
    require_chromium()
    port = free_port()
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    env = dict(os.environ, JUPYTER_PATH=str(REPO / "share" / "jupyter"))
    command = [str(Path(sys.executable).parent / "voila"), "lessons", "--template=rewire", "--theme=light",
               f"--port={port}", "--no-browser", "--Voila.ip=127.0.0.1"]
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + PATIENCE_S
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=2).close()
                    break
                except OSError:
                    assert server.poll() is None and time.monotonic() < deadline, log_path.read_text()
                    time.sleep(0.3)
            yield f"http://127.0.0.1:{port}/voila/render/"
        finally:
            server.terminate()
            server.wait(timeout=30)  # Voilà shuts its kernels down before it exits


def code_of(lesson):
    return "\n".join(c.source for c in nbformat.read(lesson, as_version=4).cells if c.cell_type == "code")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_each_lesson_presented_with_voila_passes_the_audit_offline(browser, voila, lesson):
    context = offline_context(browser, viewport={"width": 1600, "height": 900})
    page = context.new_page()
    page.goto(voila + lesson.name, timeout=180_000)
    code = code_of(lesson)
    page.wait_for_function(  # Voilà runs every cell, then shows the page; widgets draw after
        """([apps, checks]) => !document.querySelector('#loading')
            && document.querySelectorAll('.rewire-app .jupyter-matplotlib canvas').length >= apps
            && document.querySelectorAll('.widget-button').length >= checks
            && [...document.querySelectorAll('.rewire-app .noUi-handle')].every(h => h.hasAttribute('aria-label'))""",
        arg=[code.count("apps."), code.count("quiz.self_check(")], timeout=180_000, polling=250,
    )
    page.wait_for_load_state("networkidle")

    violations = audit(page)
    if violations:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTEFACTS / f"failed_audit_voila_{lesson.stem}.png")
    assert not violations, describe(violations)
    # The Check buttons' icons come from Font Awesome, now from Voilà's own files.
    icons = page.locator(".widget-button i.fa")
    assert icons.count() == code.count("quiz.self_check(")
    if icons.count():
        assert page.evaluate("document.fonts.check('900 16px \"Font Awesome 5 Free\"')"), "Font Awesome is not loaded"
        glyph = icons.first.evaluate("i => getComputedStyle(i, '::before').content")
        assert glyph not in ("none", "normal", '""') and icons.first.bounding_box()["width"] > 5, "the icon is not drawn"
    assert not context.blocked, f"requests off the machine: {context.blocked}"
    context.close()


@pytest.fixture(scope="module")
def feedback_page(tmp_path_factory):
    """The feedback `make grade` writes (through nbgrader's generate_feedback) for a model
    solution of the assignment with formulas, in a temporary copy of the course."""
    course = tmp_path_factory.mktemp("course")
    shutil.copy(REPO / "nbgrader_config.py", course)
    shutil.copytree(REPO / "solutions", course / "solutions")
    submitted = course / "submitted" / "model" / MATHS_ASSIGNMENT
    submitted.mkdir(parents=True)
    for notebook in (REPO / "solutions" / MATHS_ASSIGNMENT).glob("*.ipynb"):
        shutil.copy(notebook, submitted / notebook.name)
    graded = subprocess.run([sys.executable, "-m", "rewire.grading", "grade", MATHS_ASSIGNMENT], cwd=course,
                            capture_output=True, text=True, timeout=900)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    pages = list((course / "feedback" / "model" / MATHS_ASSIGNMENT).glob("*.html"))
    assert len(pages) == 1, pages
    return pages[0]


def test_feedback_shows_its_formulas_with_the_network_cut(browser, feedback_page):
    formulas = sum(c.source.count("$") for c in nbformat.read(
        next((REPO / "exercises" / MATHS_ASSIGNMENT).glob("*.ipynb")), as_version=4).cells if c.cell_type == "markdown") // 2
    assert formulas >= 3
    context = offline_context(browser, viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    page.goto(feedback_page.as_uri())
    page.wait_for_load_state("networkidle")
    maths = page.locator("math")
    assert maths.count() == formulas, f"{maths.count()} formulas drawn of {formulas}"
    for index in range(maths.count()):  # drawn by the browser as maths: laid out with a size
        box = maths.nth(index).bounding_box()
        assert box and box["width"] > 5 and box["height"] > 5, f"formula {index + 1} is not drawn"
    text = page.locator("body").inner_text()
    assert "$" not in text and "\\tau" not in text, "raw TeX is shown"
    maths.first.scroll_into_view_if_needed()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTEFACTS / f"feedback_{MATHS_ASSIGNMENT}_maths.png")
    assert not context.blocked, f"requests off the machine: {context.blocked}"
    context.close()
