"""Turnaround, time in stage, the honest rounding of shown figures and CSV safety."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from hiring.domain.analytics import (
    Turnaround,
    TurnaroundSample,
    csv_safe,
    show_alpha,
    show_mean,
    show_offset,
    show_p,
    show_ratio,
    show_share,
    time_in_stage,
    turnaround,
    turnaround_by,
)

H = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
T0 = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize(("hours", "median", "p90", "within"), [
    ([1, 2, 30, 5], 3.5, 30, Fraction(3, 4)),      # p90: the ceil(3.6) = 4th value
    ([float(h) for h in range(1, 11)], 5.5, 9, Fraction(1)),  # ceil(9.0) = 9th
    ([48], 48, 48, Fraction(0)),
    ([24, 24.01], 24.005, 24.01, Fraction(1, 2)),  # exactly 24 h is within 24 h
    ([-1, 3], 1, 3, Fraction(1)),                  # before the planned end: kept, within
])
def test_turnaround(hours: list[float], median: float, p90: float, within: Fraction) -> None:
    result = turnaround([h * H for h in hours])
    assert result == Turnaround(len(hours), median * H, p90 * H, within)


def test_no_turnaround_without_scorecards() -> None:
    assert turnaround([]) == Turnaround(0, None, None, None)


def test_turnaround_by_key() -> None:
    samples = [TurnaroundSample("ben", T0, T0 + 30 * H), TurnaroundSample("ana", T0, T0 + H),
               TurnaroundSample("ana", T0, T0 + 3 * H)]
    assert turnaround_by(samples) == (
        ("ana", Turnaround(2, 2 * H, 3 * H, Fraction(1))),
        ("ben", Turnaround(1, 30 * H, 30 * H, Fraction(0))))


def test_time_in_stage_sums_returns_and_leaves_open_stays_out() -> None:
    straight = [("applied", T0), ("screen", T0 + 2 * DAY), ("onsite", T0 + 5 * DAY)]
    back_and_forth = [("applied", T0), ("screen", T0 + DAY), ("applied", T0 + 2 * DAY),
                      ("screen", T0 + 3 * DAY), ("rejected", T0 + 4 * DAY)]
    rows = time_in_stage([straight, back_and_forth, []],
                         ["applied", "screen", "onsite", "offer", "rejected"])
    table = {r.stage: (r.reached, r.current, r.left, r.median) for r in rows}
    assert table == {
        "applied": (2, 0, 2, 2 * DAY),            # 2 days; 1 + 1 days
        "screen": (2, 0, 2, dt.timedelta(days=2.5)),  # 3 days; 1 + 1 days
        "onsite": (1, 1, 0, None),                # still there: not counted
        "offer": (0, 0, 0, None),
        "rejected": (1, 1, 0, None),
    }


@pytest.mark.parametrize(("shown", "expected"), [
    (show_ratio(Fraction(7999, 10000)), "0.799"),
    (show_ratio(Fraction(4, 5)), "0.800"),
    (show_ratio(Fraction(2, 3)), "0.666"),
    (show_ratio(None), None),
    (show_alpha(0.79999999999), "0.800"),   # float noise, not a different alpha
    (show_alpha(0.7999), "0.799"),
    (show_alpha(-0.1234), "-0.124"),
    (show_alpha(1.0), "1.000"),
    (show_mean(Fraction(29, 8)), "3.62"),
    (show_mean(Fraction(4)), "4.00"),
    (show_offset(Fraction(37, 90)), "+0.41"),
    (show_offset(Fraction(-37, 90)), "-0.41"),  # toward zero: never more severe than it is
    (show_offset(Fraction(-1, 1000)), "-0.00"),
    (show_offset(Fraction(0)), "0.00"),
    (show_offset(Fraction(3, 2)), "+1.50"),
    (show_p(0.04121), "0.0413"),             # up: never more significant than it is
    (show_p(0.05000000001), "0.0500"),
    (show_p(1e-12), "0.0001"),
    (show_p(1.0000000002), "1.0000"),
    (show_share(Fraction(7, 8)), "87%"),
])
def test_shown_figures_never_flatter(shown: str | None, expected: str | None) -> None:
    assert shown == expected


@pytest.mark.parametrize(("cell", "safe"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    ("ivan", "ivan"),
    ("a=b", "a=b"),
    ("", ""),
    (None, ""),
    (3, "3"),
    (-3, "'-3"),
])
def test_csv_safe(cell: object, safe: str) -> None:
    assert csv_safe(cell) == safe
