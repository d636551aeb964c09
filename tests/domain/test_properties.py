"""Properties of the decision engine on random scorecards.

Cases are drawn for both shipped rubrics and for random valid rubrics (random weights summing
to 100, scales that need not start at 1, random stages, bars, floors and policies), so that no
property holds only because of one rubric's numbers.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from hiring.domain.decision import Outcome, Rule, decide
from hiring.domain.rubric import MISSING_POLICIES, RED_FLAG_POLICIES, Rubric
from hiring.domain.rubric_loader import parse_rubric
from hiring.domain.scoring import FlagMark, ScorecardInput

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_DATA = [yaml.safe_load(p.read_text(encoding="utf-8"))
                for p in sorted((ROOT / "rubrics").glob("*.yaml"))]
SHIPPED = [parse_rubric(data, "shipped") for data in SHIPPED_DATA]
INTERVIEWERS = ("ana", "ben", "chen")

# Deterministic (same examples on every run) and quick: this file runs in a few seconds.
PROPERTY = settings(max_examples=200, deadline=None, derandomize=True, database=None)

RANK = {Outcome.NO_OFFER: 0, Outcome.INCOMPLETE: 0, Outcome.DISCUSS: 1, Outcome.OFFER: 2}
"""How good an outcome is for the candidate, for the monotonicity property.

Raising one submitted score (by one, within the scale) changes neither which red flags were
raised nor which criteria have a score. So rules 1-3 (veto, nothing scored, a criterion
missing under ``block``) apply after the raise exactly when they applied before: a vetoed case
stays ``no_offer`` and an incomplete one stays ``incomplete``; the property checks that
separately, which is why ``incomplete`` can share the bottom rank without hiding anything.
What the raise can change is rules 4-5: a floor can only stop being missed (the mean rose)
and the weighted score can only rise, so a case can move from ``no_offer`` to ``discuss``
(flags under ``discuss``) or to ``offer`` (no flags, or ``ignore``), never back. ``discuss``
ranks below ``offer`` because it is an offer held for a conversation; the two are never both
reachable from one set of flags, so their relative rank is never what a test relies on.
"""


def _weights(draw: st.DrawFn, count: int) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=count - 1, max_size=count - 1,
                                unique=True)))
    return [high - low for low, high in zip([0, *cuts], [*cuts, 100], strict=True)]


def _number(hundredths: int) -> int | float:
    """A YAML number as an author writes it: 4, 3.5 or 3.25 (parsed exactly by the loader)."""
    return hundredths // 100 if hundredths % 100 == 0 else hundredths / 100


@st.composite
def rubric_data(draw: st.DrawFn) -> dict[str, Any]:
    """The parsed YAML of a random valid rubric."""
    ids = [f"k{i}" for i in range(draw(st.integers(1, 5)))]
    low = draw(st.integers(-1, 2))
    high = low + draw(st.integers(1, 6))
    stage_count = draw(st.integers(1, 4))
    home = {cid: draw(st.integers(0, stage_count - 1)) for cid in ids}
    stages = []
    for s in range(stage_count):
        chosen = [cid for cid in ids if home[cid] == s or draw(st.booleans())]
        stages.append({"id": f"s{s}", "name": f"Stage {s}", "minutes": 45,
                       "criteria": chosen or [draw(st.sampled_from(ids))],
                       "guide": "Look for evidence.", "questions": ["Tell me about it."]})
    floors = {cid: _number(draw(st.integers(low * 2, high * 2)) * 50)
              for cid in draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))}
    return {
        "id": "random",
        "title": "Random rubric",
        "scale": {"min": low, "max": high,
                  "labels": {n: f"level {n}" for n in range(low, high + 1)}},
        "criteria": [{"id": cid, "name": cid.upper(), "weight": weight,
                      "description": "Something observable.",
                      "anchors": {low: "Poor.", high: "Excellent."}}
                     for cid, weight in zip(ids, _weights(draw, len(ids)), strict=True)],
        "stages": stages,
        "red_flags": [{"id": f"f{i}", "label": f"Flag {i}", "category": "other"}
                      for i in range(draw(st.integers(0, 2)))],
        "decision": {"bar": _number(draw(st.integers(low * 100, high * 100))),
                     "missing_criteria": draw(st.sampled_from(MISSING_POLICIES)),
                     "red_flags": draw(st.sampled_from(RED_FLAG_POLICIES)),
                     "floors": floors},
    }


ANY_RUBRIC_DATA = st.one_of(st.sampled_from(SHIPPED_DATA), rubric_data())
ANY_RUBRIC = st.one_of(st.sampled_from(SHIPPED), rubric_data().map(
    lambda data: parse_rubric(data, "random")))


@st.composite
def scorecards(draw: st.DrawFn, rubric: Rubric) -> list[ScorecardInput]:
    """Valid scorecards: at most one submitted per interviewer and stage; drafts anywhere."""
    low, high = rubric.scale.min, rubric.scale.max
    flag_ids = [f.id for f in rubric.red_flags]
    cards: list[ScorecardInput] = []
    submitted: set[tuple[str, str]] = set()
    for _ in range(draw(st.integers(0, 7))):
        stage = draw(st.sampled_from(rubric.stages))
        interviewer = draw(st.sampled_from(INTERVIEWERS))
        is_submitted = draw(st.sampled_from([True, True, True, False]))
        if is_submitted and (interviewer, stage.id) in submitted:
            is_submitted = False
        if is_submitted:
            submitted.add((interviewer, stage.id))
        scores: dict[str, int | None] = {}
        for cid in stage.criteria:
            choice = draw(st.sampled_from(["score", "score", "score", "null", "absent"]))
            if choice == "score":
                scores[cid] = draw(st.integers(low, high))
            elif choice == "null":
                scores[cid] = None
        flags = []
        if flag_ids and draw(st.integers(0, 4)) == 0:
            flags.append(FlagMark(draw(st.sampled_from(flag_ids)), note="seen"))
        if draw(st.integers(0, 9)) == 0:
            flags.append(FlagMark(None, label="Something else"))
        cards.append(ScorecardInput(interviewer, stage.id, scores, tuple(flags), is_submitted))
    return cards


@st.composite
def cases(draw: st.DrawFn) -> tuple[Rubric, list[ScorecardInput]]:
    rubric = draw(ANY_RUBRIC)
    return rubric, draw(scorecards(rubric))


@PROPERTY
@given(data=st.data())
def test_raising_one_score_never_lowers_the_outcome_or_the_weighted_score(
        data: st.DataObject) -> None:
    rubric, cards = data.draw(cases())
    raisable = [(i, cid) for i, c in enumerate(cards) if c.submitted
                for cid, score in c.scores.items()
                if score is not None and score < rubric.scale.max]
    if not raisable:
        cards = [*cards, ScorecardInput("dana", rubric.stages[0].id,
                                        {rubric.stages[0].criteria[0]: rubric.scale.min})]
        raisable = [(len(cards) - 1, rubric.stages[0].criteria[0])]
    index, cid = data.draw(st.sampled_from(raisable))
    card = cards[index]
    score = card.scores[cid]
    assert score is not None
    higher = [*cards]
    higher[index] = dataclasses.replace(card, scores={**card.scores, cid: score + 1})

    before, after = decide(rubric, cards), decide(rubric, higher)

    assert before.weighted_score is not None
    assert after.weighted_score is not None
    assert after.weighted_score > before.weighted_score
    old_mean = next(r.mean for r in before.criteria if r.criterion.id == cid)
    new_mean = next(r.mean for r in after.criteria if r.criterion.id == cid)
    assert old_mean is not None
    assert new_mean is not None
    assert new_mean > old_mean
    assert after.red_flags == before.red_flags
    assert after.missing == before.missing
    assert (after.outcome is Outcome.INCOMPLETE) == (before.outcome is Outcome.INCOMPLETE)
    assert (after.rule is Rule.VETO) == (before.rule is Rule.VETO)
    assert RANK[after.outcome] >= RANK[before.outcome], (before.reasons, after.reasons)


@PROPERTY
@given(data=st.data())
def test_the_order_of_scorecards_does_not_matter(data: st.DataObject) -> None:
    rubric, cards = data.draw(cases())
    shuffled = data.draw(st.permutations(cards))
    assert decide(rubric, shuffled).to_dict() == decide(rubric, cards).to_dict()


@PROPERTY
@given(data=st.data())
def test_drafts_never_change_the_decision(data: st.DataObject) -> None:
    rubric, cards = data.draw(cases())
    only_submitted = [c for c in cards if c.submitted]
    assert decide(rubric, only_submitted).to_dict() == decide(rubric, cards).to_dict()


@PROPERTY
@given(case=cases())
def test_the_weighted_score_lies_within_the_scale(case: tuple[Rubric, list[ScorecardInput]]
                                                  ) -> None:
    rubric, cards = case
    decision = decide(rubric, cards)
    scale = rubric.scale
    for result in decision.criteria:
        assert result.mean is None or scale.min <= result.mean <= scale.max
    if decision.weighted_score is None:
        assert all(r.mean is None for r in decision.criteria)
        assert decision.outcome is Outcome.INCOMPLETE or decision.rule is Rule.VETO
        return
    assert scale.min <= decision.weighted_score <= scale.max
    contributions = [r.contribution for r in decision.criteria if r.contribution is not None]
    assert sum(contributions, Fraction(0)) == decision.weighted_score
    if decision.outcome is Outcome.INCOMPLETE:  # a partial score is held to no bar
        assert (decision.meets_bar, decision.shown_margin) == (None, None)
    else:
        assert decision.meets_bar == (decision.weighted_score >= rubric.decision.bar)


@st.composite
def one_score_per_criterion(draw: st.DrawFn) -> tuple[dict[str, Any], list[ScorecardInput]]:
    """Rubric data and one submitted score for every criterion, no flags."""
    data = draw(ANY_RUBRIC_DATA)
    low, high = data["scale"]["min"], data["scale"]["max"]
    cards = []
    for criterion in data["criteria"]:
        cid = criterion["id"]
        stage = draw(st.sampled_from([s["id"] for s in data["stages"] if cid in s["criteria"]]))
        cards.append(ScorecardInput(f"interviewer-{cid}", stage,
                                    {cid: draw(st.integers(low, high))}))
    return data, cards


@PROPERTY
@given(case=one_score_per_criterion())
def test_a_case_exactly_on_a_bar_written_in_the_file_meets_it(
        case: tuple[dict[str, Any], list[ScorecardInput]]) -> None:
    """Integer weights and one score per criterion give a score in hundredths, which a file
    can state exactly as the bar (4.05, 3.1): the float trap would put some of these under."""
    data, cards = case
    data = {**data, "decision": {**data["decision"], "floors": {}}}
    weights = {c["id"]: c["weight"] for c in data["criteria"]}
    hundredths = sum(weights[cid] * score for card in cards for cid, score in card.scores.items())
    data["decision"]["bar"] = _number(hundredths)

    decision = decide(parse_rubric(data, "on-the-bar"), cards)
    assert decision.weighted_score == Fraction(hundredths, 100) == decision.bar
    assert decision.meets_bar is True
    assert decision.margin == 0
    assert (decision.outcome, decision.rule) == (Outcome.OFFER, Rule.MEETS_BAR)
    assert any("sits exactly on the bar" in reason for reason in decision.reasons)

    if hundredths + 1 <= data["scale"]["max"] * 100:
        data["decision"]["bar"] = _number(hundredths + 1)
        above = decide(parse_rubric(data, "one-hundredth-above"), cards)
        assert (above.meets_bar, above.rule) == (False, Rule.BELOW_BAR)


@PROPERTY
@given(case=cases())
def test_a_bar_equal_to_any_exact_score_is_met(case: tuple[Rubric, list[ScorecardInput]]
                                               ) -> None:
    rubric, cards = case
    weighted = decide(rubric, cards).weighted_score
    if weighted is None:
        return
    on_bar = dataclasses.replace(
        rubric, decision=dataclasses.replace(rubric.decision, bar=weighted))
    decision = decide(on_bar, cards)
    assert decision.margin == 0
    assert decision.rule is not Rule.BELOW_BAR
    assert decision.meets_bar is (None if decision.outcome is Outcome.INCOMPLETE else True)
