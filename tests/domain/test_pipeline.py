"""The pipeline's pure rules and maths: allowed moves, funnel, summary, time in stage."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

import pytest

from hiring.domain.pipeline import (
    HIRED_FROM_OFFER,
    NEEDS_OFFER_DECISION,
    FunnelRow,
    allowed_move,
    funnel,
    move_targets,
    pipeline,
    stage_spans,
    stage_states,
    summarise,
)
from hiring.domain.rubric import Rubric
from hiring.domain.rubric_loader import parse_rubric


def two_stage_rubric() -> Rubric:
    """Pipeline: applied, screen, onsite, debrief, offer, hired, rejected, withdrawn."""
    return parse_rubric({
        "id": "inline",
        "title": "Inline",
        "scale": {"min": 1, "max": 5, "labels": {n: f"level {n}" for n in range(1, 6)}},
        "criteria": [{"id": "craft", "name": "Craft", "weight": 100, "description": "Craft.",
                      "anchors": {1: "Poor.", 5: "Excellent."}}],
        "stages": [{"id": sid, "name": name, "minutes": 45, "criteria": ["craft"],
                    "guide": "Look for evidence.", "questions": ["Tell me about it."]}
                   for sid, name in (("screen", "Screen"), ("onsite", "Onsite"))],
        "red_flags": [],
        "decision": {"bar": 3, "missing_criteria": "block", "red_flags": "discuss",
                     "floors": {}},
    }, "inline.yaml")


RUBRIC = two_stage_rubric()


MOVES = [
    # from, to, standing offer, refusal
    ("applied", "screen", False, None),
    ("onsite", "screen", False, None),  # back a stage
    ("onsite", "debrief", False, None),
    ("screen", "rejected", False, None),
    ("debrief", "withdrawn", False, None),
    ("debrief", "offer", False, NEEDS_OFFER_DECISION),
    ("debrief", "offer", True, None),
    ("hired", "offer", False, NEEDS_OFFER_DECISION),
    ("applied", "hired", False, HIRED_FROM_OFFER),
    ("debrief", "hired", True, HIRED_FROM_OFFER),  # an offer decision is not an offer yet
    ("offer", "hired", True, None),
    ("offer", "debrief", True, None),
    ("hired", "withdrawn", True, None),
    ("rejected", "onsite", False, None),  # back into the pipeline
]


@pytest.mark.parametrize(("from_stage", "to_stage", "offer", "refusal"), MOVES)
def test_allowed_move(from_stage, to_stage, offer, refusal):
    assert allowed_move(from_stage, to_stage, offer) == refusal


TARGETS = [
    ("applied", False, ["screen", "onsite", "debrief", "rejected", "withdrawn"]),
    ("screen", True, ["applied", "onsite", "debrief", "offer", "rejected", "withdrawn"]),
    ("debrief", False, ["applied", "screen", "onsite", "rejected", "withdrawn"]),
    ("offer", True, ["applied", "screen", "onsite", "debrief", "hired", "rejected",
                     "withdrawn"]),
    ("hired", True, ["applied", "screen", "onsite", "debrief", "offer", "rejected",
                     "withdrawn"]),
]


@pytest.mark.parametrize(("current", "offer", "expected"), TARGETS)
def test_move_targets_list_only_allowed_moves_in_pipeline_order(current, offer, expected):
    assert [s.id for s in move_targets(RUBRIC, current, offer)] == expected


FUNNEL = {
    # stage: reached, current, next label, conversion
    "applied": (3, 0, "Screen", Fraction(2, 3)),
    "screen": (2, 1, "Onsite", Fraction(0)),
    "onsite": (0, 0, "Debrief", None),  # nobody reached it: no division by zero
    "debrief": (0, 0, "Offer", None),
    "offer": (1, 1, "Hired", Fraction(0)),
    "hired": (0, 0, None, None),
    "rejected": (1, 1, None, None),  # an exit, not a step along the line
    "withdrawn": (0, 0, None, None),
}


def test_funnel_counts_every_stage_entered_and_converts_along_the_line():
    reached = Counter({"applied": 3, "screen": 2, "offer": 1, "rejected": 1})
    current = Counter({"screen": 1, "offer": 1, "rejected": 1})
    rows = funnel(RUBRIC, reached, current)
    assert [r.stage.id for r in rows] == list(FUNNEL)
    assert {r.stage.id: (r.reached, r.current, r.next_label, r.conversion)
            for r in rows} == FUNNEL


@pytest.mark.parametrize(("conversion", "percent"), [
    (Fraction(2, 3), 66), (Fraction(1), 100), (Fraction(0), 0), (Fraction(999, 1000), 99),
    (None, None)])
def test_funnel_percent_rounds_down(conversion, percent):
    assert FunnelRow(pipeline(RUBRIC)[0], 3, 0, "Screen", conversion).percent == percent


SUMMARIES = [
    # counts, total, by status, active stages
    ({}, 0, {}, []),
    ({"applied": 2, "onsite": 1, "offer": 1, "rejected": 3}, 7,
     {"active": 3, "offer": 1, "rejected": 3}, [("applied", 2), ("onsite", 1)]),
    ({"debrief": 1, "hired": 2, "withdrawn": 1}, 4,
     {"active": 1, "hired": 2, "withdrawn": 1}, [("debrief", 1)]),
]


@pytest.mark.parametrize(("counts", "total", "by_status", "active"), SUMMARIES)
def test_summarise(counts, total, by_status, active):
    summary = summarise(RUBRIC, Counter(counts))
    assert summary.total == total
    assert dict(summary.by_status) == by_status
    assert [(s.id, n) for s, n in summary.active_stages] == active
    assert [s.id for s, _ in summary.by_stage][:3] == ["applied", "screen", "onsite"]


@dataclass(frozen=True)
class Moved:
    to_stage: str
    moved_at: dt.datetime


T0 = dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def test_time_in_stage_runs_from_one_move_to_the_next():
    moves = [Moved("applied", T0), Moved("screen", T0 + 2 * DAY)]
    first, second = stage_spans(RUBRIC, moves)
    now = T0 + 7 * DAY
    assert (first.label, first.left_at, first.duration(now)) == ("Applied", T0 + 2 * DAY,
                                                                  2 * DAY)
    assert (second.label, second.left_at) == ("Screen", None)  # still there: until now
    assert second.duration(now) == 5 * DAY
    assert second.move is moves[1]


@pytest.mark.parametrize(("moves", "durations"), [
    ([], []),
    ([Moved("applied", T0)], [3 * DAY]),
    ([Moved("applied", T0), Moved("screen", T0 + DAY), Moved("applied", T0 + 2 * DAY)],
     [DAY, DAY, DAY]),
    ([Moved("applied", T0), Moved("rejected", T0)], [dt.timedelta(0), 3 * DAY]),
])
def test_stage_spans_cover_the_history_without_gaps(moves, durations):
    assert [s.duration(T0 + 3 * DAY) for s in stage_spans(RUBRIC, moves)] == durations


@pytest.mark.parametrize(("current", "visited", "states"), [
    ("applied", ["applied"], {"applied": "current"}),
    ("onsite", ["applied", "screen", "onsite"],
     {"applied": "done", "screen": "done", "onsite": "current"}),
    ("screen", ["applied", "onsite", "screen"],  # moved back: onsite stays done
     {"applied": "done", "screen": "current", "onsite": "done"}),
    ("rejected", ["applied", "rejected"], {"applied": "done", "rejected": "current"}),
])
def test_stage_states(current, visited, states):
    shown = {stage.id: state for stage, state in stage_states(RUBRIC, current, visited) if state}
    assert shown == states
