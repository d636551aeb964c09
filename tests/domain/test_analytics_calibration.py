"""Interviewer calibration: counts, means and the leniency offset against the panel (issue 12)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from hiring.domain.analytics import (
    CALIBRATED,
    LENIENT,
    SEVERE,
    TOO_FEW,
    Rating,
    calibration,
    latest_per_rater,
)
from hiring.domain.analytics.calibration import label_for
from hiring.domain.problems import InputError
from hiring.domain.rubric import Scale

SCALE = Scale(1, 5, {})


def panel(rows: str) -> list[Rating]:
    """'unit criterion rater=score rater=score ...' per line."""
    ratings = []
    for line in rows.strip().splitlines():
        unit, criterion, *scores = line.split()
        for given in scores:
            rater, score = given.split("=")
            ratings.append(Rating(unit, rater, criterion, int(score)))
    return ratings


HAND = panel("""
u1 coding ana=5 ben=3 cy=4
u2 coding ana=4 ben=4
u3 coding ana=2
u1 design ana=3 cy=1
""")


def by_rater(ratings: list[Rating]) -> dict[str, object]:
    return {r.rater: r for r in calibration(ratings, SCALE)}


def test_hand_checked_offsets_means_and_distributions() -> None:
    # ana: coding u1 5 - (3+4)/2 = +3/2, u2 4 - 4 = 0, u3 alone; design u1 3 - 1 = +2.
    # ben: coding u1 3 - 9/2 = -3/2, u2 0.  cy: coding u1 4 - 4 = 0, design u1 1 - 3 = -2.
    raters = by_rater(HAND)
    ana = raters["ana"]
    assert ana.overall.n == 4
    assert ana.overall.mean == Fraction(14, 4)
    assert ana.overall.offset == Fraction(3 + 0 + 4, 2 * 3)  # (3/2 + 0 + 2) / 3 = 7/6
    assert ana.overall.n_compared == 3
    assert ana.overall.distribution == ((1, 0), (2, 1), (3, 1), (4, 1), (5, 1))
    coding, design = ana.criteria
    assert (coding.criterion, coding.n, coding.offset, coding.n_compared) == \
        ("coding", 3, Fraction(3, 4), 2)
    assert coding.mean == Fraction(11, 3)
    assert (design.criterion, design.offset, design.n_compared) == ("design", 2, 1)
    assert raters["ben"].overall.offset == Fraction(-3, 4)
    assert raters["cy"].overall.offset == -1
    assert [r.rater for r in calibration(HAND, SCALE)] == ["ana", "ben", "cy"]


def test_a_rater_never_compared_has_no_offset() -> None:
    alone = calibration(panel("u1 coding ana=4\nu2 coding ana=2"), SCALE)[0]
    assert (alone.overall.offset, alone.overall.n_compared, alone.overall.label) == \
        (None, 0, TOO_FEW)
    assert alone.overall.mean == 3


@pytest.mark.parametrize(("offset", "n_compared", "label"), [
    (Fraction(1, 2), 5, CALIBRATED),       # exactly half a point is not beyond it
    (Fraction(-1, 2), 5, CALIBRATED),
    (Fraction(51, 100), 5, LENIENT),
    (Fraction(-51, 100), 5, SEVERE),
    (Fraction(3), 4, TOO_FEW),             # a big offset on four comparisons says nothing
    (Fraction(0), 30, CALIBRATED),
    (None, 0, TOO_FEW),
])
def test_labels(offset: Fraction | None, n_compared: int, label: str) -> None:
    assert label_for(offset, n_compared) == label


def test_a_lenient_and_a_severe_rater_on_five_comparisons() -> None:
    rows = "\n".join(f"u{i} coding ana=5 ben=3 cy=4" for i in range(5))
    raters = by_rater(panel(rows))
    assert (raters["ana"].overall.offset, raters["ana"].overall.label) == (Fraction(3, 2), LENIENT)
    assert (raters["ben"].overall.offset, raters["ben"].overall.label) == (Fraction(-3, 2), SEVERE)
    assert raters["cy"].overall.label == CALIBRATED


@pytest.mark.parametrize(("ratings", "message"), [
    ([Rating("u1", "ana", "c", 6)], "rating 1: score 6 is outside the scale 1 to 5"),
    ([Rating("u1", "ana", "c", 0)], "outside the scale"),
    ([Rating("u1", "ana", "c", True)], "not a whole number"),
    ([Rating("u1", "ana", "c", 3), Rating("u1", "ben", "c", 3), Rating("u1", "ana", "c", 4)],
     "ratings 1 and 3: ana scored u1 on c twice"),
])
def test_bad_ratings_are_refused(ratings: list[Rating], message: str) -> None:
    with pytest.raises(InputError, match=message):
        calibration(ratings, SCALE)


def test_latest_per_rater_keeps_the_last_repeat_in_place() -> None:
    ratings = [Rating("u1", "ana", "coding", 2), Rating("u1", "ben", "coding", 3),
               Rating("u1", "ana", "coding", 4), Rating("u1", "ana", "design", 1)]
    assert latest_per_rater(ratings) == [ratings[1], ratings[2], ratings[3]]
    assert calibration(latest_per_rater(ratings), SCALE)[0].overall.n == 2
