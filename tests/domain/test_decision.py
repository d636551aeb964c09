"""The decision engine: rules 1-7 in order, exact arithmetic, display and explanations."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from hiring.domain.decide_io import parse_decide_input
from hiring.domain.decision import Decision, Outcome, Rule, decide, robustness
from hiring.domain.problems import InputError
from hiring.domain.rubric import Rubric
from hiring.domain.rubric_loader import load_rubric_file, parse_rubric
from hiring.domain.scoring import FlagMark, ScorecardInput, aggregate, exact, show, show_margin

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = load_rubric_file(ROOT / "rubrics" / "senior-engineer.yaml")
MANAGER = load_rubric_file(ROOT / "rubrics" / "engineering-manager.yaml")


def make_rubric(weights: dict[str, int], stages: dict[str, Sequence[str]], *,
                bar: float = 4, missing: str = "block", flags: str = "discuss",
                floors: dict[str, float] | None = None) -> Rubric:
    """A small valid rubric on a 1-5 scale, built inline so that each test shows its numbers."""
    data: dict[str, Any] = {
        "id": "inline",
        "title": "Inline",
        "scale": {"min": 1, "max": 5, "labels": {n: f"level {n}" for n in range(1, 6)}},
        "criteria": [
            {"id": cid, "name": cid.upper(), "weight": weight, "description": f"About {cid}.",
             "anchors": {1: "Poor.", 5: "Excellent."}}
            for cid, weight in weights.items()
        ],
        "stages": [
            {"id": sid, "name": f"Stage {sid}", "minutes": 45, "criteria": list(criteria),
             "guide": "Look for evidence.", "questions": ["Tell me about it."]}
            for sid, criteria in stages.items()
        ],
        "red_flags": [
            {"id": "rude", "label": "Rude to staff", "category": "behavioral"},
            {"id": "over_engineers", "label": "Over-engineers", "category": "technical"},
        ],
        "decision": {"bar": bar, "missing_criteria": missing, "red_flags": flags,
                     "floors": floors or {}},
    }
    return parse_rubric(data, "inline.yaml")


def card(stage: str, interviewer: str = "i1", *, flags: Sequence[str | FlagMark] = (),
         submitted: bool = True, **scores: int | None) -> ScorecardInput:
    marks = tuple(f if isinstance(f, FlagMark) else FlagMark(id=f) for f in flags)
    return ScorecardInput(interviewer=interviewer, stage=stage, scores=scores,
                          red_flags=marks, submitted=submitted)


def small(**policy: Any) -> Rubric:
    """Criteria a (50), b (30), c (20); stage sa scores a, sb scores b and c, sc scores c."""
    return make_rubric({"a": 50, "b": 30, "c": 20}, {"sa": ["a"], "sb": ["b", "c"], "sc": ["c"]},
                       **policy)


def scored(a: int | None, b: int | None, c: int | None, *, flag: bool = False
           ) -> list[ScorecardInput]:
    return [card("sa", "i1", a=a, flags=["rude"] if flag else ()),
            card("sb", "i2", b=b, c=c)]


def candidate_a() -> list[ScorecardInput]:
    _, cards = parse_decide_input((ROOT / "examples" / "candidate-a.json").read_text())
    return cards


# --- rules 1-7 and their precedence ---------------------------------------------------------

RULE_CASES = [
    # 1. veto
    ("veto", {"flags": "veto"}, scored(5, 5, 5, flag=True), Outcome.NO_OFFER, Rule.VETO),
    ("veto-beats-nothing-scored", {"flags": "veto"}, [card("sa", a=None, flags=["rude"])],
     Outcome.NO_OFFER, Rule.VETO),
    ("veto-beats-incomplete", {"flags": "veto"}, [card("sa", a=5, flags=["over_engineers"])],
     Outcome.NO_OFFER, Rule.VETO),
    ("veto-beats-floor", {"flags": "veto", "floors": {"c": 3}}, scored(5, 5, 1, flag=True),
     Outcome.NO_OFFER, Rule.VETO),
    # 2. nothing scored
    ("no-scorecards", {}, [], Outcome.INCOMPLETE, Rule.NOTHING_SCORED),
    ("only-not-assessed", {}, scored(None, None, None), Outcome.INCOMPLETE, Rule.NOTHING_SCORED),
    ("nothing-scored-under-renormalize", {"missing": "renormalize"}, scored(None, None, None),
     Outcome.INCOMPLETE, Rule.NOTHING_SCORED),
    ("nothing-scored-beats-discuss", {}, [card("sa", a=None, flags=["rude"])],
     Outcome.INCOMPLETE, Rule.NOTHING_SCORED),
    # 3. missing under block
    ("missing-under-block", {}, scored(5, 5, None), Outcome.INCOMPLETE, Rule.MISSING),
    ("incomplete-beats-floor", {"floors": {"a": 4}}, scored(2, 5, None),
     Outcome.INCOMPLETE, Rule.MISSING),
    ("incomplete-beats-below-bar", {}, scored(1, 1, None), Outcome.INCOMPLETE, Rule.MISSING),
    ("incomplete-beats-discuss", {}, scored(5, 5, None, flag=True),
     Outcome.INCOMPLETE, Rule.MISSING),
    # 4. floors
    ("floor", {"floors": {"c": 3}}, scored(5, 5, 2), Outcome.NO_OFFER, Rule.FLOOR),
    ("floor-beats-below-bar", {"floors": {"c": 3}}, scored(3, 3, 2),
     Outcome.NO_OFFER, Rule.FLOOR),
    ("floor-beats-discuss", {"floors": {"c": 3}}, scored(5, 5, 2, flag=True),
     Outcome.NO_OFFER, Rule.FLOOR),
    ("floor-met-exactly", {"floors": {"c": 4}}, scored(4, 4, 4), Outcome.OFFER, Rule.MEETS_BAR),
    ("fractional-floor", {"floors": {"c": 4.5}}, scored(5, 5, 4), Outcome.NO_OFFER, Rule.FLOOR),
    # 5. the bar
    ("below-bar", {}, scored(3, 3, 3), Outcome.NO_OFFER, Rule.BELOW_BAR),
    ("below-bar-beats-discuss", {}, scored(3, 4, 4, flag=True), Outcome.NO_OFFER, Rule.BELOW_BAR),
    ("exactly-on-bar", {}, scored(4, 4, 4), Outcome.OFFER, Rule.MEETS_BAR),
    ("just-below-bar", {"bar": 4.1}, scored(4, 4, 4), Outcome.NO_OFFER, Rule.BELOW_BAR),
    # 6. discuss
    ("discuss", {}, scored(5, 5, 5, flag=True), Outcome.DISCUSS, Rule.FLAGS_DISCUSS),
    ("discuss-on-the-bar", {}, scored(4, 4, 4, flag=True), Outcome.DISCUSS, Rule.FLAGS_DISCUSS),
    # 7. offer
    ("offer", {}, scored(5, 4, 4), Outcome.OFFER, Rule.MEETS_BAR),
    # the ignore policy: flags change nothing
    ("ignore-flags", {"flags": "ignore"}, scored(5, 5, 5, flag=True),
     Outcome.OFFER, Rule.MEETS_BAR),
    ("ignore-flags-below-bar", {"flags": "ignore"}, scored(3, 3, 3, flag=True),
     Outcome.NO_OFFER, Rule.BELOW_BAR),
    # renormalize: a missing criterion is left out of the weighted score
    ("renormalize", {"missing": "renormalize"}, scored(5, 5, None),
     Outcome.OFFER, Rule.MEETS_BAR),
    ("renormalize-below-bar", {"missing": "renormalize"}, scored(3, 4, None),
     Outcome.NO_OFFER, Rule.BELOW_BAR),
    ("renormalize-unchecked-floor", {"missing": "renormalize", "floors": {"c": 3}},
     scored(5, 5, None), Outcome.OFFER, Rule.MEETS_BAR),
    ("renormalize-veto", {"missing": "renormalize", "flags": "veto"},
     scored(5, None, None, flag=True), Outcome.NO_OFFER, Rule.VETO),
]


@pytest.mark.parametrize(("policy", "cards", "outcome", "rule"),
                         [pytest.param(p, c, o, r, id=name) for name, p, c, o, r in RULE_CASES])
def test_first_rule_that_applies_wins(policy: dict[str, Any], cards: list[ScorecardInput],
                                      outcome: Outcome, rule: Rule) -> None:
    decision = decide(small(**policy), cards)
    assert (decision.outcome, decision.rule) == (outcome, rule)
    assert decision.to_dict()["outcome"] == outcome.value
    assert decision.to_dict()["rule"] == rule.value


def test_every_rule_and_outcome_is_covered_by_the_table() -> None:
    assert {r for *_, r in RULE_CASES} == set(Rule)
    assert {o for *_, o, _ in RULE_CASES} == set(Outcome)


@pytest.mark.parametrize(("flags", "outcome"), [
    ("discuss", Outcome.DISCUSS), ("veto", Outcome.NO_OFFER), ("ignore", Outcome.OFFER)])
def test_free_text_flags_count_like_rubric_flags(flags: str, outcome: Outcome) -> None:
    free = FlagMark(id=None, label="Shared a previous employer's source code",
                    note="Offered to show it.")
    decision = decide(small(flags=flags), [card("sa", a=5, flags=[free]),
                                           card("sb", "i2", b=5, c=5)])
    assert decision.outcome is outcome
    [raised] = decision.red_flags
    assert (raised.id, raised.label, raised.category) == (
        None, "Shared a previous employer's source code", "other")
    assert decision.to_dict()["red_flags"] == [
        {"id": None, "label": "Shared a previous employer's source code", "stage": "sa",
         "interviewer": "i1", "note": "Offered to show it."}]


def test_a_free_text_flag_needs_a_label() -> None:
    with pytest.raises(InputError, match="a free-text red flag needs a label"):
        decide(small(), [card("sa", a=5, flags=[FlagMark(id=None, label=" ")])])


# --- which scores count ------------------------------------------------------------------------


def test_drafts_are_ignored() -> None:
    rubric = small(flags="veto")
    cards = [*scored(5, 5, 5),
             card("sa", "i3", a=1, flags=["rude"], submitted=False),
             card("sb", "i2", b=1, c=1, submitted=False)]  # same interviewer and stage: fine
    decision = decide(rubric, cards)
    assert (decision.outcome, decision.weighted_score) == (Outcome.OFFER, 5)
    assert [r.scores for r in decision.criteria] == [(5,), (5,), (5,)]
    assert decision.red_flags == ()
    assert decision.scorecards_counted == 2


def test_only_drafts_is_nothing_scored() -> None:
    decision = decide(small(), [card("sa", a=5, submitted=False)])
    assert decision.rule is Rule.NOTHING_SCORED
    assert decision.weighted_score is None
    assert decision.scorecards_counted == 0
    assert decision.to_dict()["weighted_score"] is None


def test_not_assessed_is_never_counted_as_a_number() -> None:
    """The 4.00 -> 2.86 bug: five 4s and two "not assessed" averaged over seven."""
    rubric = make_rubric({"craft": 100}, {"panel": ["craft"]})
    cards = [card("panel", f"i{n}", craft=4) for n in range(5)]
    cards += [card("panel", "i5", craft=None), card("panel", "i6")]  # null, and left out
    decision = decide(rubric, cards)
    [craft] = decision.criteria
    assert (craft.n, craft.mean) == (5, 4)
    assert decision.weighted_score == 4
    assert show(Fraction(20, 7)) == "2.85"  # what counting the nulls as zero would give
    assert decision.to_dict()["criteria"][0]["mean"] == "4.00"
    assert decision.outcome is Outcome.OFFER


def test_a_null_next_to_a_score_keeps_the_mean() -> None:
    cards = [card("behavioral_interview", "i1", ownership=4, mentoring=4),
             card("behavioral_interview", "i2", ownership=4, mentoring=None)]
    results = {r.criterion.id: r for r in decide(REFERENCE, cards).criteria}
    assert (results["mentoring"].n, results["mentoring"].mean) == (1, 4)
    assert (results["ownership"].n, results["ownership"].mean) == (2, 4)


def test_one_vote_per_scorecard_not_per_stage() -> None:
    cards = [card("phone_screen", "i1", coding=5),
             card("coding_interview", "i2", coding=3),
             card("coding_interview", "i3", coding=4)]
    [coding] = [r for r in decide(REFERENCE, cards).criteria if r.criterion.id == "coding"]
    assert coding.scores == (3, 4, 5)
    assert coding.mean == 4  # not the mean of stage means, (5 + 3.5) / 2


def test_one_interviewer_in_two_stages_casts_two_votes() -> None:
    cards = [card("phone_screen", "i1", coding=2), card("pair_programming", "i1", coding=5)]
    [coding] = [r for r in decide(REFERENCE, cards).criteria if r.criterion.id == "coding"]
    assert (coding.n, coding.mean) == (2, Fraction(7, 2))


def test_block_and_renormalize_compute_the_same_score_but_decide_differently() -> None:
    cards = scored(4, 5, None)
    blocked = decide(small(missing="block"), cards)
    renormalized = decide(small(missing="renormalize"), cards)
    # (50 x 4 + 30 x 5) / 80 over the scored criteria only
    assert blocked.weighted_score == renormalized.weighted_score == Fraction(35, 8)
    assert blocked.scored_weight == renormalized.scored_weight == 80
    assert "the scored criteria only (weights 80 of 100)" in " ".join(renormalized.reasons)
    assert [r.criterion.id for r in blocked.missing] == ["c"]
    assert [r.criterion.id for r in renormalized.missing] == ["c"]
    assert (blocked.outcome, renormalized.outcome) == (Outcome.INCOMPLETE, Outcome.OFFER)
    assert renormalized.to_dict()["weighted_score"] == "4.37"
    assert renormalized.to_dict()["weighted_score_exact"] == "35/8"
    assert renormalized.to_dict()["missing"] == ["c"]


# --- exact arithmetic and display ----------------------------------------------------------


def test_the_float_trap_sits_exactly_on_the_bar() -> None:
    """Five criteria at 20% scoring 4, 5, 5, 4, 2: exactly 4, which floats get wrong."""
    ids = ["c1", "c2", "c3", "c4", "c5"]
    rubric = make_rubric(dict.fromkeys(ids, 20), {"panel": ids}, bar=4.0)
    scores = dict(zip(ids, (4, 5, 5, 4, 2), strict=True))
    assert sum(0.2 * s for s in scores.values()) < 4  # the trap is real
    decision = decide(rubric, [card("panel", **scores)])
    assert decision.weighted_score == 4
    assert decision.meets_bar is True
    assert decision.margin == 0
    assert (decision.outcome, decision.rule) == (Outcome.OFFER, Rule.MEETS_BAR)
    out = decision.to_dict()
    assert (out["weighted_score"], out["weighted_score_exact"], out["margin"]) == (
        "4.00", "4", "0.00")
    assert "It sits exactly on the bar of 4.00, which meets it." in decision.reasons


def test_candidate_a_is_exact() -> None:
    decision = decide(REFERENCE, candidate_a())
    assert decision.weighted_score == Fraction(503, 120)
    assert decision.margin == Fraction(23, 120)
    assert sum(r.contribution for r in decision.criteria) == decision.weighted_score
    assert all(isinstance(r.mean, Fraction) for r in decision.criteria)


@pytest.mark.parametrize(("value", "shown"), [
    (Fraction(3996, 1000), "3.99"),
    (Fraction(3999999, 1000000), "3.99"),
    (4, "4.00"),
    (Fraction(4), "4.00"),
    (Fraction(-1, 1000), "-0.01"),
    (Fraction(-1, 2), "-0.50"),
    (Fraction(0), "0.00"),
    (Fraction(2, 3), "0.66"),
    (Fraction(503, 120), "4.19"),
    (Fraction(9, 2), "4.50"),
    (Fraction(1001, 100), "10.01"),
])
def test_shown_numbers_are_rounded_down(value: Fraction | int, shown: str) -> None:
    assert show(value) == shown


@pytest.mark.parametrize(("value", "text"), [
    (Fraction(6, 4), "3/2"), (Fraction(8, 2), "4"), (Fraction(-3, 6), "-1/2"),
    (Fraction(1006, 240), "503/120"), (Fraction(0), "0")])
def test_exact_fractions_are_reduced(value: Fraction, text: str) -> None:
    assert exact(value) == text


def test_a_score_a_hair_below_the_bar_never_reads_as_meeting_it() -> None:
    rubric = make_rubric({"a": 99, "b": 1}, {"panel": ["a", "b"]})
    cards = [card("panel", "i1", a=4, b=3), card("panel", "i2", a=4, b=4)]
    decision = decide(rubric, cards)
    assert decision.weighted_score == Fraction(3995, 1000)
    assert (decision.outcome, decision.meets_bar) == (Outcome.NO_OFFER, False)
    assert decision.to_dict()["weighted_score"] == "3.99"
    assert decision.to_dict()["margin"] == decision.shown_margin == "-0.01"
    assert "It falls short of the bar of 4.00 with a margin of -0.01." in decision.reasons


@pytest.mark.parametrize(("margin", "shown"), [
    (Fraction(-51, 1000), "-0.06"),  # the shortfall rounds up: 3.949 shows as 3.94
    (Fraction(-1, 200), "-0.01"),  # below the bar never reads as 0.00
    (Fraction(-1, 1000000), "-0.01"),
    (Fraction(-1), "-1.00"),
    (Fraction(0), "0.00"),  # exactly on the bar
    (Fraction(1, 200), "+0.00"),  # above by less than a hundredth: rounded down, still "+"
    (Fraction(5, 100), "+0.05"),
    (Fraction(23, 120), "+0.19"),
])
def test_the_margin_is_shown_signed_and_rounded_down(margin: Fraction, shown: str) -> None:
    assert show_margin(margin) == shown


def test_every_reading_of_the_margin_uses_the_one_formatter() -> None:
    """3.949 against 4.00: the JSON, the explanation and the pages all say -0.06."""
    rubric = make_rubric({"a": 49, "b": 51}, {"panel": ["a", "b"]})
    cards = [card("panel", f"i{n}", a=4, b=3 if n == 0 else 4) for n in range(10)]
    decision = decide(rubric, cards)
    assert decision.margin == Fraction(-51, 1000)
    assert decision.weighted_score is not None
    assert show(decision.weighted_score) == "3.94"
    assert decision.shown_margin == decision.to_dict()["margin"] == "-0.06"
    assert "It falls short of the bar of 4.00 with a margin of -0.06." in decision.reasons


# --- explanations ------------------------------------------------------------------------


def test_explanation_gives_each_criterion_mean_and_contribution() -> None:
    decision = decide(REFERENCE, candidate_a())
    assert decision.reasons[0] == "Offer: the weighted score 4.19 meets the bar of 4.00."
    assert decision.summary == decision.reasons[0]
    for result in decision.criteria:
        c = result.criterion
        assert result.contribution is not None
        assert result.mean is not None
        [line] = [r for r in decision.reasons if r.startswith(f"{c.name} (weight ")]
        assert f"mean {show(result.mean)}" in line
        assert result.shown_contribution is not None
        assert f"contributing {show(result.shown_contribution)}" in line
    assert ("System Design (weight 25): mean 4.50 from 2 scores (4, 5), contributing 1.12."
            in decision.reasons)
    # 13/15 alone would round down to 0.86; the shown parts must add up to 4.19
    assert ("Coding (weight 20): mean 4.33 from 3 scores (4, 4, 5), contributing 0.87."
            in decision.reasons)
    assert "Weighted score 4.19 (exactly 503/120) over all criteria." in decision.reasons
    assert "It meets the bar of 4.00 with a margin of +0.19." in decision.reasons


def test_explanation_names_what_is_missing_and_who_would_score_it() -> None:
    cards = [c for c in candidate_a() if c.stage not in ("behavioral_interview",
                                                         "architecture_review")]
    decision = decide(REFERENCE, cards)
    assert decision.rule is Rule.MISSING
    assert [r.criterion.id for r in decision.missing] == ["ownership", "mentoring"]
    assert decision.reasons[0] == (
        "Incomplete: Ownership, Mentoring have no submitted score, and this rubric decides "
        "only when every criterion is scored.")
    assert ("Ownership (weight 15): not scored; Behavioral or Architecture Review would "
            "score it.") in decision.reasons
    assert "Mentoring (weight 15): not scored; Behavioral would score it." in decision.reasons
    assert any("over the scored criteria so far (weights 70 of 100): not a result" in r
               for r in decision.reasons)
    assert not any("meets the bar" in r or "margin" in r for r in decision.reasons)
    assert (decision.meets_bar, decision.shown_margin) == (None, None)


def test_explanation_names_the_floor_that_decided() -> None:
    cards = [
        card("hiring_manager_screen", "m1", people_leadership=3, delivery_and_prioritisation=5),
        card("people_management_interview", "m2", people_leadership=2),
        card("architecture_decision_interview", "m3", technical_judgment=5,
             stakeholder_communication=5),
        card("execution_interview", "m4", delivery_and_prioritisation=5),
        card("incident_review_exercise", "m5", operational_excellence=5),
    ]
    decision = decide(MANAGER, cards)
    assert decision.meets_bar is True  # the floor decides, not the bar
    assert (decision.outcome, decision.rule) == (Outcome.NO_OFFER, Rule.FLOOR)
    [miss] = decision.floor_misses
    assert (miss.criterion.id, miss.mean, miss.floor) == ("people_leadership", Fraction(5, 2), 3)
    assert decision.reasons[0] == (
        "No offer: People Leadership averages 2.50, below its floor of 3.00.")


def test_explanation_says_a_met_floor_is_met() -> None:
    decision = decide(small(floors={"c": 3}), scored(5, 5, 3))
    assert decision.outcome is Outcome.OFFER
    assert "C meets its floor of 3.00." in decision.reasons


def test_explanation_names_the_flag_that_decided() -> None:
    cards = candidate_a()
    cards[1] = ScorecardInput(
        interviewer="interviewer-2", stage="system_design_interview", scores={"system_design": 4},
        red_flags=(FlagMark("over_engineers", note="Kubernetes for a 100 req/day service."),))
    decision = decide(REFERENCE, cards)
    assert decision.outcome is Outcome.DISCUSS
    assert decision.reasons[0] == (
        "Discuss: the weighted score 4.19 meets the bar of 4.00, but 1 red flag must be "
        "discussed by the committee.")
    assert ("Red flag 'Over-engineers (e.g. Kubernetes for 100 req/day)' raised by "
            "interviewer-2 in System Design: Kubernetes for a 100 req/day service. (this rubric "
            "sends the case to discussion).") in decision.reasons


def test_explanation_of_a_veto() -> None:
    decision = decide(small(flags="veto"), scored(5, 5, 5, flag=True))
    assert decision.reasons[0] == (
        "No offer: 1 red flag raised and this rubric vetoes any red flag.")
    assert "Red flag 'Rude to staff' raised by i1 in Stage sa (this rubric vetoes an offer)." \
        in decision.reasons


def test_explanation_of_an_unchecked_floor_under_renormalize() -> None:
    decision = decide(small(missing="renormalize", floors={"c": 3}), scored(5, 5, None))
    assert decision.outcome is Outcome.OFFER
    assert "The floor of 3.00 on C could not be checked: it has no score." in decision.reasons
    assert ("Not scored: C; this rubric renormalizes the weights over the scored criteria."
            in decision.reasons)


def test_explanation_of_the_shortfall() -> None:
    decision = decide(small(), scored(4, 4, 3))  # (200 + 120 + 60) / 100 = 3.8
    assert decision.reasons[0] == "No offer: the weighted score 3.80 is below the bar of 4.00."
    assert "It falls short of the bar of 4.00 with a margin of -0.20." in decision.reasons


def test_nothing_scored_has_no_numbers() -> None:
    decision = decide(REFERENCE, [])
    assert (decision.weighted_score, decision.meets_bar, decision.margin) == (None, None, None)
    assert (decision.scored_weight, decision.shown_margin) == (0, None)
    assert decision.reasons[0] == "Incomplete: no criterion has a submitted score yet."
    assert not any(r.startswith("Weighted score") for r in decision.reasons)


def test_decide_rejects_scorecards_that_do_not_fit_the_rubric() -> None:
    with pytest.raises(InputError, match=r"score for a must be a whole number from 1 to 5"):
        decide(small(), [card("sa", a=6)])
    with pytest.raises(InputError, match="already submitted a scorecard for stage sa"):
        decide(small(), [card("sa", a=4), card("sa", a=5)])


# --- robustness ----------------------------------------------------------------------------


def _by_stage(rows: Sequence[Any]) -> dict[str, bool]:
    return {row.scorecard.stage: row.changes_outcome for row in rows}


def test_robustness_leaves_out_each_submitted_scorecard() -> None:
    cards = candidate_a()
    rows = robustness(REFERENCE, cards)
    # The values interview is a draft: it is never left out because it never counted.
    assert _by_stage(rows) == {
        "phone_screen": False,
        "system_design_interview": False,
        "coding_interview": False,
        "debugging_interview": True,  # debugging would have no score
        "behavioral_interview": True,  # mentoring would have no score
        "architecture_review": False,
        "pair_programming": True,  # cultural fit would have no score
    }
    for row in rows:
        rest = [c for c in cards if c is not row.scorecard]
        assert row.decision.to_dict() == decide(REFERENCE, rest).to_dict()
    [pairing] = [r for r in rows if r.scorecard.stage == "pair_programming"]
    assert pairing.decision.rule is Rule.MISSING


def test_robustness_finds_the_scorecard_that_carries_an_offer() -> None:
    rubric = small(missing="renormalize")
    cards = [card("sa", "i1", a=4), card("sa", "i2", a=5), card("sb", "i3", b=4, c=3)]
    baseline = decide(rubric, cards)  # (50 x 4.5 + 30 x 4 + 20 x 3) / 100 = 4.05
    assert baseline.outcome is Outcome.OFFER
    rows = robustness(rubric, cards, baseline)
    assert [(r.scorecard.interviewer, r.changes_outcome, r.decision.outcome) for r in rows] == [
        ("i1", False, Outcome.OFFER),
        ("i2", True, Outcome.NO_OFFER),
        ("i3", False, Outcome.OFFER),
    ]


def test_robustness_of_a_single_scorecard() -> None:
    [row] = robustness(small(), [card("sa", a=5)])
    assert row.decision.rule is Rule.NOTHING_SCORED
    assert row.changes_outcome is False  # incomplete either way


def test_aggregate_lists_scores_in_ascending_order() -> None:
    results, weighted, _ = aggregate(small(), [card("sa", "i1", a=5), card("sa", "i2", a=2),
                                               card("sa", "i3", a=4)])
    assert results[0].scores == (2, 4, 5)
    assert (results[0].low, results[0].high, results[0].spread) == (2, 5, 3)
    assert results[0].disagreement is True
    assert weighted == Fraction(11, 3)


def test_decision_is_a_plain_value() -> None:
    decision = decide(REFERENCE, candidate_a())
    assert isinstance(decision, Decision)
    assert decision.to_dict() == decide(REFERENCE, candidate_a()).to_dict()
