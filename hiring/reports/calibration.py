"""The interviewer calibration report: how each interviewer scores against their panels."""

from __future__ import annotations

from hiring.domain.analytics import Calibration, calibration, show_mean, show_offset
from hiring.domain.analytics.calibration import MIN_COMPARED, THRESHOLD
from hiring.domain.calibration_exercise import AttemptResult, is_calibrated
from hiring.domain.scoring import exact
from hiring.models import User
from hiring.queries.calibration import records, results_by_interviewer
from hiring.queries.reports import (
    ReportScope,
    as_ratings,
    rating_rows,
    user_id_of,
    user_names,
)
from hiring.reports.charts import Bar, bar_chart, distribution_chart
from hiring.reports.report import Report, or_dash
from hiring.reports.tables import Table

HEADERS = ("Scores", "Mean", "Offset", "Exact offset", "Compared", "Label")
TONE = {"lenient": "warn", "severe": "warn", "calibrated": "ok"}


def calibration_report(viewer: User, scope: ReportScope) -> Report:
    """Per interviewer, overall and per criterion: scores, distribution, mean, offset."""
    results = calibration(as_ratings(rating_rows(viewer, scope)), scope.rubric.scale)
    names = user_names(user_id_of(r.rater) for r in results)
    results = sorted(results, key=lambda r: (names.get(user_id_of(r.rater), ""), r.rater))
    overall_rows, overall_charts, criterion_rows, criterion_charts, bars = [], [], [], [], []
    for index, rater in enumerate(results):
        name = names.get(user_id_of(rater.rater), rater.rater)
        o = rater.overall
        overall_rows.append((name, *_figures(o)))
        overall_charts.append(distribution_chart(f"dist-{index}", name, o.distribution))
        bars.append(Bar(name, None if o.offset is None else float(o.offset),
                        f"{or_dash(show_offset(o.offset))} ({o.label})", TONE.get(o.label,
                                                                               "muted")))
        for j, c in enumerate(rater.criteria):
            found = scope.rubric.criterion(c.criterion or "")
            criterion = found.name if found else (c.criterion or "")
            criterion_rows.append((name, criterion, *_figures(c)))
            criterion_charts.append(distribution_chart(f"dist-{index}-{j}",
                                                       f"{name} on {criterion}",
                                                       c.distribution))
    numeric = frozenset({1, 2, 3, 5})
    tables = [
        Table("overall", "Per interviewer, all criteria", ("Interviewer", *HEADERS),
              overall_rows, numeric=numeric, charts=overall_charts,
              chart_header="Scores per level"),
        Table("by-criterion", "Per interviewer and criterion",
              ("Interviewer", "Criterion", *HEADERS), criterion_rows,
              numeric=frozenset(i + 1 for i in numeric), charts=criterion_charts,
              chart_header="Scores per level"),
        Table("exercises", "Calibration exercises against gold scores",
              ("Interviewer", "Stage", "Attempts", "Offset vs gold", "Exact", "Within one",
               "Calibrated"), _exercise_rows(scope), numeric=frozenset({2, 3, 4, 5})),
    ]
    limit = float(scope.rubric.scale.max - scope.rubric.scale.min) / 2
    charts = [bar_chart("offsets", "Leniency offset per interviewer", bars, low=-limit,
                        high=limit, marks=[(-float(THRESHOLD), "-0.5"), (0.0, "0"),
                                           (float(THRESHOLD), "+0.5")])] if bars else []
    return Report(
        "calibration", "Interviewer calibration",
        "How each interviewer scores against the other interviewers of the same candidates. "
        "The offset is the mean, over every score they gave, of their score minus the mean of "
        "the other interviewers' scores for the same candidate and criterion; positive is "
        f"lenient. Offsets beyond {float(THRESHOLD)} point with at least {MIN_COMPARED} "
        "comparisons are labelled; fewer comparisons say nothing yet.",
        tables, charts,
        ["An interviewer who scored a criterion in several interviews of one candidate "
         "counts once, with their latest interview's score. Scores count from interviews "
         "held within the period.",
         "Exercises: every attempt at the rubric's training exercises within the period, "
         "each criterion against its gold score (exact and within one point, out of the "
         "criteria attempted). Calibrated: two exercises whose first attempt was within one "
         "point of gold on every criterion.",
         "Candidates you still owe a scorecard on are left out of every figure."])


def _figures(c: Calibration) -> tuple[str, ...]:
    return (str(c.n), or_dash(show_mean(c.mean)), or_dash(show_offset(c.offset)),
            or_dash(exact(c.offset) if c.offset is not None else None), str(c.n_compared),
            c.label)


def _exercise_rows(scope: ReportScope) -> list[tuple[str, ...]]:
    """Per interviewer and stage, their exercise results pooled over every attempt."""
    grouped = results_by_interviewer(scope.rubric_key)
    names = user_names(grouped)
    rows = []
    for user_id in sorted(grouped, key=lambda u: (names.get(u, ""), u)):
        attempts = [a for a in grouped[user_id]
                    if scope.since is None or a.submitted_at >= scope.since]
        for stage_id in sorted({a.stage_id for a in attempts}):
            mine = [a for a in attempts if a.stage_id == stage_id]
            pooled = AttemptResult(tuple(c for a in mine for c in a.result.criteria))
            stage = scope.rubric.stage(stage_id)
            total = len(pooled.criteria)
            rows.append((names.get(user_id, str(user_id)), stage.name if stage else stage_id,
                         str(len(mine)), or_dash(show_offset(pooled.offset)),
                         f"{pooled.exact}/{total}", f"{pooled.within_one}/{total}",
                         "yes" if is_calibrated(records(mine)) else "not yet"))
    return rows
