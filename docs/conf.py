"""Sphinx configuration of the course website: `make site` (see docs/_ext/rewire_site.py).

The site works offline: MathJax and the widget JavaScript are vendored from npm by
docs/vendor.py into docs/_vendor/ and served from _static/, never from a CDN.
"""
import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))
from rewire_site import teacher_edition  # noqa: E402

project = "Rewire"
author = "The Rewire course authors"
copyright = "the Rewire course authors; code MIT, lesson text CC BY 4.0"
language = "en"

extensions = ["myst_nb", "rewire_site"]
root_doc = "index"
exclude_patterns = ["_build", "_vendor", "_ext", "_static", "**.ipynb_checkpoints"]
if not teacher_edition():
    # The instructor guide holds the answers to the self-checks: teacher's edition only.
    exclude_patterns += ["instructor", "solutions"]

# ---------------------------------------------------------------- notebooks (myst-nb)
nb_execution_mode = "force"  # always the current rewire package's output, never a stale cache
nb_execution_timeout = 300
nb_execution_raise_on_error = True  # a lesson that fails to run fails the build
nb_execution_show_tb = True
nb_execution_excludepatterns = ["solutions/*"]  # answers and hidden tests, shown as source
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
# The widgets' saved state is drawn by the vendored html-manager (docs/vendor.py);
# _static/widgets/setup.js points require.js at the vendored files and adapts ipywidgets'
# MathJax 2 calls to MathJax 3. The CDN setting is never used (every widget module the
# lessons use is built into embed-amd.js), and it too names only local files.
nb_ipywidgets_js = {
    "widgets/require.js": {},
    "widgets/setup.js": {},
    "widgets/embed-amd.js": {"data-jupyter-widgets-cdn": "_static/widgets/", "data-jupyter-widgets-cdn-only": ""},
}

# ---------------------------------------------------------------- maths (MathJax 3, local)
mathjax_path = "mathjax/tex-svg-full.js"  # relative: served from _static/

# ---------------------------------------------------------------- HTML
html_theme = "sphinx_book_theme"
html_title = "Rewire: neuroplasticity and how therapy changes emotional memory"
html_static_path = ["_static", "_vendor"]
html_theme_options = {
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
html_show_sourcelink = False
html_copy_source = False  # the notebooks are in the course itself; the site needs no copies
html_last_updated_fmt = None


def setup(app):
    """`rewire site` asks for the build's progress (pages built of the total, time left)."""
    if os.environ.get("REWIRE_SITE_PROGRESS"):
        from rewire.terminal import follow_sphinx_build

        follow_sphinx_build(app)
