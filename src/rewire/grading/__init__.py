"""Grading: `make grade`, `make feedback` and `make collect`, and the test-cell format.

    python -m rewire.grading grade [ASSIGNMENT ...] [--unsandboxed] [-- --timeout=S]
    python -m rewire.grading feedback   (after grading by hand in the formgrader)
    python -m rewire.grading collect PATH   (a folder or a .zip of downloaded notebooks)

Student code runs only in a sandbox (rewire.grading.sandbox, which states the threat
model) and only hands back data; the points are decided outside it
(rewire.grading.scoring) and written with nbgrader's API (rewire.grading.records).
The steps are in rewire.grading.pipeline; the test-cell format in rewire.grading.observation.

Names are imported on first use, so that `from rewire.grading import observe` in a
solution notebook, and the sandboxed runner, load neither nbgrader nor the pipeline.
"""
import importlib

_WHERE = {
    "observe": "observation",
    "grade": "pipeline", "refresh": "pipeline", "configure": "pipeline",
    "collect": "collect",
    "nbgrader": "records", "read_report": "records", "write_report": "records", "write_grades": "records",
    "HideTestTracebacks": "records",
    "SandboxUnavailable": "sandbox",
    "main": "__main__",
}
__all__ = sorted(_WHERE)


def __getattr__(name):
    if name not in _WHERE:
        raise AttributeError(f"module 'rewire.grading' has no attribute {name!r}")
    return getattr(importlib.import_module(f"rewire.grading.{_WHERE[name]}"), name)
