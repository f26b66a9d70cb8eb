"""Every lesson follows one template (issue 8), so a learner always finds the same
landmarks in the same place:

    # Lesson N · Title                      first line of the first cell
    **Learning objectives.** ...            then a numbered list        } first cell
    **Estimated time:** N minutes ...       as in the README's course map }
    ## sections ...                         mini-simulations, Think! boxes, self-checks
    ## Summary                              a bulleted list             } last cell
    **Next:** ...                           names the lesson's exercise }
    ## References                           a bulleted list, nothing after it

Objectives, estimated time, summary and references come in that order.
"""
import re

import nbformat
import pytest

from notebooks import LESSONS, REPO

IDS = [path.stem for path in LESSONS]

OBJECTIVES = re.compile(r"^\*\*Learning objectives\.\*\* .+\n\n((?:\d+\. .+\n?)+)", re.MULTILINE)
ESTIMATED_TIME = re.compile(
    r"^\*\*Estimated time:\*\* (\d+) minutes(?: for the lesson, (\d+) minutes for the (exercise|quiz))?\.$", re.MULTILINE
)
SUMMARY = re.compile(r"^## Summary\n\n((?:- .+\n(?:  .+\n)*)+)", re.MULTILINE)
NEXT = re.compile(r"^\*\*Next:\*\* (.+(?:\n.+)*)", re.MULTILINE)
REFERENCES = re.compile(r"^## References\n\n((?:- .+(?:\n|\Z))+)\Z", re.MULTILINE)
REFERENCE = re.compile(r"^- .+ \((\d{4})\)\. .+$")
# A row of the README's course map: | 4 | [Title](lessons/04_....ipynb) | objectives | 60 min, plus 50 min exercise |
COURSE_MAP_ROW = re.compile(r"^\| \d+ \| \[.+?\]\(lessons/(.+?\.ipynb)\) \| .+ \| (\d+) min(?:, plus (\d+) min (exercise|quiz))? \|$", re.MULTILINE)


def cells(path):
    return nbformat.read(path, as_version=4).cells


def markdown(path):
    """All markdown of a lesson, cell after cell."""
    return "\n\n".join(cell.source for cell in cells(path) if cell.cell_type == "markdown")


def number(path):
    return int(path.name[:2])


def exercise_of(path):
    """The lesson's exercise (or quiz) notebook, if it has one: exercises/NN_*/*.ipynb."""
    found = sorted(REPO.glob(f"exercises/{path.name[:2]}_*/*.ipynb"))
    assert len(found) <= 1, f"more than one exercise notebook for {path.name}: {found}"
    return found[0].relative_to(REPO).as_posix() if found else None


def test_there_are_nine_lessons_numbered_from_zero():
    assert [number(path) for path in LESSONS] == list(range(9))


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_the_first_cell_gives_title_objectives_and_estimated_time_in_that_order(path):
    first = cells(path)[0]
    assert first.cell_type == "markdown", "the lesson must open with a markdown cell"
    title, _, rest = first.source.partition("\n")
    assert re.fullmatch(rf"# Lesson {number(path)} · \S.+", title), f"first line is not '# Lesson {number(path)} · Title': {title!r}"
    assert not re.search(r"^# ", markdown(path)[len(title):], re.MULTILINE), "a lesson has one H1, its title"
    objectives, time = OBJECTIVES.search(rest), ESTIMATED_TIME.search(rest)
    assert objectives, "no '**Learning objectives.** ...' paragraph followed by a numbered list in the first cell"
    assert time, "no '**Estimated time:** N minutes[ for the lesson, M minutes for the exercise].' in the first cell"
    assert objectives.start() < time.start(), "the learning objectives come before the estimated time"
    numbers = [int(line.split(".")[0]) for line in objectives.group(1).splitlines()]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 3, "objectives: a list numbered 1, 2, 3..."


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_the_estimated_time_agrees_with_the_course_map_and_counts_the_exercise(path):
    lesson_minutes, exercise_minutes, kind = ESTIMATED_TIME.search(cells(path)[0].source).groups()
    course_map = {name: row for name, *row in COURSE_MAP_ROW.findall((REPO / "README.md").read_text(encoding="utf-8"))}
    assert path.name in course_map, f"the README's course map has no row for {path.name}"
    assert [lesson_minutes, exercise_minutes or "", kind or ""] == course_map[path.name], "README course map and lesson disagree"
    assert (exercise_minutes is not None) == (exercise_of(path) is not None), "the time counts the exercise iff there is one"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_the_lesson_ends_with_summary_next_and_references_in_that_order(path):
    text = markdown(path)
    for heading in ("## Summary", "## References"):
        assert len(re.findall(rf"^{heading}$", text, re.MULTILINE)) == 1, f"one '{heading}' heading"
    summary, next_step, references = SUMMARY.search(text), NEXT.search(text), REFERENCES.search(text)
    assert summary, "no '## Summary' heading followed by a bulleted list"
    assert next_step, "no '**Next:** ...' paragraph"
    assert references, "no '## References' heading followed by a bulleted list that ends the lesson"
    sections = [m.start() for m in re.finditer(r"^## ", text, re.MULTILINE)]
    time = ESTIMATED_TIME.search(text).start()
    assert time < sections[0] < summary.start() < next_step.start() < references.start(), (
        "order: estimated time, the lesson's sections, Summary, Next, References"
    )
    assert len(summary.group(1).split("\n- ")) >= 3, "a summary of at least three points"
    assert sections[-2:] == [summary.start(), references.start()], "Summary and References are the last two sections"
    last = cells(path)[-1]
    assert last.cell_type == "markdown" and "## Summary" in last.source and "## References" in last.source, (
        "Summary, Next and References share the last cell"
    )


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_every_reference_is_a_dated_citation(path):
    references = REFERENCES.search(markdown(path)).group(1).strip().splitlines()
    assert references, "no references"
    for reference in references:
        assert REFERENCE.match(reference), f"not 'Authors (year). Title. Source.': {reference!r}"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_next_names_the_lessons_exercise(path):
    exercise = exercise_of(path)
    next_step = NEXT.search(markdown(path)).group(1)
    if exercise:
        assert f"`{exercise}`" in next_step, f"'**Next:**' should point to the exercise `{exercise}`"
    else:
        assert "exercises/" not in next_step, "'**Next:**' points to an exercise that does not exist"
