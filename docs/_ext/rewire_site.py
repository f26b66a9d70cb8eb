"""Sphinx extension for the course website (docs/conf.py loads it).

- Brings the lessons into the site: copies lessons/*.ipynb into docs/lessons/ (a build
  copy, ignored by git; only changed files are rewritten, so incremental builds work).
  Sphinx reads sources only from inside its source folder, and a copy needs no symlink
  (which Windows clones and zip downloads do not keep).
- With the teacher's flag (REWIRE_SITE_SOLUTIONS=1, `make site SOLUTIONS=1`) also copies
  solutions/*/*.ipynb and solutions/answer_key.md into docs/solutions/ and lists them and
  the instructor guide on the home page; without it, docs/solutions/ is removed and the
  instructor guide is left out, so nothing with answers reaches the public site.
- Executes the lessons with static figures: a static page has no kernel for ipympl, so the
  kernel's `%matplotlib` magic gives the inline (PNG) backend during the build (a startup
  file in a build-only IPYTHONDIR). The notebooks and the code shown on the page are
  unchanged; rewire.apps.WidgetApp then shows each app's figure in an Output widget.
- Puts a "Run it" note at the top of every lesson page: the page is a snapshot, and how to
  open the notebook live in a local JupyterLab (`make lab`).
- Gives every static figure of a lesson its text description as alt text: the paragraph
  after it that opens "The figure shows" (tests/test_accessibility.py requires one).
- Loads _static/landmarks.js on every page, so that all of a page lies in landmarks
  (tests/test_audit.py audits every page with axe-core).
"""
import os
import shutil
from pathlib import Path

from docutils import nodes

DOCS = Path(__file__).resolve().parents[1]
REPO = DOCS.parent
LAB_URL = "http://localhost:8888/lab/tree/"

STARTUP = '''\
# Written by docs/_ext/rewire_site.py for the website build only: a static page has no
# kernel, so every %matplotlib request (the lessons ask for "widget") draws PNG figures.
from IPython import get_ipython

_shell = get_ipython()


def _static_matplotlib(line=""):
    _shell.enable_matplotlib("inline")


_shell.register_magic_function(_static_matplotlib, "line", "matplotlib")
'''


def teacher_edition():
    """Whether this build includes the instructor guide and the solutions."""
    return os.environ.get("REWIRE_SITE_SOLUTIONS", "") not in ("", "0")


def _sync(pairs, folder):
    """Make `folder` hold exactly the given (source, relative target) files."""
    wanted = set()
    for source, relative in pairs:
        target = folder / relative
        wanted.add(target)
        if not target.exists() or target.read_bytes() != source.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    for stale in [p for p in folder.rglob("*") if p.is_file() and p not in wanted and p.name != "index.md"]:
        stale.unlink()


def copy_sources(srcdir):
    srcdir = Path(srcdir)
    _sync([(p, p.name) for p in sorted((REPO / "lessons").glob("*.ipynb"))], srcdir / "lessons")
    solutions = srcdir / "solutions"
    if teacher_edition():
        pairs = [(p, p.relative_to(REPO / "solutions")) for p in sorted((REPO / "solutions").glob("*/*.ipynb"))]
        pairs.append((REPO / "solutions" / "answer_key.md", Path("answer_key.md")))
        _sync(pairs, solutions)
        entries = "\n".join(str(target.with_suffix("")) for _, target in pairs)
        index = ("# Solutions\n\nThe nbgrader source notebooks, with answers and hidden tests (shown "
                 "unexecuted), and the self-checks' answer key.\n\n"
                 f"```{{toctree}}\n:maxdepth: 1\n\n{entries}\n```\n")
        if not (solutions / "index.md").exists() or (solutions / "index.md").read_text() != index:
            (solutions / "index.md").write_text(index)
    else:
        shutil.rmtree(solutions, ignore_errors=True)


def static_figures_kernel(app):
    """An IPYTHONDIR (in the build folder) whose startup file makes figures static PNGs;
    the kernels myst-nb starts inherit it from this process's environment."""
    ipython_dir = Path(app.doctreedir) / "ipython"
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-static-figures.py").write_text(STARTUP)
    os.environ["IPYTHONDIR"] = str(ipython_dir)


def teacher_toctree(app, docname, source):
    """The teacher's edition's tables of contents: on the home page, and (hidden, for the
    sidebar) on the instructor guide's index, which links its pages in a table."""
    if docname == "instructor/index":
        pages = sorted(p.stem for p in (Path(app.srcdir) / "instructor").glob("*.md") if p.stem != "index")
        source[0] += "\n\n```{toctree}\n:hidden:\n\n" + "\n".join(pages) + "\n```\n"
    if docname == "index" and teacher_edition():
        source[0] += (
            "\n\n## For teachers\n\nThis is the teacher's edition: it contains answers. "
            "Do not publish it where students can read it.\n\n"
            "```{toctree}\n:maxdepth: 1\n:caption: For teachers\n\n"
            "instructor/index\nsolutions/index\n```\n"
        )


def run_it_note(app, doctree):
    """A note at the top of each lesson page: how to run the notebook live."""
    docname = app.env.docname
    if not docname.startswith("lessons/"):
        return
    notebook = f"lessons/{Path(docname).name}.ipynb"
    note = nodes.note()
    para = nodes.paragraph()
    para += nodes.strong(text="Run it yourself. ")
    para += nodes.Text("This page is a snapshot: its sliders, menus and Check buttons answer only when "
                       "the notebook runs in JupyterLab. In your copy of the course run ")
    para += nodes.literal(text="make lab")
    para += nodes.Text(", then open ")
    para += nodes.literal(text=notebook)
    para += nodes.Text(" (")
    para += nodes.reference("", "open it in your local JupyterLab", refuri=LAB_URL + notebook,
                            classes=["rewire-open-in-lab"])
    para += nodes.Text(", once make lab is running on its usual port 8888). Run all its cells: "
                       "Run > Run All Cells.")
    note += para
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        doctree.insert(0, note)
    else:
        title = next(iter(section.findall(nodes.title)), None)
        section.insert(section.index(title) + 1 if title is not None else 0, note)


def describe_figures(app, doctree):
    """Alt text for each figure of a lesson page: the description that follows it."""
    if not app.env.docname.startswith("lessons/"):
        return
    for image in doctree.findall(nodes.image):
        following = image.findall(nodes.paragraph, include_self=False, descend=False, siblings=True, ascend=True)
        description = next((p.astext() for p in following if p.astext().startswith("The figure shows")), None)
        if description:
            image["alt"] = " ".join(description.split())


def setup(app):
    app.connect("builder-inited", lambda app: (copy_sources(app.srcdir), static_figures_kernel(app)))
    app.connect("source-read", teacher_toctree)
    app.connect("doctree-read", run_it_note)
    app.connect("doctree-read", describe_figures)
    app.add_js_file("landmarks.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
