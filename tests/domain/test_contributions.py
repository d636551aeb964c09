"""Shown contributions add up to the shown weighted score (issue 8).

Each criterion's exact share of the weighted score, rounded down on its own, loses up to a
hundredth, so a column of shares used to add up to less than the total printed under it
(demo candidate Chen: 4.04 under 4.05). ``apportion`` rounds the column as a whole.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings

from hiring.domain.decide_io import parse_decide_input, render_text
from hiring.domain.decision import decide
from hiring.domain.rubric import Rubric
from hiring.domain.rubric_loader import parse_rubric
from hiring.domain.scoring import ScorecardInput, apportion
from tests.domain.test_decision import REFERENCE, card
from tests.domain.test_properties import cases

F = Fraction


def decide_json(rubric: Rubric, cards: list[ScorecardInput]) -> dict[str, Any]:
    """What `hiring decide --format json` prints for these scorecards, through its JSON input."""
    payload = {"scorecards": [
        {"interviewer": c.interviewer, "stage": c.stage,
         "status": "submitted" if c.submitted else "draft", "scores": dict(c.scores),
         "red_flags": [{"id": f.id, "note": f.note} for f in c.red_flags if f.id is not None]}
        for c in cards]}
    _, parsed = parse_decide_input(json.dumps(payload))
    return decide(rubric, parsed).to_dict()


@settings(max_examples=1000, deadline=None, derandomize=True, database=None)
@given(case=cases())
def test_shown_contributions_sum_to_the_shown_weighted_score(
        case: tuple[Rubric, list[ScorecardInput]]) -> None:
    out = decide_json(*case)
    scored = [c for c in out["criteria"] if c["mean"] is not None]
    for criterion in out["criteria"]:
        if criterion["mean"] is None:
            assert criterion["contribution"] is None
            assert criterion["contribution_exact"] is None
    if out["weighted_score"] is None:
        assert scored == []
        return
    shown = [Decimal(c["contribution"]) for c in scored]
    assert all(len(c["contribution"].rsplit(".", 1)[1]) == 2 for c in scored)
    assert sum(shown, Decimal(0)) == Decimal(out["weighted_score"])
    exact = [F(c["contribution_exact"]) for c in scored]
    assert sum(exact, F(0)) == F(out["weighted_score_exact"])
    for value, precise in zip(shown, exact, strict=True):
        assert abs(F(value) - precise) < F(1, 100)
        if precise >= 0:
            assert value >= 0


@pytest.mark.parametrize(("parts", "shown"), [
    pytest.param([F(1, 3)] * 3, ["0.34", "0.33", "0.33"], id="thirds-tie-to-the-first"),
    pytest.param([F(2, 3)] * 3, ["0.67", "0.67", "0.66"], id="two-thirds"),
    pytest.param([F(11, 12), F(14, 15), F(3, 5), F(3, 5), F(3, 5), F(2, 5)],
                 ["0.92", "0.93", "0.60", "0.60", "0.60", "0.40"], id="chen-largest-remainder"),
    pytest.param([F(4, 5), F(1), F(1), F(4, 5), F(2, 5)],
                 ["0.80", "1.00", "1.00", "0.80", "0.40"], id="float-trap-exact-parts-stay"),
    pytest.param([F(1, 8), F(1, 8)], ["0.13", "0.12"], id="eighths"),
    pytest.param([F(0), F(1, 300), F(1, 300), F(1, 300)], ["0.00", "0.01", "0.00", "0.00"],
                 id="zero-and-crumbs"),
    pytest.param([F(-1, 3), F(-1, 3)], ["-0.33", "-0.34"], id="negative-scale"),
    pytest.param([], [], id="nothing"),
])
def test_apportion_table(parts: list[Fraction], shown: list[str]) -> None:
    result = apportion(parts)
    assert [f"{float(v):.2f}" for v in result] == shown
    assert sum(result, F(0)) == F(int(sum(parts, F(0)) * 100 // 1), 100)


def test_the_float_trap_shows_exact_fifths() -> None:
    """4, 5, 5, 4, 2 at 20% each: 0.8 + 1.0 + 1.0 + 0.8 + 0.4 is 3.9999999999999996 in floats."""
    ids = ["a", "b", "c", "d", "e"]
    rubric = parse_rubric({
        "id": "fifths", "title": "Fifths",
        "scale": {"min": 1, "max": 5, "labels": {n: f"level {n}" for n in range(1, 6)}},
        "criteria": [{"id": cid, "name": cid.upper(), "weight": 20, "description": "It.",
                      "anchors": {1: "Poor.", 5: "Great."}} for cid in ids],
        "stages": [{"id": "onsite", "name": "Onsite", "minutes": 60, "criteria": ids,
                    "guide": "Look.", "questions": ["Why?"]}],
        "red_flags": [],
        "decision": {"bar": 4, "missing_criteria": "block", "red_flags": "discuss",
                     "floors": {}},
    }, "fifths")
    out = decide_json(rubric, [ScorecardInput("ana", "onsite",
                                              dict(zip(ids, [4, 5, 5, 4, 2], strict=True)))])
    assert [c["contribution"] for c in out["criteria"]] == ["0.80", "1.00", "1.00", "0.80",
                                                            "0.40"]
    assert [c["contribution_exact"] for c in out["criteria"]] == ["4/5", "1", "1", "4/5",
                                                                  "2/5"]
    assert (out["weighted_score"], out["outcome"], out["margin"]) == ("4.00", "offer", "0.00")


def chen_cards() -> list[ScorecardInput]:
    """The demo's Chen Wei, after the debugging amendment."""
    return [card("phone_screen", "ivan", coding=5),
            card("system_design_interview", "priya", system_design=4),
            card("system_design_interview", "sam", system_design=2),
            card("coding_interview", "jun", coding=5),
            card("debugging_interview", "lena", debugging=4),
            card("behavioral_interview", "marco", ownership=4, mentoring=4),
            card("architecture_review", "manager", system_design=5, ownership=4),
            card("pair_programming", "ivan", coding=4, cultural_fit=4),
            card("values_interview", "marco", cultural_fit=4)]


def test_chen_adds_up_everywhere_the_engine_shows_it() -> None:
    decision = decide(REFERENCE, chen_cards())
    out = decision.to_dict()
    assert out["weighted_score"] == "4.05"
    assert [(c["id"], c["contribution"], c["contribution_exact"]) for c in out["criteria"]] == [
        ("system_design", "0.92", "11/12"), ("coding", "0.93", "14/15"),
        ("debugging", "0.60", "3/5"), ("ownership", "0.60", "3/5"),
        ("mentoring", "0.60", "3/5"), ("cultural_fit", "0.40", "2/5")]
    # Rounded down one by one, these were 0.91 and 0.93: 4.04 under a total of 4.05.
    assert [r.contribution for r in decision.criteria][:2] == [F(11, 12), F(14, 15)]
    assert ("System Design (weight 25): mean 3.66 from 3 scores (2, 4, 5), contributing 0.92."
            in decision.reasons)
    text = render_text(decision, "Chen Wei")
    assert any(line.split() == ["System", "Design", "25", "3", "3.66", "0.92", "2,", "4,", "5"]
               for line in text.splitlines())
    assert any(line.split() == ["weighted", "score", "100", "4.05"]
               for line in text.splitlines())
