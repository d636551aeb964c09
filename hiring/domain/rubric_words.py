"""A rubric's decision policy in words, for people reading the rubric rather than a decision.

``hiring.domain.decision`` explains one candidate's outcome; this says what the policy will
do to any candidate, in the order ``decide()`` applies its rules (first that applies wins),
so that the Rubrics pages and the version diff describe a policy the same way.
"""

from __future__ import annotations

from fractions import Fraction

from hiring.domain.rubric import Rubric

# What ``decision.missing_criteria`` does, as a sentence about this rubric.
MISSING_WORDS = {
    "block": "A criterion with no submitted score leaves the outcome Incomplete: this rubric "
             "decides only when every criterion is scored.",
    "renormalize": "A criterion with no submitted score is left out: the weighted score is "
                   "taken over the scored criteria, their weights renormalized, and a floor "
                   "on it cannot be checked.",
}
# What ``decision.red_flags`` does (the debrief's wording, as a sentence).
RED_FLAG_WORDS = {
    "discuss": "This rubric sends any red flag to discussion: a raised flag turns an Offer "
               "into Discuss; it does not change No offer or Incomplete.",
    "veto": "This rubric vetoes an offer on any red flag: a raised flag means No offer, "
            "before every other rule, even with nothing scored.",
    "ignore": "This rubric records red flags without effect: they are listed for the "
              "committee but never change the outcome.",
}
# The same, short, for the cells of a version diff.
MISSING_SHORT = {"block": "block: Incomplete until every criterion is scored",
                 "renormalize": "renormalize: weights taken over the scored criteria"}
RED_FLAG_SHORT = {"discuss": "discuss: a flag turns Offer into Discuss",
                  "veto": "veto: any flag means No offer",
                  "ignore": "ignore: flags never change the outcome"}


def number(value: Fraction) -> str:
    """A rubric's number as its author would write it: ``25``, ``3.5``, or ``100/3`` when no
    decimal is exact (weights and bars are compared exactly, so nothing is rounded)."""
    if value.denominator == 1:
        return str(value.numerator)
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    places = 0
    while (value * 10**places).denominator != 1:
        places += 1
    return f"{float(value):.{places}f}"  # exact: a terminating decimal of few places


def policy_rules(rubric: Rubric) -> tuple[str, ...]:
    """The decision policy as the rules ``decide()`` applies, in its order, for this rubric.

    Rules the policy switches off (a veto under ``discuss``, say) are left out, so the list
    reads as what happens to a candidate under this rubric.
    """
    policy = rubric.decision
    names = {c.id: c.name for c in rubric.criteria}
    bar = number(policy.bar)
    rules = []
    if policy.red_flags == "veto":
        rules.append("Any red flag raised on a submitted scorecard: No offer, whatever the "
                     "scores (even with nothing scored yet).")
    rules.append("Nothing scored yet: Incomplete.")
    if policy.missing_criteria == "block":
        rules.append("Any criterion with no submitted score: Incomplete (the weighted score "
                     "over the scored criteria is shown, but does not decide).")
    for criterion_id, floor in policy.floors.items():
        rules.append(f"{names.get(criterion_id, criterion_id)} averaging below its floor of "
                     f"{number(floor)}: No offer, whatever the weighted score.")
    rules.append(f"A weighted score below the bar of {bar}: No offer (exactly {bar} meets "
                 "it; the comparison is exact).")
    if policy.red_flags == "discuss":
        rules.append("Any red flag raised: Discuss, for the committee to talk through.")
    rules.append("Otherwise: Offer.")
    return tuple(rules)


def policy_notes(rubric: Rubric) -> tuple[str, ...]:
    """What the rules above do not say: missing criteria and red flags, as sentences."""
    policy = rubric.decision
    return (MISSING_WORDS[policy.missing_criteria], RED_FLAG_WORDS[policy.red_flags])
