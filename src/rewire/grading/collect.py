"""`make collect`: file downloaded notebooks into submitted/ with nbgrader zip_collect."""
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from rewire.grading.records import nbgrader

MAX_ARCHIVE_BYTES = 4 << 30  # unpacked: a class of 300 with figures is far below; a zip bomb is not
MAX_ARCHIVE_MEMBERS = 20_000


class NotCollectable(ValueError):
    """A download that is not unpacked, said in one line."""


def collect(path, root="."):
    """File downloaded notebooks named `<student>_<notebook>.ipynb` (or
    `<student>/<notebook>.ipynb`), in a folder or a zip, into submitted/ with nbgrader
    zip_collect. The assignment is recognised by the notebook name. Returns the notebooks
    that could not be filed (no known notebook name, no student name before it, or a link
    rather than a file). Raises NotCollectable for an archive too large to unpack."""
    root, path = Path(root).resolve(), Path(path).resolve()
    unfiled = []
    with tempfile.TemporaryDirectory(prefix="rewire-collect-") as work:
        work = Path(work)
        files = work / "files"
        if path.is_file() and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                _check_size(archive.infolist(), path)
                archive.extractall(files)
        else:
            shutil.copytree(path, files, symlinks=True)  # a link is copied as a link, never followed
        handed_in = [n for n in files.rglob("*.ipynb") if ".ipynb_checkpoints" not in n.parts]
        links = {n for n in handed_in if n.is_symlink()}
        filed = set()
        for assignment in sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir()):
            names = sorted(p.name for p in (root / "solutions" / assignment).glob("*.ipynb"))
            archive_dir = work / "downloaded" / assignment / "archive"
            archive_dir.mkdir(parents=True)
            alternatives = "|".join(re.escape(n) for n in names)
            regexp = rf".*/(?P<student_id>[A-Za-z0-9._@-]+?)(?:[_/ -]+)(?P<file_id>{alternatives})$"
            for notebook in set(handed_in) - links:
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


def _check_size(members, path):
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_ARCHIVE_MEMBERS or unpacked > MAX_ARCHIVE_BYTES:
        raise NotCollectable(f"{path.name} would unpack to {len(members)} files and {unpacked >> 20} MB, more than "
                             f"{MAX_ARCHIVE_MEMBERS} files or {MAX_ARCHIVE_BYTES >> 30} GB: split it, or check where it came from")
