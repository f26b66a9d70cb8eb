"""`make present`: a lesson as a teacher shows it to a room, a full-screen Voilà app with
the code hidden, in headless Chromium. The apps answer the keyboard and a self-check
gives feedback; the page requests nothing off the machine and its icons show.

The test starts the Makefile target itself, so the command a teacher types is the one
tested. In CI a missing Chromium fails it; elsewhere it is skipped with the install command.
"""
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest
from PIL import Image

from notebooks import PATIENCE_S, REPO
from offline_audit import offline_context
from test_browser import (ARTEFACTS, CHROMIUM, CHROMIUM_FLAGS, app_outputs, assert_announced, changed_region, drawn_figure,
                          free_port, is_blank, require_chromium)

LESSON = REPO / "lessons" / "05_memory_reconsolidation.ipynb"  # two widget apps and two self-checks


@contextmanager
def presenting(lesson, log_path):
    """`make present` for ``lesson`` on a free local port; yields the app's URL. The set-up
    stamp is taken as done (-o) and BIN is the environment running the tests, so the test
    never reinstalls the course."""
    port = free_port()
    command = [
        "make", "--no-print-directory", "-o", ".venv/.installed", "present",
        f"LESSON={lesson.name[:2]}", f"BIN={Path(sys.executable).parent}",
        f"PRESENT_ARGS=--port={port} --no-browser --Voila.ip=127.0.0.1",
    ]
    # Under `make test` the outer make's flags and variables would leak into this one.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + PATIENCE_S
            while True:  # a request for the page would start a kernel: only wait for the port
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=2).close()
                    break
                except OSError:
                    assert server.poll() is None and time.monotonic() < deadline, Path(log_path).read_text()
                    time.sleep(0.3)
            yield f"http://127.0.0.1:{port}/"
        finally:
            os.killpg(server.pid, signal.SIGTERM)  # make and the Voilà it started, as Ctrl+C would
            server.wait(timeout=20)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:  # Voilà shuts its kernels down before it exits
                try:
                    os.killpg(server.pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.2)


@pytest.fixture(scope="module")
def presentation(tmp_path_factory):
    require_chromium()
    with presenting(LESSON, tmp_path_factory.mktemp("present") / "voila.log") as url:
        yield url


@pytest.fixture(scope="module")
def page(presentation):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = offline_context(chromium, viewport={"width": 1600, "height": 900}).new_page()  # a projector's shape
        page.goto(presentation, timeout=120_000)
        sources = "\n".join(code_sources(LESSON))
        page.wait_for_function(  # Voilà runs every cell, then shows the page; widgets draw after
            """([apps, checks]) => !document.querySelector('#loading')
                && document.querySelectorAll('.jupyter-matplotlib canvas').length >= apps
                && document.querySelectorAll('.widget-button').length >= checks""",
            arg=[sources.count("apps."), sources.count("quiz.self_check(")], timeout=120_000, polling=250,
        )
        yield page
        chromium.close()


def code_sources(lesson):
    return [cell.source for cell in nbformat.read(lesson, as_version=4).cells if cell.cell_type == "code"]


def test_the_lesson_shows_its_apps_and_self_checks_with_no_code_and_no_errors(page):
    sources = "\n".join(code_sources(LESSON))
    expected_apps, expected_checks = sources.count("apps."), sources.count("quiz.self_check(")
    assert len(app_outputs(page)) == expected_apps, "not every widget app rendered a control and a figure"
    assert page.get_by_role("button", name="Check").count() == expected_checks, "not every self-check rendered"

    assert page.locator(".jp-CodeCell .jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt, .cm-editor").count() == 0
    text = page.locator("body").inner_text()
    for line in filter(str.strip, sources.splitlines()):
        assert line.strip() not in text, f"the code line {line!r} is shown"
    assert page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
    for sign in ("Traceback", "There was an error when executing"):
        assert sign not in text


def test_the_page_works_offline_and_its_icons_show(page):
    page.wait_for_load_state("networkidle")
    assert not page.context.blocked, f"requests off the machine: {page.context.blocked}"
    icon = page.get_by_role("button", name="Check").first.locator("i.fa-check")
    assert page.evaluate("document.fonts.check('900 16px \"Font Awesome 5 Free\"')"), "Font Awesome is not loaded"
    assert icon.evaluate("i => getComputedStyle(i, '::before').fontFamily").startswith('"Font Awesome')
    assert icon.bounding_box()["width"] > 5, "the Check button's icon is not drawn"


def test_each_app_answers_the_keyboard_and_a_self_check_gives_feedback(page):
    outputs = app_outputs(page)
    assert outputs, "no widget app in the presented lesson"
    for number, output in enumerate(outputs, start=1):
        output.scroll_into_view_if_needed()
        before = drawn_figure(output, f"app {number}")
        live_region = output.locator(".rewire-figure-description").element_handle()
        sentence = live_region.inner_text()
        output.locator(".widget-slider .noUi-handle").first.focus()  # as a teacher tabbing to it would
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        changed = changed_region(output, before)
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        if not changed:
            page.screenshot(path=ARTEFACTS / f"failed_present_{LESSON.stem}.png")
        assert changed, f"app {number}: ArrowRight on its slider did not change the figure"
        assert_announced(live_region, sentence, number)

    question = page.locator(".jp-OutputArea-output").filter(has=page.locator(".widget-radio-box")).first
    question.scroll_into_view_if_needed()
    question.locator(".widget-radio-box input").first.check()
    question.get_by_role("button", name="Check").click()
    feedback = question.locator(".widget-html").filter(has_text="Right.").or_(
        question.locator(".widget-html").filter(has_text="Not quite."))
    feedback.first.wait_for(timeout=PATIENCE_S * 1000)
    feedback.first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # let the page settle before the screenshot
    screenshot = ARTEFACTS / f"present_{LESSON.stem}.png"
    page.screenshot(path=screenshot)
    assert not is_blank(Image.open(screenshot).convert("RGB")), f"the screenshot {screenshot.name} is blank"
