"""Step 1 of grading: what of a submission is graded (trusted, no student code runs here).

A submission is read as data. The notebook that gets graded is the released student
version, cell for cell, with only the student's own answers put in: the source of each
answer cell whose type, id and grading metadata are as released, plus the code cells the
student added (they run in the sandbox, where they can only change that student's data).
Everything else is the teacher's: set-up cells from the release, test cells from
solutions/. What is not used is flagged:

- a missing, unreadable (not JSON), unrecognisable or oversized notebook, or a link in
  place of one (say, to the solution): graded as blank;
- a single notebook under another name: graded under the right one;
- any file handed in beside the notebooks: not used;
- an answer cell handed in as another cell type, with another id or changed grading
  metadata, or whose code does not parse: graded as blank;
- a graded cell pasted twice: only the first copy is graded;
- a deleted test cell: restored (it is the teacher's anyway).
"""
import ast
import collections
from dataclasses import dataclass, field

import nbformat

GRADING_FIELDS = ("grade", "solution", "locked", "points", "grade_id")
NBGRADER_FILES = {"timestamp.txt", "submission_secret.txt"}  # what nbgrader submit writes beside the notebooks
MAX_NOTEBOOK_BYTES = 50 << 20  # far above an exercise with its figures; reading more would only slow grading


def meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def is_answer(cell):
    return bool(meta(cell).get("solution"))


def is_test(cell):
    return bool(meta(cell).get("grade")) and not meta(cell).get("solution")


@dataclass
class Staged:
    """One notebook of one submission, as it will be graded."""
    name: str
    notebook: nbformat.NotebookNode  # the release with the student's usable answers and added cells
    blank: bool = False  # nothing usable was handed in
    flags: list = field(default_factory=list)  # (cell, reason)


def parses(source):
    """Whether a code cell is valid IPython (magics allowed), judged from its text alone."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        ast.parse(TransformerManager().transform_cell(source))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _changed(handed_in, released):
    if handed_in.cell_type != released.cell_type:
        return f"answer cell handed in as a {handed_in.cell_type} cell, not {released.cell_type}"
    if handed_in.get("id") and released.get("id") and handed_in.id != released.id:
        return "answer cell's id changed"
    if any(meta(handed_in).get(key) != meta(released).get(key) for key in GRADING_FIELDS):
        return "answer cell's grading metadata changed"
    if handed_in.cell_type == "code" and not parses(handed_in.source):
        return "answer cell does not parse as Python"
    return None


def _by_grade_id(submitted, released_ids, flags):
    """The student's first cell of each released grade_id, and the code cells they added,
    keyed by the grade_id of the graded cell they follow (None: before any)."""
    cells, added = {}, collections.defaultdict(list)
    last = None
    for index, cell in enumerate(submitted.cells):
        grade_id = meta(cell).get("grade_id")
        if grade_id is None:
            if cell.get("cell_type") == "code" and isinstance(cell.get("source"), str) and cell.source.strip():
                added[last].append(cell.source)
            continue
        if grade_id not in released_ids:
            flags.append((grade_id, f"cell {index + 1} has a grade_id the assignment does not have; not used"))
        elif grade_id in cells:
            flags.append((grade_id, f"graded cell pasted again (cell {index + 1}); only the first copy was graded"))
        else:
            cells[grade_id] = cell
            last = grade_id
    return cells, added


def stage_notebook(name, submitted, released):
    """The notebook to grade from one handed-in notebook (valid nbformat) and its release."""
    flags = []
    released_ids = {meta(c).get("grade_id") for c in released.cells}
    handed_in, added = _by_grade_id(submitted, released_ids, flags)
    graded = nbformat.v4.new_notebook(metadata=released.metadata)
    graded.cells = [nbformat.v4.new_code_cell(source) for source in added[None]]
    for original in released.cells:
        cell = nbformat.from_dict(original)
        grade_id = meta(cell).get("grade_id")
        mine = handed_in.get(grade_id)
        if is_answer(cell) and mine is not None:
            reason = _changed(mine, cell)
            if reason:
                flags.append((grade_id, reason + ": graded as blank"))
            else:
                cell.source = mine.source
        elif is_test(cell) and mine is None:
            flags.append((grade_id, "test cell deleted; restored and graded"))
        graded.cells.append(cell)
        graded.cells += [nbformat.v4.new_code_cell(source) for source in added[grade_id]]
    return Staged(name, graded, flags=flags)


def _read(path):
    """(notebook, None), or (None, why it is graded as blank)."""
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        return None, f"larger than {MAX_NOTEBOOK_BYTES >> 20} MB; scored 0, check by hand"
    try:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        return notebook, None
    except Exception:  # noqa: BLE001 - anything unreadable is graded as blank
        return None, "not a valid notebook (JSON); scored 0, check by hand"


def stage_submission(folder, released):
    """Every notebook of one student's submission folder, staged; returns ({name: Staged},
    [(notebook, cell, reason)])."""
    report = []
    for item in sorted(folder.iterdir()):
        if item.is_symlink():
            report.append((item.name, "-", "a link, not a file of the student's; not used"))
        elif item.suffix != ".ipynb" and item.name not in NBGRADER_FILES and item.name != ".ipynb_checkpoints":
            report.append((item.name, "-", "file handed in beside the notebook; not used"))
    submitted = {p.name: p for p in folder.glob("*.ipynb") if p.is_file() and not p.is_symlink()}
    missing = [name for name in released if name not in submitted]
    extra = [name for name in submitted if name not in released]
    chosen = {name: submitted[name] for name in released if name in submitted}
    if len(missing) == 1 and len(extra) == 1:
        chosen[missing[0]] = submitted[extra[0]]
        report.append((extra[0], "-", f"notebook renamed; graded as {missing[0]}"))
    else:
        report += [(name, "-", "unexpected notebook name; not graded") for name in extra]
    staged = {}
    for name, released_nb in released.items():
        notebook, problem = _read(chosen[name]) if name in chosen else (None, "notebook missing; scored 0")
        if notebook is None:
            report.append((name, "-", problem))
            staged[name] = Staged(name, nbformat.from_dict(released_nb), blank=True)
            continue
        staged[name] = stage_notebook(name, notebook, released_nb)
        report += [(name, cell, reason) for cell, reason in staged[name].flags]
    return staged, report
