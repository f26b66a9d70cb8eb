"""A learner's own record of the lessons' self-checks they have answered right.

Each Check of a lesson's self-check is noted in a small JSON file on the learner's machine,
outside the lessons: ``~/.local/share/rewire/progress.json`` (``$XDG_DATA_HOME`` is
honoured, and ``REWIRE_PROGRESS`` names another file, as the tests do). Nothing is ever
uploaded, and graded assignments are never recorded. ``show()`` lists, lesson by lesson
and objective by objective, which self-checks have been answered right.
"""
import html
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import quiz

PROGRESS_ENV = "REWIRE_PROGRESS"


def progress_file():
    """Where the record is kept: $REWIRE_PROGRESS, else the user's data folder."""
    if os.environ.get(PROGRESS_ENV):
        return Path(os.environ[PROGRESS_ENV])
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "rewire" / "progress.json"


def _read(path):
    """The record as {item id: {"right": bool, "checks": int}}; empty when there is none
    yet or it cannot be read (it is only a convenience: the next check writes it afresh)."""
    try:
        answered = json.loads(path.read_text(encoding="utf-8")).get("answered", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return answered if isinstance(answered, dict) else {}


def record_check(item_id, right):
    """Note one check of a self-check: how many times it was checked, and whether it has
    ever been answered right. The file is replaced in one step, so it is never half written."""
    path = progress_file()
    answered = _read(path)
    before = answered.get(item_id, {})
    answered[item_id] = {"right": bool(before.get("right")) or bool(right), "checks": int(before.get("checks", 0)) + 1}
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as handle:
        json.dump({"answered": answered}, handle, indent=1, sort_keys=True)
    os.replace(handle.name, path)


def answered_right():
    """The ids of the self-checks the learner has answered right at least once."""
    return {item_id for item_id, entry in _read(progress_file()).items() if entry.get("right")}


@dataclass(frozen=True)
class Objective:
    lesson: str
    objective: str
    right: int
    asked: int


@dataclass(frozen=True)
class Progress:
    """The learner's progress, one row per lesson objective that has self-checks; shown
    as a table in a notebook and as text in a terminal."""
    objectives: tuple
    file: Path

    @property
    def right(self):
        return sum(o.right for o in self.objectives)

    @property
    def asked(self):
        return sum(o.asked for o in self.objectives)

    def __str__(self):
        lines = [f"Self-checks answered right: {self.right} of {self.asked} (kept in {self.file}, never uploaded)"]
        lesson = None
        for row in self.objectives:
            if row.lesson != lesson:
                lesson = row.lesson
                lines.append(f"\n{lesson}")
            mark = "✔" if row.right == row.asked else "·"
            lines.append(f"  {mark} {row.right} of {row.asked}  {row.objective}")
        return "\n".join(lines)

    def _repr_html_(self):
        rows = "".join(
            f"<tr><td>{html.escape(o.lesson)}</td><td>{html.escape(o.objective)}</td>"
            f"<td>{o.right} of {o.asked}{' ✔' if o.right == o.asked else ''}</td></tr>" for o in self.objectives)
        return (f"<table><caption>Self-checks answered right: {self.right} of {self.asked}, kept on this "
                "computer only</caption><thead><tr><th scope='col'>Lesson</th>"
                f"<th scope='col'>Objective</th><th scope='col'>Answered right</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>")


def show():
    """The learner's progress by lesson and objective (a table in a notebook; print it for text)."""
    right = answered_right()
    grouped = {}
    for item_id, item in quiz.load_self_checks().items():
        if item.get("mode") == quiz.SELF_CHECK:
            grouped.setdefault((item["lesson"], item["objective"]), []).append(item_id)
    objectives = tuple(Objective(lesson, objective, len(set(ids) & right), len(ids))
                       for (lesson, objective), ids in sorted(grouped.items()))
    return Progress(objectives, progress_file())


if __name__ == "__main__":
    print(show())
