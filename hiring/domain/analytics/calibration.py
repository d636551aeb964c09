"""Interviewer calibration: how lenient or severe each rater is against the rest of the panel.

The leniency offset of a rater is the mean, over every score they gave, of their score
minus the mean of the *other* raters' scores for the same unit (candidate) and criterion,
counted only where at least one other rater scored that unit and criterion
(``n_compared``). It is computed in exact fractions. Comparing with the panel rather than
with a fixed midpoint means a rater who only sees strong candidates is not called lenient.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from hiring.domain.problems import InputError
from hiring.domain.rubric import Scale

LENIENT = "lenient"
SEVERE = "severe"
CALIBRATED = "calibrated"
TOO_FEW = "too few to tell"
MIN_COMPARED = 5  # fewer comparisons than this say nothing about a rater
THRESHOLD = Fraction(1, 2)  # an offset beyond half a point is worth a conversation


@dataclass(frozen=True)
class Rating:
    """One score: ``rater`` gave ``score`` on ``criterion`` to ``unit`` (a candidate).

    Names are opaque strings: the caller decides what identifies a unit and a rater. At
    most one rating per (unit, rater, criterion): a caller with two (one interviewer
    scoring a criterion in two interviews of a candidate) must choose which counts.
    """

    unit: str
    rater: str
    criterion: str
    score: int


@dataclass(frozen=True)
class Calibration:
    """A rater's figures over one criterion, or over all of them (``criterion`` None)."""

    rater: str
    criterion: str | None
    n: int
    distribution: tuple[tuple[int, int], ...]  # (level, count) for every level of the scale
    mean: Fraction
    offset: Fraction | None  # None when nobody else scored any of the same units
    n_compared: int
    label: str


@dataclass(frozen=True)
class RaterCalibration:
    """One rater: overall, and per criterion they scored (by criterion id)."""

    overall: Calibration
    criteria: tuple[Calibration, ...]

    @property
    def rater(self) -> str:
        return self.overall.rater


def check_ratings(ratings: Sequence[Rating], scale: Scale) -> None:
    """Raise InputError on a score outside the scale or a repeated (unit, rater, criterion)."""
    seen: dict[tuple[str, str, str], int] = {}
    for position, r in enumerate(ratings, start=1):
        if isinstance(r.score, bool) or not isinstance(r.score, int):
            raise InputError(f"rating {position}: score {r.score!r} is not a whole number")
        if not scale.contains(r.score):
            raise InputError(f"rating {position}: score {r.score} is outside the scale "
                             f"{scale.min} to {scale.max}")
        key = (r.unit, r.rater, r.criterion)
        if key in seen:
            raise InputError(f"ratings {seen[key]} and {position}: {r.rater} scored "
                             f"{r.unit} on {r.criterion} twice")
        seen[key] = position


def latest_per_rater(ratings: Iterable[Rating]) -> list[Rating]:
    """The ratings with only the last of each repeated (unit, rater, criterion), in order.

    For callers whose data may hold two: one interviewer scoring the same criterion for a
    candidate in two interviews (coding in the phone screen and the coding interview).
    ``calibration`` and ``agreement`` refuse repeats rather than guess; pass the ratings
    oldest first and the latest judgement counts.
    """
    latest: dict[tuple[str, str, str], Rating] = {}
    for r in ratings:
        latest.pop((r.unit, r.rater, r.criterion), None)
        latest[r.unit, r.rater, r.criterion] = r
    return list(latest.values())


def label_for(offset: Fraction | None, n_compared: int, *, min_compared: int = MIN_COMPARED,
              threshold: Fraction = THRESHOLD) -> str:
    """"lenient"/"severe" beyond the threshold with enough comparisons, else calibrated."""
    if offset is None or n_compared < min_compared:
        return TOO_FEW
    if offset > threshold:
        return LENIENT
    if offset < -threshold:
        return SEVERE
    return CALIBRATED


def calibration(ratings: Iterable[Rating], scale: Scale, *, min_compared: int = MIN_COMPARED,
                threshold: Fraction = THRESHOLD) -> tuple[RaterCalibration, ...]:
    """Every rater's calibration, by rater name; criteria by id.

    Raises InputError on a score outside ``scale`` or a repeated (unit, rater, criterion).
    Labels: "lenient"/"severe" when |offset| > ``threshold`` with at least
    ``min_compared`` comparisons, "too few to tell" with fewer, else "calibrated".
    """
    ratings = list(ratings)
    check_ratings(ratings, scale)
    panel: dict[tuple[str, str], list[Rating]] = defaultdict(list)
    for r in ratings:
        panel[(r.unit, r.criterion)].append(r)
    differences: dict[Rating, Fraction] = {}
    for scored in panel.values():
        total = sum(r.score for r in scored)
        for r in scored:
            if len(scored) > 1:
                differences[r] = r.score - Fraction(total - r.score, len(scored) - 1)
    by_rater: dict[str, list[Rating]] = defaultdict(list)
    for r in ratings:
        by_rater[r.rater].append(r)

    def figures(rater: str, criterion: str | None, given: list[Rating]) -> Calibration:
        counts = Counter(r.score for r in given)
        compared = [differences[r] for r in given if r in differences]
        offset = sum(compared, Fraction(0)) / len(compared) if compared else None
        return Calibration(
            rater=rater, criterion=criterion, n=len(given),
            distribution=tuple((level, counts[level]) for level in scale.levels),
            mean=Fraction(sum(r.score for r in given), len(given)),
            offset=offset, n_compared=len(compared),
            label=label_for(offset, len(compared), min_compared=min_compared,
                            threshold=threshold))

    result = []
    for rater in sorted(by_rater):
        given = by_rater[rater]
        criteria = sorted({r.criterion for r in given})
        result.append(RaterCalibration(
            overall=figures(rater, None, given),
            criteria=tuple(figures(rater, c, [r for r in given if r.criterion == c])
                           for c in criteria)))
    return tuple(result)
