"""Every lesson and every instructor solution runs top to bottom in a fresh kernel."""
import pytest

from notebooks import LESSONS, REPO, SOLUTIONS, error_outputs, execute


def test_the_course_has_its_lessons_and_solutions():
    assert LESSONS and SOLUTIONS


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS, ids=lambda p: str(p.relative_to(REPO)))
def test_notebook_runs_without_errors_or_warnings(path):
    executed = execute(path)
    assert error_outputs(executed) == []
