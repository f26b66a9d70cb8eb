"""Classical item analysis of one test: which questions worked (plain numpy, no plots).

The statistics are those of Moodle's quiz statistics report, the one teachers know
(docs.moodle.org/dev/Quiz_statistics_calculations), with the classical upper-minus-lower
index beside them:

* facility: mean score / maximum score of the item;
* standard deviation of the item's scores (sample, n - 1);
* discrimination: the point-biserial (Pearson) correlation of the item with the rest of
  the test, i.e. the total minus the item itself (corrected item-total; Moodle's
  discrimination index / 100);
* discriminative efficiency: that covariance divided by the largest it could be for the
  same two sets of marks (both sorted), Moodle's discriminative efficiency / 100;
* upper-minus-lower index: the item's mean (as a fraction of its maximum) among the top
  27 % of students by total score minus the bottom 27 % (Kelley 1939);
* reliability: Cronbach's alpha (1951), k/(k-1)·(1 − Σ item variances / total variance),
  called KR-20 (Kuder & Richardson 1937) when every item is scored right or wrong.

A statistic that a class cannot give (one student, an item everybody scored the same) is
None, never NaN, and `needs_more_students` says why.
"""
from dataclasses import dataclass

import numpy as np

UPPER_LOWER_FRACTION = 0.27
MIN_STUDENTS = 2  # below this no spread, correlation or reliability exists
FEW_STUDENTS = 10  # below this the numbers exist but swing with a single student

# Thresholds for "repair this item" (common rules of thumb, e.g. Ebel & Frisbie 1991).
TOO_EASY, TOO_HARD, WEAK_DISCRIMINATION = 0.9, 0.2, 0.2


@dataclass(frozen=True)
class ItemStatistics:
    facility: float | None
    sd: float | None
    discrimination: float | None
    discriminative_efficiency: float | None
    upper_lower: float | None


@dataclass(frozen=True)
class TestStatistics:
    students: int
    items: tuple
    totals: np.ndarray
    mean: float | None
    sd: float | None
    reliability: float | None
    reliability_name: str

    @property
    def needs_more_students(self):
        return self.students < MIN_STUDENTS


def _defined(value):
    return None if value is None or not np.isfinite(value) else float(value)


def _correlation(x, y):
    """Pearson r, or None when either variable does not vary."""
    sx, sy = x.std(ddof=1), y.std(ddof=1)
    if sx == 0 or sy == 0:
        return None
    return float(np.cov(x, y, ddof=1)[0, 1] / (sx * sy))


def _efficiency(item, rest):
    """Covariance of item and rest over the covariance of both sorted (its maximum)."""
    best = np.cov(np.sort(item), np.sort(rest), ddof=1)[0, 1]
    return None if best == 0 else float(np.cov(item, rest, ddof=1)[0, 1] / best)


def upper_lower_index(scores, max_scores, totals, fraction=UPPER_LOWER_FRACTION):
    """Mean fractional score of each item in the top `fraction` of students by total,
    minus the bottom `fraction` (each group at least one student; ties keep the order
    the students came in)."""
    n = len(totals)
    group = max(1, int(round(fraction * n)))
    order = np.argsort(totals, kind="stable")
    lower, upper = order[:group], order[n - group:]
    return (scores[upper].mean(axis=0) - scores[lower].mean(axis=0)) / max_scores


def reliability(scores, max_scores):
    """(alpha, name): Cronbach's alpha, named KR-20 when every item is right-or-wrong;
    alpha is None for fewer than two items or students, or a total that does not vary."""
    students, items = scores.shape
    dichotomous = bool(np.all((scores == 0) | (scores == max_scores)))
    name = "KR-20" if dichotomous else "Cronbach's alpha"
    if students < MIN_STUDENTS or items < 2:
        return None, name
    total_variance = scores.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        return None, name
    alpha = items / (items - 1) * (1 - scores.var(axis=0, ddof=1).sum() / total_variance)
    return float(alpha), name


def item_statistics(scores, max_scores):
    """One ItemStatistics per column of `scores` (students x items, in points)."""
    scores = np.asarray(scores, dtype=float)
    max_scores = np.asarray(max_scores, dtype=float)
    students = scores.shape[0]
    totals = scores.sum(axis=1)
    if students == 0:
        return tuple(ItemStatistics(None, None, None, None, None) for _ in max_scores)
    facility = scores.mean(axis=0) / max_scores
    if students < MIN_STUDENTS:
        return tuple(ItemStatistics(float(f), None, None, None, None) for f in facility)
    upper_lower = upper_lower_index(scores, max_scores, totals)
    result = []
    for j in range(scores.shape[1]):
        item, rest = scores[:, j], totals - scores[:, j]
        result.append(ItemStatistics(
            facility=float(facility[j]),
            sd=float(item.std(ddof=1)),
            discrimination=_correlation(item, rest),
            discriminative_efficiency=_efficiency(item, rest),
            upper_lower=_defined(upper_lower[j]),
        ))
    return tuple(result)


def analyse(scores, max_scores):
    """Item and test statistics of a class (rows students, columns items, in points)."""
    scores = np.asarray(scores, dtype=float).reshape(-1, len(max_scores))
    max_scores = np.asarray(max_scores, dtype=float)
    totals = scores.sum(axis=1)
    students = len(totals)
    alpha, name = reliability(scores, max_scores)
    return TestStatistics(
        students=students,
        items=item_statistics(scores, max_scores),
        totals=totals,
        mean=float(totals.mean()) if students else None,
        sd=float(totals.std(ddof=1)) if students >= MIN_STUDENTS else None,
        reliability=alpha,
        reliability_name=name,
    )


def repair_reasons(stats):
    """Why an item needs a look (empty if none or if the statistics are undefined)."""
    reasons = []
    if stats.facility is not None and stats.facility > TOO_EASY:
        reasons.append(f"too easy (facility {stats.facility:.2f} > {TOO_EASY})")
    if stats.facility is not None and stats.facility < TOO_HARD:
        reasons.append(f"too hard (facility {stats.facility:.2f} < {TOO_HARD})")
    if stats.discrimination is not None and stats.discrimination < WEAK_DISCRIMINATION:
        reasons.append(f"weak discrimination ({stats.discrimination:.2f} < {WEAK_DISCRIMINATION})")
    return reasons
