"""The inter-rater agreement report: Krippendorff's alpha per criterion, with bands."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from hiring.domain.analytics import Agreement, AgreementReport, agreement, show_alpha
from hiring.domain.analytics.agreement import GOOD_FROM, TENTATIVE_FROM
from hiring.domain.rubric import Rubric
from hiring.models import User
from hiring.queries.reports import (
    RatingRow,
    ReportScope,
    as_ratings,
    rating_rows,
    version_labels,
)
from hiring.reports.charts import Bar, bar_chart
from hiring.reports.report import Report, or_dash
from hiring.reports.tables import Table

FIGURES = ("Units", "Pairable units", "Alpha (interval)", "Alpha (ordinal)", "Band")
TONE = {"good": "ok", "tentative": "warn", "poor": "bad"}


def agreement_report(viewer: User, scope: ReportScope) -> Report:
    """Alpha over the whole scope, then per requisition and per rubric version; within each,
    the criteria that disagree most first and "All criteria" last."""
    rows = rating_rows(viewer, scope)
    rubric = scope.rubric
    main = agreement(as_ratings(rows), rubric.scale) if rows else None
    scope_rows = _rows(rubric, main) if main else []
    titles = {r.id: r.title for r in scope.requisitions}
    versions = version_labels(r.rubric_version_id for r in rows)
    by_requisition = _grouped(rows, lambda r: r.requisition_id, titles, rubric)
    by_version = _grouped(rows, lambda r: r.rubric_version_id, versions, rubric)
    charts = []
    if main:
        bars = [Bar(_name(rubric, a.criterion), _plot(a), _text(a), TONE.get(a.band or "",
                                                                             "muted"))
                for a in (*main.criteria, main.overall)]
        charts.append(bar_chart("alphas", "Agreement per criterion (the lower alpha)", bars,
                                marks=[(float(TENTATIVE_FROM), "0.667"),
                                       (float(GOOD_FROM), "0.800")]))
    tables = [
        Table("criteria", "Per criterion, everything in scope", ("Criterion", *FIGURES),
              scope_rows, numeric=frozenset({1, 2, 3, 4})),
        Table("by-requisition", "Per requisition", ("Requisition", "Criterion", *FIGURES),
              by_requisition, numeric=frozenset({2, 3, 4, 5})),
        Table("by-version", "Per rubric version", ("Rubric version", "Criterion", *FIGURES),
              by_version, numeric=frozenset({2, 3, 4, 5})),
    ]
    return Report(
        "agreement", "Inter-rater agreement",
        "Whether interviewers agree when they score the same candidate on the same "
        "criterion: Krippendorff's alpha, each candidate x criterion a unit and each "
        "interviewer a rater, missing ratings allowed. Bands, on the lower of the two alphas: "
        "0.800 and above good, 0.667 and above tentative, below that poor. Fewer than two "
        "units scored by at least two interviewers give no value.",
        tables, charts,
        ["Candidates you still owe a scorecard on are left out of every figure."])


def _name(rubric: Rubric, criterion: str | None) -> str:
    if criterion is None:
        return "All criteria"
    found = rubric.criterion(criterion)
    return found.name if found else criterion


def _plot(a: Agreement) -> float | None:
    alpha = a.banded_alpha
    return None if alpha is None else max(0.0, float(alpha))


def _text(a: Agreement) -> str:
    alpha = a.banded_alpha
    return "no value" if alpha is None else f"{show_alpha(float(alpha))} ({a.band})"


def _figures(rubric: Rubric, a: Agreement) -> tuple[str, ...]:
    return (_name(rubric, a.criterion), str(a.units), str(a.pairable_units),
            or_dash(show_alpha(a.alpha_interval)), or_dash(show_alpha(a.alpha_ordinal)),
            a.band or "no value")


def _rows(rubric: Rubric, report: AgreementReport) -> list[tuple[str, ...]]:
    return [_figures(rubric, a) for a in (*report.criteria, report.overall)]


def _grouped(rows: Iterable[RatingRow], key: Callable[[RatingRow], int],
             labels: dict[int, str], rubric: Rubric) -> list[tuple[str, ...]]:
    groups: dict[int, list[RatingRow]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    out = []
    for group_id in sorted(groups, key=lambda g: (labels.get(g, ""), g)):
        result = agreement(as_ratings(groups[group_id]), rubric.scale)
        out.extend((labels.get(group_id, str(group_id)), *r) for r in _rows(rubric, result))
    return out
