"""nbgrader configuration for the Rewire course.

Instructor sources (with solutions and hidden tests) live in solutions/; the student
versions that `nbgrader generate_assignment` makes from them are committed in exercises/.
The gradebook and all grading state (submitted/, autograded/, feedback/) are local and
ignored by git.
"""
import os

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

here = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "rewire"
c.CourseDirectory.root = here
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(here, "gradebook.db")
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# A student's code cannot hang grading: each cell gets a minute, then is interrupted.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

# A submission whose test cells were deleted still gets them back, and is graded by them.
c.OverwriteCells.add_missing_cells = True

# Any stderr in a test cell scores 0, so drop the known harmless noise of the stack.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = (
    r"Matplotlib is building the font cache|DeprecationWarning|PendingDeprecationWarning"
    r"|Debugger warning|It seems that frozen modules are being used"
)

# Feedback shows neither hidden tests nor tracebacks that quote them. (Instructors still
# see whole tracebacks in the autograded notebooks; only the feedback is filtered.)
c.GenerateFeedback.preprocessors = [
    ClearHiddenTests,
    "rewire.grading.HideTestTracebacks",
    GetGrades,
    CSSHTMLHeaderPreprocessor,
]

# Offline feedback (a11y, issue 12 item 5): formulas are written as MathML into the page,
# instead of the template's MathJax from a CDN (raw TeX offline). Only the HTML changes.
c.GenerateFeedback.exporter_class = "rewire.feedback_html.OfflineFeedbackExporter"
