"""Helpers for tests that read or execute the course's notebooks."""
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted((REPO / "lessons").glob("*.ipynb"))
SOLUTIONS = sorted((REPO / "solutions").glob("*/*.ipynb"))
EXERCISES = sorted((REPO / "exercises").glob("*/*.ipynb"))
ASSIGNMENTS = sorted(p.name for p in (REPO / "solutions").iterdir() if p.is_dir())

# How long a test waits for a server, a page or a kernel to get ready before calling it hung.
# Every wait polls and goes on at once when ready, so this bounds a hang; it is no speed
# expectation. Ten times what a busy two-core machine was seen to need (JupyterLab's start
# took over 60 s next to a CPU hog on every core while other test suites ran).
PATIENCE_S = 600


def execute(path, timeout=120):
    """Run a notebook top to bottom in a fresh kernel, from its own folder, as a learner
    would with 'Restart and run all'; return the executed notebook."""
    nb = nbformat.read(path, as_version=4)
    env_cwd = str(Path(path).parent)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": env_cwd}})
    client.execute()
    return nb


def error_outputs(nb):
    """Every error output and every stderr stream in an executed notebook."""
    problems = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                problems.append((index, output.ename, output.evalue))
            elif output.output_type == "stream" and output.name == "stderr":
                problems.append((index, "stderr", output.text))
    return problems
