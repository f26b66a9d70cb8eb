"""Hygiene of what is committed: clean notebooks, ignored local state."""
import json
import subprocess

import pytest

from notebooks import REPO


def tracked_files(pattern):
    out = subprocess.run(["git", "ls-files", pattern], cwd=REPO, capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_the_course_has_committed_notebooks():
    assert len(tracked_files("*.ipynb")) >= 3


@pytest.mark.parametrize("path", tracked_files("*.ipynb"))
def test_committed_notebooks_carry_no_outputs_and_no_execution_counts(path):
    notebook = json.loads((REPO / path).read_text())
    code_cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code_cells)


@pytest.mark.parametrize(
    "local_state", [".venv/x", "gradebook.db", "submitted/s/a/n.ipynb", "autograded/x", "feedback/x", ".pytest_cache/x", "x/__pycache__/y.pyc",
     "reports/a/index.html", "grades_moodle.csv", "grades_canvas.csv"]
)
def test_local_and_generated_state_is_ignored_by_git(local_state):
    result = subprocess.run(["git", "check-ignore", "-q", local_state], cwd=REPO)
    assert result.returncode == 0, f"{local_state} is not ignored"
