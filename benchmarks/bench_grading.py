"""Grading throughput: seconds per submission for a synthetic class of 30 through the same
pipeline as `make grade` (rewire.grading.grade): a third model answers, a third with a
plausible mistake, a third blank. Writes benchmarks/results/grading.json.

    make bench
"""
import json
import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from rewire.grading import grade

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "01_synaptic"
CLASS_SIZE = 30


def submissions():
    """The notebooks of each kind of student, by notebook name."""
    solved = {p.name: nbformat.read(p, as_version=4) for p in (REPO / "solutions" / ASSIGNMENT).glob("*.ipynb")}
    blank = {p.name: nbformat.read(p, as_version=4) for p in (REPO / "exercises" / ASSIGNMENT).glob("*.ipynb")}
    mistaken = {}
    for name, notebook in solved.items():
        notebook = nbformat.from_dict(notebook)
        for cell in notebook.cells:
            if cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = cell.source.replace("16.8", "12.0")
        mistaken[name] = notebook
    return [solved, mistaken, blank]


def main():
    kinds = submissions()
    with tempfile.TemporaryDirectory() as course:
        course = Path(course)
        shutil.copy(REPO / "nbgrader_config.py", course)
        shutil.copytree(REPO / "solutions", course / "solutions")
        for number in range(CLASS_SIZE):
            folder = course / "submitted" / f"student{number:02d}" / ASSIGNMENT
            folder.mkdir(parents=True)
            for name, notebook in kinds[number % len(kinds)].items():
                nbformat.write(notebook, folder / name)
        start = time.perf_counter()
        grade(course)
        seconds = time.perf_counter() - start
    print(f"grading {CLASS_SIZE} submissions of {ASSIGNMENT}: {seconds:.0f} s in all, {seconds / CLASS_SIZE:.1f} s per submission")
    out = Path(__file__).parent / "results" / "grading.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"class_size": CLASS_SIZE, "total_s": seconds, "per_submission_s": seconds / CLASS_SIZE}, indent=1))


if __name__ == "__main__":
    main()
