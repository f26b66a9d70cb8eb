"""Grading helpers used by nbgrader_config.py (no answers live here)."""
from nbgrader.preprocessors import NbGraderPreprocessor


class HideTestTracebacks(NbGraderPreprocessor):
    """Reduce every error in a test cell to its exception name and message.

    nbgrader's feedback otherwise prints the traceback of a failing test, which quotes
    the hidden test line (and so its expected value). Hidden tests therefore assert
    without messages, and students see only which check failed, not how it checks.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        grading = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and grading.get("grade") and not grading.get("solution"):
            for output in cell.outputs:
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}".rstrip(": ")]
        return cell, resources
