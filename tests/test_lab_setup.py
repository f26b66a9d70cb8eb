"""`rewire lab` gives each person their own tools. A learner's JupyterLab has the Validate
button and none of the teacher's tools (no Nbgrader menu, no formgrader, no Create
Assignment sidebar); `rewire lab --teacher` adds them. Neither has the exchange's
assignment and course lists, which a course without JupyterHub cannot use.

The choice is made per launch (.jupyter/<mode>/ first on JUPYTER_CONFIG_PATH), so both are
started here with the real console script and looked at in headless Chromium.
"""
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path


from notebooks import PATIENCE_S, REPO
from test_browser import (  # noqa: F401 (browser is a fixture)
    ARTEFACTS, TOKEN, browser, free_port, open_notebook, stop, wait_until_serving,
)

REWIRE = Path(sys.executable).parent / "rewire"
JUPYTER = str(Path(sys.executable).parent / "jupyter")
EXERCISE = "exercises/01_synaptic/synaptic_exercises.ipynb"
TEACHERS_PLUGINS = ["@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:menu"]
EXCHANGE_PLUGINS = ["@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:course-list"]


def test_widgets_ipympl_and_nbgrader_are_enabled_in_jupyterlab():
    listing = subprocess.run([JUPYTER, "labextension", "list"], capture_output=True, text=True, check=True)
    extensions = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)
    for name in ("@jupyter-widgets/jupyterlab-manager", "jupyter-matplotlib", "@jupyter/nbgrader"):
        assert re.search(rf"{re.escape(name)} v\S+ enabled OK", extensions), f"{name} is not enabled"


@contextmanager
def rewire_lab(root, *options):
    """`rewire lab` with ``options`` on a free local port, serving a scratch copy of the
    course in ``root`` (the notebooks' autosave must not touch the committed ones). Yields
    the base URL."""
    for folder in ("lessons", "exercises", "solutions", ".jupyter"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "nbgrader_config.py", root)
    port = free_port()
    command = [str(REWIRE), "lab", *options, "--no-browser", f"--port={port}", "--ip=127.0.0.1",
               f"--IdentityProvider.token={TOKEN}", f"--LabApp.workspaces_dir={root / 'workspaces'}",
               "--LabApp.expose_app_in_browser=True"]
    with open(root / "lab.log", "w") as log:
        server = subprocess.Popen(command, cwd=root, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_serving(server, url, root / "lab.log")
            yield url
        finally:
            stop(server)  # `rewire lab` became the JupyterLab server (exec)


def status(url):
    try:
        with urllib.request.urlopen(url, timeout=PATIENCE_S) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def disabled_plugins(page):
    return page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).disabledExtensions")


def nbgrader_menu(page):
    return page.locator(".lm-MenuBar-item").filter(has_text=re.compile(r"^Nbgrader$"))


def create_assignment_tab(page):
    return page.locator('.jp-SideBar [data-id="nbgrader-create_assignemnt"]')


def test_a_learner_has_the_validate_button_and_none_of_the_teachers_tools(browser, tmp_path):
    with rewire_lab(tmp_path) as url:
        assert status(f"{url}/formgrader?token={TOKEN}") == 404, "the formgrader is served to a learner"
        page = open_notebook(browser, f"{url}/lab/tree/{EXERCISE}?reset&token={TOKEN}")
        validate = page.locator(".jp-NotebookPanel-toolbar .validate-button")
        validate.wait_for()
        assert validate.is_visible() and "Validate" in validate.inner_text()
        assert set(TEACHERS_PLUGINS + EXCHANGE_PLUGINS) <= set(disabled_plugins(page))
        assert "@jupyter/nbgrader:validate-assignment" not in disabled_plugins(page)
        assert page.locator(".lm-MenuBar-item").filter(has_text="Help").count() == 1  # the menu bar is drawn
        assert nbgrader_menu(page).count() == 0, "a learner sees the Nbgrader menu"
        assert create_assignment_tab(page).count() == 0, "a learner sees the Create Assignment sidebar"
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTEFACTS / "lab_learner.png")
        page.close()


def test_a_teacher_also_has_the_nbgrader_menu_the_formgrader_and_create_assignment(browser, tmp_path):
    with rewire_lab(tmp_path, "--teacher") as url:
        page = open_notebook(browser, f"{url}/lab/tree/{EXERCISE}?reset&token={TOKEN}")
        page.locator(".jp-NotebookPanel-toolbar .validate-button").wait_for()
        assert not set(TEACHERS_PLUGINS) & set(disabled_plugins(page))
        assert set(EXCHANGE_PLUGINS) <= set(disabled_plugins(page))
        assert create_assignment_tab(page).count() == 1, "no Create Assignment sidebar for the teacher"
        nbgrader_menu(page).click()
        page.locator(".lm-Menu-item").filter(has_text="Formgrader").first.click()
        formgrader = page.frame_locator("#formgrader-iframe iframe")
        formgrader.get_by_text("Manage Assignments").first.wait_for()
        formgrader.get_by_text("01_synaptic", exact=True).first.wait_for()  # the course's assignments
        # (waits are bounded by PATIENCE_S, the page's default timeout set by open_notebook)
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTEFACTS / "lab_teacher_formgrader.png")
        page.close()


def test_the_mode_is_chosen_per_launch_not_written_into_the_environment():
    from rewire.cli import lab_environment

    learner, teacher = lab_environment(REPO)["JUPYTER_CONFIG_PATH"], lab_environment(REPO, teacher=True)["JUPYTER_CONFIG_PATH"]
    assert learner.split(os.pathsep)[0] == str(REPO / ".jupyter" / "learner")
    assert teacher.split(os.pathsep)[0] == str(REPO / ".jupyter" / "teacher")
    assert "labextension disable" not in (REPO / "Makefile").read_text()
