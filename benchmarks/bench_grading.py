"""Grading throughput: seconds per submission for a synthetic class of 30 through the same
pipeline as `make grade` (rewire.grading.grade): a third model answers, a third with a
plausible mistake, a third blank; graded sandboxed and unsandboxed in the same run, students
in parallel across the cores. Target: at most 1.9 s per submission sandboxed (the old
unsandboxed pipeline's figure). Writes benchmarks/results/grading.json.

    make bench        (as root with bubblewrap installed, or only the unsandboxed figure)
"""
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from rewire.grading import pipeline
from rewire.grading.sandbox import SandboxUnavailable

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "01_synaptic"
CLASS_SIZE = 30
TARGET_S = 1.9


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


def seconds_to_grade(settings):
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
        pipeline.grade(course, settings=settings)
        return time.perf_counter() - start


def main():
    results = {"class_size": CLASS_SIZE, "workers": os.cpu_count(), "target_per_submission_s": TARGET_S}
    modes = {"unsandboxed": lambda: pipeline.configure(unsandboxed=True, progress=False),
             "sandboxed": lambda: pipeline.configure(progress=False)}
    for mode, make_settings in modes.items():
        try:
            settings = make_settings()
        except SandboxUnavailable as error:
            print(f"{mode}: not measured ({error})")
            continue
        seconds = seconds_to_grade(settings)
        results[mode] = {"total_s": seconds, "per_submission_s": seconds / CLASS_SIZE}
        print(f"grading {CLASS_SIZE} submissions of {ASSIGNMENT} {mode}: {seconds:.0f} s in all, "
              f"{seconds / CLASS_SIZE:.2f} s per submission (target {TARGET_S} s sandboxed)")
    results.update(results.get("sandboxed") or results.get("unsandboxed") or {})  # what summary.py reports
    out = Path(__file__).parent / "results" / "grading.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
