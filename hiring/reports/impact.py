"""The adverse impact report: selection rates per step and self-identified group.

Aggregates only, for admins and recruiters. A suppressed group reads "suppressed" in every
figure, never a number; no step totals are shown, so no small count can be derived.
"""

from __future__ import annotations

from hiring.domain.analytics import (
    GroupImpact,
    adverse_impact,
    show_p,
    show_ratio,
)
from hiring.domain.analytics.impact import MIN_GROUP
from hiring.domain.pipeline import selection_steps, stage_label
from hiring.models import User
from hiring.queries.reports import ReportScope, impact_outcomes
from hiring.reports.charts import Bar, bar_chart
from hiring.reports.report import Report
from hiring.reports.tables import Table

DIMENSIONS = (("gender", "Gender"), ("race_ethnicity", "Race/ethnicity"))
HEADERS = ("Step", "Group", "Entered", "Passed", "Selection rate", "Impact ratio", "Flag",
           "Fisher p (vs highest rate)")
SUPPRESSED = "suppressed"


def impact_report(viewer: User, scope: ReportScope) -> Report:
    """Per dimension, per step and group: entered, passed, rate, impact ratio, flag, p."""
    steps = selection_steps(scope.rubric)
    tables, charts = [], []
    for dimension, title in DIMENSIONS:
        result = adverse_impact(impact_outcomes(scope, dimension), steps, MIN_GROUP)
        rows, bars = [], []
        for step in result:
            name = stage_label(scope.rubric, step.step)
            for group in step.groups:
                rows.append((name, group.group, *_figures(group)))
                if not group.suppressed:
                    bars.append(_bar(name, group))
        table_id = dimension.replace("_", "-")
        tables.append(Table(table_id, f"{title}: selection per step", HEADERS, rows,
                            numeric=frozenset({2, 3, 4, 5, 7})))
        if bars:
            charts.append(bar_chart(f"impact-{table_id}", f"{title}: impact ratio per step "
                                    "and group (four-fifths line at 0.8)", bars, high=1.0,
                                    marks=[(0.8, "0.8")], width=840, label_w=330))
    return Report(
        "impact", "Adverse impact",
        "For each step of the pipeline, the share of each self-identified group that went on "
        "to the next step, against the group with the highest rate (the four-fifths rule, 29 "
        "CFR 1607.4(D)): an impact ratio below 0.8 is flagged. Fisher's exact test says how "
        "likely a difference this large is by chance alone. Candidates still undecided at a "
        "step, or who withdrew there, do not count at it.",
        tables, charts,
        [f"Groups with fewer than {MIN_GROUP} candidates at a step are suppressed: no figure "
         "of theirs is shown, and no totals from which one could be worked out.",
         "Only candidates who chose a category count; \"decline to answer\" and unanswered "
         "invitations are left out. Optional rounds are not selection steps.",
         "Rates and ratios are rounded down; p-values up."])


def _figures(group: GroupImpact) -> tuple[str, ...]:
    if group.suppressed:
        return (SUPPRESSED,) * 6
    flag = "flagged" if group.flagged else "not flagged"
    p = "reference" if group.reference else (show_p(group.fisher_p) or "—")
    return (str(group.entered), str(group.passed), show_ratio(group.rate) or "—",
            show_ratio(group.impact_ratio) or "—", flag, p)


def _bar(step: str, group: GroupImpact) -> Bar:
    ratio = group.impact_ratio
    text = show_ratio(ratio) or "—"
    return Bar(f"{step} · {group.group}", None if ratio is None else float(ratio),
               text + (" flagged" if group.flagged else ""), "bad" if group.flagged else "ok")
