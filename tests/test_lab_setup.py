"""`make lab` sets JupyterLab up with what the course needs, and hides what it cannot use."""
import re
import subprocess
import sys
from pathlib import Path

JUPYTER = str(Path(sys.executable).parent / "jupyter")


def listing(*args):
    result = subprocess.run([JUPYTER, *args], capture_output=True, text=True, check=True)
    return re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)


def test_widgets_ipympl_and_nbgrader_are_enabled_in_jupyterlab():
    extensions = listing("labextension", "list")
    for name in ("@jupyter-widgets/jupyterlab-manager", "jupyter-matplotlib", "@jupyter/nbgrader"):
        assert re.search(rf"{re.escape(name)} v\S+ enabled OK", extensions), f"{name} is not enabled"


def test_the_validate_button_works_and_the_exchange_panels_a_lone_learner_cannot_use_are_hidden():
    servers = listing("server", "extension", "list")
    assert re.search(r"nbgrader\.server_extensions\.validate_assignment enabled", servers)
    assert not re.search(r"nbgrader\.server_extensions\.assignment_list enabled", servers)
    disabled = listing("labextension", "list").split("Disabled extensions:")[-1]
    assert "@jupyter/nbgrader:assignment-list" in disabled and "@jupyter/nbgrader:course-list" in disabled
