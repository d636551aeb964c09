"""The turnaround and funnel report: how fast scorecards come in, how candidates flow.

Durations show as hours (turnaround) or days (time in stage) with one decimal rounded UP:
a report never reads faster than things were. Shares are the domain's (rounded down).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from fractions import Fraction

from hiring.domain.analytics import (
    Turnaround,
    TurnaroundSample,
    show_share,
    time_in_stage,
    turnaround_by,
)
from hiring.domain.pipeline import funnel, pipeline
from hiring.models import User
from hiring.queries.reports import (
    CandidatePath,
    ReportScope,
    candidate_paths,
    turnaround_rows,
    user_names,
)
from hiring.reports.charts import Bar, bar_chart
from hiring.reports.report import Report, or_dash
from hiring.reports.tables import Table

FIGURES = ("Scorecards", "Median", "90th percentile", "Within 24 h")


def hours(value: dt.timedelta | None) -> str | None:
    """Hours with one decimal, rounded up: "26.4 h"."""
    if value is None:
        return None
    tenths = math.ceil(Fraction(value // dt.timedelta(microseconds=1), 360_000_000))
    return f"{tenths / 10:.1f} h"


def days(value: dt.timedelta | None) -> str | None:
    """Days with one decimal, rounded up: "3.2 d"."""
    if value is None:
        return None
    tenths = math.ceil(Fraction(value // dt.timedelta(microseconds=1), 8_640_000_000))
    return f"{tenths / 10:.1f} d"


def turnaround_report(viewer: User, scope: ReportScope) -> Report:
    """Turnaround per interviewer and per requisition; the funnel with time in each stage."""
    rows = turnaround_rows(scope)
    names = user_names(r.interviewer_id for r in rows)
    titles = {r.id: r.title for r in scope.requisitions}
    per_person = turnaround_by(TurnaroundSample(names.get(r.interviewer_id, "?"), r.ended_at,
                                                r.submitted_at) for r in rows)
    per_requisition = turnaround_by(TurnaroundSample(titles[r.requisition_id], r.ended_at,
                                                     r.submitted_at) for r in rows)
    funnel_rows, funnel_bars = _funnel(scope, candidate_paths(scope))
    tables = [
        Table("by-interviewer", "Scorecard turnaround per interviewer",
              ("Interviewer", *FIGURES), _rows(per_person), numeric=frozenset({1, 2, 3, 4})),
        Table("by-requisition", "Scorecard turnaround per requisition",
              ("Requisition", *FIGURES), _rows(per_requisition),
              numeric=frozenset({1, 2, 3, 4})),
        Table("funnel", "Funnel and time in stage",
              ("Stage", "Reached", "In it now", "Went on to", "Conversion",
               "Median time in stage"), funnel_rows, numeric=frozenset({1, 2, 4, 5})),
    ]
    charts = []
    if per_person:
        most = max(_hours(t.median) for _, t in per_person)
        charts.append(bar_chart(
            "turnaround", "Median scorecard turnaround per interviewer (hours)",
            [Bar(key, _hours(t.median), f"{or_dash(hours(t.median))}, "
                 f"{or_dash(show_share(t.within_24h))} in 24 h",
                 "ok" if t.median is not None and t.median <= dt.timedelta(hours=24)
                 else "warn") for key, t in per_person],
            high=max(most, 24.0) * 1.1, marks=[(24.0, "24 h")]))
    if funnel_bars:
        charts.append(bar_chart("funnel", "Candidates who reached each stage", funnel_bars,
                                high=float(max(b.value or 0 for b in funnel_bars) or 1)))
    return Report(
        "turnaround", "Turnaround and funnel",
        "Scorecard turnaround is the time from the end of the interview to the first "
        "submission of its scorecard (amendments do not count). The funnel counts the "
        "candidates who applied within the period; time in stage counts only candidates who "
        "have left the stage.",
        tables, charts,
        ["Durations are rounded up to a tenth of an hour or a day, so nothing reads faster "
         "than it was. The 90th percentile is a real turnaround: 90% of the scorecards were "
         "in by then."])


def _hours(value: dt.timedelta | None) -> float:
    return 0.0 if value is None else max(0.0, value.total_seconds() / 3600)


def _rows(items: Sequence[tuple[str, Turnaround]]) -> list[tuple[str, ...]]:
    return [(key, str(t.n), or_dash(hours(t.median)), or_dash(hours(t.p90)),
             or_dash(show_share(t.within_24h))) for key, t in items]


def _funnel(scope: ReportScope,
            paths: Iterable[CandidatePath]) -> tuple[list[tuple[str, ...]], list[Bar]]:
    rubric = scope.rubric
    stages = pipeline(rubric)
    histories = [[(rubric.pipeline_state(stage), when) for stage, when in p.moves]
                 for p in paths]
    times = {t.stage: t for t in time_in_stage(histories, [s.id for s in stages])}
    reached = Counter({sid: t.reached for sid, t in times.items()})
    current = Counter({sid: t.current for sid, t in times.items()})
    rows, bars = [], []
    for row in funnel(rubric, reached, current):
        percent = f"{row.percent}%" if row.percent is not None else None
        rows.append((row.stage.label, str(row.reached), str(row.current),
                     or_dash(row.next_label), or_dash(percent),
                     or_dash(days(times[row.stage.id].median))))
        bars.append(Bar(row.stage.label, float(row.reached),
                        f"{row.reached}" + (f" ({percent} on)" if percent else "")))
    return rows, bars if any(b.value for b in bars) else []
