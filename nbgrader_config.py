"""nbgrader configuration for the Rewire course.

Instructor sources (with solutions and hidden tests) live in solutions/; the student
versions that `nbgrader generate_assignment` makes from them are committed in exercises/.
The gradebook and all grading state (submitted/, autograded/, feedback/) are local and
ignored by git.
"""
import os

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import GetGrades

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

here = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "rewire"
c.CourseDirectory.root = here
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(here, "gradebook.db")
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# `make grade` (rewire.grading) runs student code in a sandbox with its own time limits and
# writes the scores through nbgrader's API; nbgrader's Autograde (the formgrader's button)
# would run it with the teacher's rights, so it refuses and names the command to use.
c.Autograde.sanitize_preprocessors = ["rewire.grading.records.RefuseUnsandboxedGrading"]
# On a hub, `nbgrader collect` and the formgrader's Collect button believe only genuine
# submissions in the exchange (rewire.grading.exchange).
c.ExchangeFactory.collect = "rewire.grading.exchange.TrustedCollect"
# The settings below are for
# `nbgrader validate` (the students' Validate button): a cell gets a minute, and the known
# harmless noise on stderr is not reported as a failure.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = (
    r"Matplotlib is building the font cache|DeprecationWarning|PendingDeprecationWarning"
    r"|Debugger warning|It seems that frozen modules are being used"
)

# `make grade` writes the autograded notebooks from the students' own cells and the
# grader's verdicts: they hold no hidden test and no traceback. (nbgrader's ClearHiddenTests
# is left out on purpose: a student's cell that merely mentions its delimiter would make it
# fail the feedback of the whole assignment.) Errors in test cells are still cut to one line.
c.GenerateFeedback.preprocessors = [
    "rewire.grading.records.HideTestTracebacks",
    GetGrades,
    CSSHTMLHeaderPreprocessor,
]

# Offline feedback (a11y, issue 12 item 5): formulas are written as MathML into the page,
# instead of the template's MathJax from a CDN (raw TeX offline). Only the HTML changes.
c.GenerateFeedback.exporter_class = "rewire.feedback_html.OfflineFeedbackExporter"

# Exam questions are only recorded (rewire.quiz.record): Validate lists them as recorded and
# never says "Success" for them; its summary must not call them failures either.
c.Validator.failed_warning = (
    "{num_failed} CELL(S) TO READ BELOW: each is either an exam answer that is only recorded "
    "(it is graded after you hand the notebook in) or a check that failed.\n"
)
