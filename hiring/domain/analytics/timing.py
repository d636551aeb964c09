"""Scorecard turnaround and time in stage, on plain durations and move histories.

Percentiles use the nearest-rank rule: the 90th percentile is the smallest observed value
with at least 90% of the values at or below it (the ceil(0.9 n)-th of the sorted values),
so it is always a real turnaround and "90% were in by then" is literally true. The median
is the middle value, or the mean of the two middle ones.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

DAY = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Turnaround:
    n: int
    median: dt.timedelta | None  # None when n is 0
    p90: dt.timedelta | None
    within_24h: Fraction | None  # share submitted at most 24 hours after the interview ended


@dataclass(frozen=True)
class TurnaroundSample:
    """One submitted scorecard: whose (``key``: an interviewer or a requisition) and when."""

    key: str
    interview_end: dt.datetime
    submitted_at: dt.datetime

    @property
    def duration(self) -> dt.timedelta:
        """Submission minus interview end; negative when submitted before the planned end."""
        return self.submitted_at - self.interview_end


def turnaround(durations: Iterable[dt.timedelta]) -> Turnaround:
    """Median, nearest-rank 90th percentile and share within 24 h of the given durations.

    A negative duration (submitted before the interview's planned end) is kept as it is and
    counts as within 24 hours.
    """
    ordered = sorted(durations)
    n = len(ordered)
    if not n:
        return Turnaround(0, None, None, None)
    return Turnaround(
        n=n, median=statistics.median(ordered), p90=ordered[-(-9 * n // 10) - 1],
        within_24h=Fraction(sum(1 for d in ordered if d <= DAY), n))


def turnaround_by(samples: Iterable[TurnaroundSample]) -> tuple[tuple[str, Turnaround], ...]:
    """``turnaround`` per key, by key."""
    grouped: dict[str, list[dt.timedelta]] = defaultdict(list)
    for sample in samples:
        grouped[sample.key].append(sample.duration)
    return tuple((key, turnaround(grouped[key])) for key in sorted(grouped))


@dataclass(frozen=True)
class StageTime:
    stage: str
    reached: int  # candidates who ever entered the stage
    current: int  # candidates in it now
    left: int  # candidates who entered it and are no longer in it
    median: dt.timedelta | None  # median total time in the stage of those who left it


def time_in_stage(histories: Iterable[Sequence[tuple[str, dt.datetime]]],
                  stages: Sequence[str]) -> tuple[StageTime, ...]:
    """Per stage (in the given order), how many reached it and the median time spent in it.

    Each history is one candidate's moves, oldest first: (stage entered, when). A stay
    lasts until the next move; a candidate's time in a stage is the sum of their stays
    there (they may come back), counted only once they have left it: a stay still open
    would pull the median down. Stages not in ``stages`` are ignored.
    """
    reached: dict[str, int] = defaultdict(int)
    current: dict[str, int] = defaultdict(int)
    spent: dict[str, list[dt.timedelta]] = defaultdict(list)
    for moves in histories:
        if not moves:
            continue
        totals: dict[str, dt.timedelta] = defaultdict(dt.timedelta)
        for (stage, entered), (_, left) in itertools.pairwise(moves):
            totals[stage] += left - entered
        now_in = moves[-1][0]
        for stage in {stage for stage, _ in moves}:
            reached[stage] += 1
            if stage == now_in:
                current[stage] += 1
            else:
                spent[stage].append(totals[stage])
    return tuple(
        StageTime(stage=s, reached=reached[s], current=current[s], left=len(spent[s]),
                  median=statistics.median(spent[s]) if spent[s] else None)
        for s in stages)
