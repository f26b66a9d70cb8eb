"""Grading helpers used by nbgrader_config.py, and the batch grading pipeline behind
`make grade` and `make collect` (no answers live here).

    python -m rewire.grading grade [ASSIGNMENT ...] [-- NBGRADER_OPTIONS]
    python -m rewire.grading feedback (after grading by hand in the formgrader)
    python -m rewire.grading collect PATH (a folder or a .zip of downloaded notebooks)

`grade` grades every submission in submitted/<student>/<assignment>/ with nbgrader
(autograde, generate_feedback, export) and writes grades.csv, feedback/<student>/... and
feedback/integrity_report.csv. Submissions are never graded as they were handed in:
each is first copied to a staging folder and repaired or defused there:

- a notebook that is missing, renamed beyond recognition or not valid JSON is replaced by
  the blank student version (scores 0, and is flagged);
- a single notebook under another name is graded under the expected name (flagged);
- a graded cell pasted twice keeps only its first copy (flagged);
- a cell the student wrote that could change how tests run in the shared kernel (assigning
  to names the tests use, monkeypatching modules, `__eq__` tricks, builtins, ending the
  kernel, dynamic code) is replaced by its blank version before grading, so the tests that
  need it score 0 while everything else is graded honestly (flagged);
- if the kernel still dies, the cell it died in is found by running the notebook outside
  nbgrader, blanked, and the submission graded again (flagged).

The original submissions in submitted/ are never modified. The integrity report lists
only flagged students: student, assignment, notebook, cell, reason.
"""
import argparse
import ast
import builtins
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat
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


# ----------------------------------------------------------------------------- nbgrader

def nbgrader(root, *args, check=True):
    """Run an nbgrader command in the course folder (the venv's bin on PATH: alembic)."""
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=root, env=env, capture_output=True, text=True
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result


def _meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _is_test(cell):
    m = _meta(cell)
    return bool(m.get("grade")) and not m.get("solution")


def _locked_from_source(cell):
    m = _meta(cell)
    return bool(m) and not m.get("solution")


# ----------------------------------------------------------------------- static scan

KERNEL_KILLERS = {("os", "_exit"), ("os", "kill"), ("os", "abort"), ("os", "killpg"), ("sys", "exit"),
                  ("os", "system"), ("os", "execv"), ("os", "execl"), ("signal", "signal"), ("signal", "alarm")}
DYNAMIC = {"exec", "eval", "compile", "__import__", "setattr", "delattr", "getattr", "globals", "locals",
           "vars", "exit", "quit", "get_ipython", "breakpoint", "input"}
RISKY_MODULES = {"builtins", "ctypes", "gc", "inspect", "signal", "importlib", "subprocess", "threading",
                 "multiprocessing", "unittest", "atexit", "IPython", "traitlets"}
TRICK_DUNDERS = {"__eq__", "__ne__", "__bool__", "__len__", "__contains__", "__instancecheck__", "__lt__",
                 "__le__", "__gt__", "__ge__", "__abs__", "__float__", "__sub__", "__rsub__", "__class__",
                 "__builtins__", "__dict__", "__code__", "__globals__", "__subclasshook__", "__array__",
                 "__array_ufunc__", "__array_function__"}
BUILTIN_TYPES = {"str", "int", "float", "bool", "dict", "list", "tuple", "set", "frozenset", "bytes", "complex"}


class _Scanner(ast.NodeVisitor):
    """Find constructs in a student's cell that could change what the tests see."""

    def __init__(self, protected, modules):
        self.protected, self.modules, self.reasons = protected, modules, []

    def flag(self, reason):
        if reason not in self.reasons:
            self.reasons.append(reason)

    def _root(self, node):
        while isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        return node.id if isinstance(node, ast.Name) else None

    def _store(self, target):
        if isinstance(target, ast.Name):
            if target.id in self.protected:
                self.flag(f"assigns to `{target.id}`, which the tests use")
        elif isinstance(target, (ast.Attribute, ast.Subscript)):
            root = self._root(target)
            if root in self.modules or root in self.protected:
                self.flag(f"changes `{root}` (monkeypatching what the tests use)")
            if isinstance(target, ast.Attribute) and target.attr in TRICK_DUNDERS:
                self.flag(f"assigns `{target.attr}`")
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._store(element)
        elif isinstance(target, ast.Starred):
            self._store(target.value)

    def _visit_targets(self, node):
        """Any statement that binds names: check each name it stores to."""
        for target in getattr(node, "targets", None) or [node.target]:
            self._store(target)
        self.generic_visit(node)

    visit_Assign = visit_AugAssign = visit_AnnAssign = visit_NamedExpr = visit_For = visit_Delete = _visit_targets

    def visit_Global(self, node):
        for name in node.names:
            if name in self.protected:
                self.flag(f"rebinds `{name}`, which the tests use, as a global")

    def visit_FunctionDef(self, node):
        if node.name in self.protected:
            self.flag(f"redefines `{node.name}`, which the tests use")
        if node.name in TRICK_DUNDERS:
            self.flag(f"defines `{node.name}` (an object that can fool comparisons)")
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        if node.name in self.protected:
            self.flag(f"redefines `{node.name}`, which the tests use")
        for base in node.bases:
            name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", None)
            if name in BUILTIN_TYPES or name in {"str_", "float64", "ndarray", "generic"}:
                self.flag(f"subclasses `{name}` (answers must be plain values)")
        self.generic_visit(node)

    def visit_Import(self, node):
        for alias in node.names:
            bound = alias.asname or alias.name.split(".")[0]
            if alias.name.split(".")[0] in RISKY_MODULES:
                self.flag(f"imports `{alias.name}`")
            if bound in self.protected:
                self.flag(f"rebinds `{bound}`, which the tests use, by an import")
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        if (node.module or "").split(".")[0] in RISKY_MODULES:
            self.flag(f"imports from `{node.module}`")
        for alias in node.names:
            bound = alias.asname or alias.name
            if bound in self.protected or bound == "*":
                self.flag(f"rebinds `{bound}`, which the tests use, by an import")
            if (node.module, alias.name) in KERNEL_KILLERS:
                self.flag(f"imports `{node.module}.{alias.name}`, which can end the kernel")
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, ast.Name) and func.id in DYNAMIC:
            self.flag(f"calls `{func.id}()`")
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if (func.value.id, func.attr) in KERNEL_KILLERS:
                self.flag(f"calls `{func.value.id}.{func.attr}()`, which can end the kernel")
        self.generic_visit(node)

    def visit_Raise(self, node):
        exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        if isinstance(exc, ast.Name) and exc.id in {"SystemExit", "KeyboardInterrupt"}:
            self.flag(f"raises `{exc.id}`")
        self.generic_visit(node)

    def visit_Name(self, node):
        if node.id in {"__builtins__", "builtins"}:
            self.flag(f"uses `{node.id}`")

    def visit_Attribute(self, node):
        if node.attr in TRICK_DUNDERS or node.attr in {"_exit", "modules", "settrace", "setprofile"}:
            self.flag(f"uses `.{node.attr}`")
        self.generic_visit(node)


def test_context(source_nb):
    """Names the tests rely on (that a student must not rebind) and module aliases."""
    answers, test_loads, test_stores, modules = set(), set(), set(), set()
    for cell in source_nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        if _meta(cell).get("solution"):
            for node in ast.walk(tree):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    answers.add(node.id)
                elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    answers.add(node.name)
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                modules.update((a.asname or a.name.split(".")[0]) for a in node.names)
            if _is_test(cell) and isinstance(node, ast.arg):
                test_stores.add(node.arg)  # a helper's parameters in a test cell are its own names
            elif _is_test(cell) and isinstance(node, ast.Name):
                (test_loads if isinstance(node.ctx, ast.Load) else test_stores).add(node.id)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                test_loads.add(node.id)  # set-up variables of locked cells (e.g. protocols)
    protected = (test_loads - test_stores - answers) | modules | set(dir(builtins))
    return protected - answers, modules | {"numpy", "builtins", "os", "sys"}


MAGIC = re.compile(r"^\s*[%!]", re.M)


def scan_source(source, protected, modules):
    """Reasons why a student-written cell cannot be run in the grading kernel as it is."""
    reasons = []
    if MAGIC.search(source):
        reasons.append("uses an IPython magic or shell command")
        source = MAGIC.sub("#", source)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return reasons  # a plain syntax error fails only this cell in the kernel
    scanner = _Scanner(protected, modules)
    scanner.visit(tree)
    return reasons + scanner.reasons


def plain_answer_names(source):
    """The names a cell assigns plain values (literals) to, when that is all it does: a quiz
    answer cell. None for any other cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    names = []
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            return None
        try:
            ast.literal_eval(node.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return None
        names.append(node.targets[0].id)
    return names or None


def keep_plain_answers(source, names):
    """A quiz answer cell as graded: only its plain-value assignments to `names`, re-written
    from their values, so none of the student's code runs. Returns (source, dropped), where
    dropped says whether anything else was in the cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source, False  # a plain syntax error fails only this question in the kernel
    kept, dropped = [], False
    for node in tree.body:
        if isinstance(node, ast.Pass) or (isinstance(node, ast.Raise) and "NotImplementedError" in ast.unparse(node)):
            continue  # what the blank answer cell holds: harmless, and not graded anyway
        value = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and node.targets[0].id in names:
            try:
                value = ast.literal_eval(node.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                value = None
            else:
                kept.append(f"{node.targets[0].id} = {value!r}")
                continue
        dropped = True
    return "\n".join(kept), dropped


# ------------------------------------------------------------------------ staging

def _blank_cells(released_nb):
    return {_meta(c)["grade_id"]: c for c in released_nb.cells if _meta(c).get("grade_id")}


def sanitize(notebook, released_nb, source_nb):
    """Return (notebook to grade, [(cell, reason)]) for one submitted notebook."""
    protected, modules = test_context(source_nb)
    blanks = _blank_cells(released_nb)
    plain = {_meta(c)["grade_id"]: names for c in source_nb.cells
             if _meta(c).get("solution") and c.cell_type == "code" and (names := plain_answer_names(c.source))}
    flags, seen, cells = [], {}, []
    for index, cell in enumerate(notebook.cells):
        m = _meta(cell)
        grade_id = m.get("grade_id")
        if grade_id and grade_id in seen:
            flags.append((grade_id, f"graded cell pasted again (cell {index + 1}); only the first copy was graded"))
            continue
        if grade_id:
            seen[grade_id] = index
        label = grade_id or f"cell {index + 1} (added by the student)"
        if cell.cell_type != "code" or (grade_id in blanks and _locked_from_source(blanks[grade_id])):
            cells.append(cell)  # markdown, or a locked cell nbgrader restores from the source
            continue
        reasons = scan_source(cell.source, protected, modules)
        if reasons:
            flags.append((label, "; ".join(reasons) + ": cell not run, its tests score 0"))
            if grade_id in blanks:
                blank = nbformat.from_dict(blanks[grade_id])
                cell = nbformat.from_dict(cell)
                cell.source = blank.source
                cell.outputs = []
            else:
                continue
        elif grade_id in plain:
            source, dropped = keep_plain_answers(cell.source, plain[grade_id])
            if dropped:
                flags.append((label, "answer cell holds code, not only plain values: only its plain values were graded"))
            cell = nbformat.from_dict(cell)
            cell.source = source
        cells.append(cell)
    for grade_id, blank in blanks.items():
        if grade_id not in seen and _is_test(blank):
            flags.append((grade_id, "test cell deleted; restored and graded"))
    cleaned = nbformat.from_dict(notebook)
    cleaned.cells = cells
    return cleaned, flags


def _read(path):
    try:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        return notebook
    except Exception:  # noqa: BLE001 - anything unreadable is graded as blank
        return None


def stage_submission(folder, dest, released, sources, report, student, assignment):
    """Copy one student's submission folder to dest, repaired and defused."""
    dest.mkdir(parents=True, exist_ok=True)
    for item in folder.iterdir():
        if item.is_file() and item.suffix != ".ipynb":
            shutil.copy2(item, dest / item.name)
    submitted = {p.name: p for p in folder.glob("*.ipynb")}
    missing = [name for name in released if name not in submitted]
    extra = [name for name in submitted if name not in released]
    renamed = {}
    if len(missing) == 1 and len(extra) == 1:
        renamed[missing[0]] = extra[0]
        report.append((student, assignment, extra[0], "-", f"notebook renamed; graded as {missing[0]}"))
    else:
        for name in extra:
            report.append((student, assignment, name, "-", "unexpected notebook name; not graded"))
    for name, released_nb in released.items():
        path = submitted.get(renamed.get(name, name))
        if path is None:
            report.append((student, assignment, name, "-", "notebook missing; scored 0"))
            nbformat.write(released_nb, dest / name)
            continue
        notebook = _read(path)
        if notebook is None:
            report.append((student, assignment, name, "-", "not a valid notebook (JSON); scored 0, check by hand"))
            nbformat.write(released_nb, dest / name)
            continue
        cleaned, flags = sanitize(notebook, released_nb, sources[name])
        report.extend((student, assignment, name, cell, reason) for cell, reason in flags)
        nbformat.write(cleaned, dest / name)


# ------------------------------------------------------------------ dead kernels

def find_dying_cell(path, timeout):
    """Run a staged notebook outside nbgrader; return the index of the cell in which the
    kernel died, or None."""
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=True,
                            interrupt_on_timeout=True, resources={"metadata": {"path": str(path.parent)}})
    index = None
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            try:
                client.execute_cell(cell, index)
            except DeadKernelError:
                return index
            except Exception:  # noqa: BLE001
                continue
    return None


def _graded(root, assignment, student):
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook("sqlite:///" + str(root / "gradebook.db")) as gradebook:
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            return False
        return all(n.max_score == 0 or n.needs_manual_grade or any(g.auto_score is not None for g in n.grades)
                   for n in submission.notebooks)


def _autograded_ok(root, assignment, student, notebooks):
    folder = root / "autograded" / student / assignment
    return all((folder / name).exists() for name in notebooks) and _graded(root, assignment, student)


def _timeout(extra):
    for arg in extra:
        if arg.startswith("--Execute.timeout="):
            return int(arg.split("=", 1)[1])
    return 60


# --------------------------------------------------------------------- pipeline

def grade(root=".", assignments=None, extra=()):
    """Grade every submission; return the integrity report rows."""
    root = Path(root).resolve()
    submitted = root / "submitted"
    students = sorted(p.name for p in submitted.iterdir() if p.is_dir()) if submitted.is_dir() else []
    if assignments is None:
        assignments = sorted({p.name for s in students for p in (submitted / s).iterdir() if p.is_dir()})
    report = []
    if not assignments:
        print("nothing to grade: put submissions in submitted/<student>/<assignment>/ (or run make collect)")
        return report
    with tempfile.TemporaryDirectory(prefix="rewire-grading-") as work:
        work = Path(work)
        release, staging = work / "release", work / "submitted"
        for assignment in assignments:
            # Registers the assignment and its notebooks in the gradebook (a fresh clone has
            # none), writing the student versions to a scratch folder, never to exercises/.
            nbgrader(root, "generate_assignment", assignment, "--force",
                     f"--CourseDirectory.release_directory={release}")
            released = {p.name: nbformat.read(p, as_version=4) for p in sorted((release / assignment).glob("*.ipynb"))}
            sources = {p.name: nbformat.read(p, as_version=4)
                       for p in sorted((root / "solutions" / assignment).glob("*.ipynb"))}
            who = [s for s in students if (submitted / s / assignment).is_dir()]
            for student in who:
                stage_submission(submitted / student / assignment, staging / student / assignment,
                                 released, sources, report, student, assignment)
            staged = [f"--CourseDirectory.submitted_directory={staging}"]
            nbgrader(root, "autograde", assignment, "--force", *staged, *extra, check=False)
            for student in who:
                for _attempt in range(3):
                    if _autograded_ok(root, assignment, student, released):
                        break
                    for name in released:
                        path = staging / student / assignment / name
                        index = find_dying_cell(path, _timeout(extra))
                        if index is None:
                            continue
                        notebook = nbformat.read(path, as_version=4)
                        cell = notebook.cells[index]
                        grade_id = _meta(cell).get("grade_id")
                        label = grade_id or f"cell {index + 1} (added by the student)"
                        report.append((student, assignment, name, label,
                                       "the kernel died in this cell: cell not run, its tests score 0"))
                        blanks = _blank_cells(released[name])
                        if grade_id in blanks:
                            cell.source, cell.outputs = blanks[grade_id].source, []
                        else:
                            del notebook.cells[index]
                        nbformat.write(notebook, path)
                    nbgrader(root, "autograde", assignment, "--force", "--student", student, *staged, *extra,
                             check=False)
                else:
                    if not _autograded_ok(root, assignment, student, released):
                        report.append((student, assignment, "-", "-", "could not be graded; scored 0, grade by hand"))
                        for name, released_nb in released.items():
                            nbformat.write(released_nb, staging / student / assignment / name)
                        nbgrader(root, "autograde", assignment, "--force", "--student", student, *staged,
                                 *extra, check=False)
            nbgrader(root, "generate_feedback", assignment, "--force", check=False)
    # Grading some assignments keeps the flags of the others from earlier runs.
    report = [row for row in read_report(root) if row[1] not in assignments] + report
    write_grades(root, students, report)
    write_report(root, report)
    return report


def refresh(root="."):
    """After answers were graded by hand (nbgrader formgrader): feedback and grades.csv
    again, without re-running any notebook. The integrity report is kept as it was."""
    from nbgrader.api import Gradebook

    root = Path(root).resolve()
    report = read_report(root)
    with Gradebook("sqlite:///" + str(root / "gradebook.db")) as gradebook:
        assignments = [a.name for a in gradebook.assignments if a.submissions]
        students = sorted(s.id for s in gradebook.students)
    for assignment in assignments:
        nbgrader(root, "generate_feedback", assignment, "--force", check=False)
    write_grades(root, students, report)


def write_grades(root, students, report):
    """grades.csv from nbgrader export, one row per student and assignment, plus a
    column that says whether the integrity report lists the student."""
    nbgrader(root, "export", "--to", str(root / "grades.csv"))
    with open(root / "grades.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0]) if rows else ["assignment", "student_id", "raw_score", "score", "max_score"]
    flagged = {(s, a) for s, a, *_ in report}
    assignments = sorted({r["assignment"] for r in rows})
    present = {(r["student_id"], r["assignment"]) for r in rows}
    for assignment in assignments:
        for student in students:
            if (student, assignment) not in present:
                rows.append({**{f: "" for f in fields}, "assignment": assignment, "student_id": student,
                             "raw_score": "0.0", "score": "0.0"})
    for row in rows:
        row["flagged"] = "yes" if (row["student_id"], row["assignment"]) in flagged else ""
    with open(root / "grades.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fields + ["flagged"])
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: (r["assignment"], r["student_id"])))


def read_report(root):
    """The rows of the integrity report an earlier run wrote (none if there is none)."""
    path = Path(root) / "feedback" / "integrity_report.csv"
    if not path.exists():
        return []
    with open(path, newline="") as handle:
        return [tuple(row) for row in list(csv.reader(handle))[1:]]


def write_report(root, report):
    (root / "feedback").mkdir(exist_ok=True)
    with open(root / "feedback" / "integrity_report.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "assignment", "notebook", "cell", "reason"])
        writer.writerows(report)


# ---------------------------------------------------------------------- collect

def collect(path, root="."):
    """File downloaded notebooks named `<student>_<notebook>.ipynb` (or
    `<student>/<notebook>.ipynb`), in a folder or a zip, into submitted/ with nbgrader
    zip_collect. The assignment is recognised by the notebook name. Returns the notebooks
    that could not be filed (no known notebook name, or no student name before it)."""
    root, path = Path(root).resolve(), Path(path).resolve()
    unfiled = []
    with tempfile.TemporaryDirectory(prefix="rewire-collect-") as work:
        work = Path(work)
        files = work / "files"
        if path.is_file() and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                archive.extractall(files)
        else:
            shutil.copytree(path, files)
        handed_in = [n for n in files.rglob("*.ipynb") if ".ipynb_checkpoints" not in n.parts]
        filed = set()
        for assignment in sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir()):
            names = sorted(p.name for p in (root / "solutions" / assignment).glob("*.ipynb"))
            archive_dir = work / "downloaded" / assignment / "archive"
            archive_dir.mkdir(parents=True)
            alternatives = "|".join(re.escape(n) for n in names)
            regexp = rf".*/(?P<student_id>[A-Za-z0-9._@-]+?)(?:[_/ -]+)(?P<file_id>{alternatives})$"
            for notebook in handed_in:
                if re.match(regexp, "/" + notebook.relative_to(files).as_posix()):
                    filed.add(notebook)
                    target = archive_dir / notebook.relative_to(files)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(notebook, target)
            if not any(archive_dir.rglob("*.ipynb")):
                continue
            nbgrader(root, "zip_collect", assignment, "--force",
                     f"--ZipCollectApp.collect_directory_structure={work}/downloaded/{{assignment_id}}/{{collect_step}}",
                     f"--FileNameCollectorPlugin.named_regexp={regexp}")
        unfiled = sorted(str(n.relative_to(files)) for n in handed_in if n not in filed)
    return unfiled


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m rewire.grading", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    grade_parser = commands.add_parser("grade", help="grade every submission in submitted/")
    grade_parser.add_argument("assignments", nargs="*", help="only these assignments")
    grade_parser.add_argument("--root", default=".")
    refresh_parser = commands.add_parser("feedback", help="after grading by hand: feedback and grades.csv again")
    refresh_parser.add_argument("--root", default=".")
    collect_parser = commands.add_parser("collect", help="file downloaded notebooks into submitted/")
    collect_parser.add_argument("path")
    collect_parser.add_argument("--root", default=".")
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    if args.command == "grade":
        report = grade(args.root, args.assignments or None, extra)
        if not (Path(args.root) / "grades.csv").exists():
            return
        flagged = sorted({row[0] for row in report})
        print(f"grades.csv and feedback/ written; {len(flagged)} student(s) flagged in feedback/integrity_report.csv")
    elif args.command == "feedback":
        refresh(args.root)
        print("feedback/ and grades.csv written again, with the scores given by hand")
    else:
        unfiled = collect(args.path, args.root)
        print("collected into submitted/")
        for name in unfiled:
            print(f"NOT FILED: {name} (name it <student>_<notebook>.ipynb or <student>/<notebook>.ipynb)")


if __name__ == "__main__":
    main()
