"""The interviewer's holistic vote, shown beside the formula and never part of it.

Each scorecard may carry an overall recommendation (Greenhouse's Definitely not / No / Yes /
Strong yes, or none). Mechanical combination of the ratings predicts better than holistic
judgement, so the engine never reads a vote: nothing in ``scoring`` or ``decision`` imports
this module. What the committee gains from the votes is where they part from the formula:
a Strong yes on a candidate below the bar is exactly what a debrief should talk about.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Vote(StrEnum):
    NONE = "none"
    DEFINITELY_NOT = "definitely_not"
    NO = "no"
    YES = "yes"
    STRONG_YES = "strong_yes"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def leaning(self) -> int:
        """+1 for hiring, -1 against, 0 for no vote."""
        return _LEANING[self]


_LABELS = {Vote.NONE: "No vote", Vote.DEFINITELY_NOT: "Definitely not", Vote.NO: "No",
           Vote.YES: "Yes", Vote.STRONG_YES: "Strong yes"}
_LEANING = {Vote.NONE: 0, Vote.DEFINITELY_NOT: -1, Vote.NO: -1, Vote.YES: 1, Vote.STRONG_YES: 1}

VOTES: tuple[str, ...] = tuple(v.value for v in Vote)  # what the database accepts
CAST: tuple[Vote, ...] = (Vote.STRONG_YES, Vote.YES, Vote.NO, Vote.DEFINITELY_NOT)


class BarStanding(StrEnum):
    """Where the weighted score stands: the only thing a vote is compared with."""

    MEETS = "meets"
    BELOW = "below"
    INCOMPLETE = "incomplete"  # nothing or not everything scored: no bar to disagree with


def bar_standing(weighted_score: Fraction | None, bar: Fraction,
                 complete: bool) -> BarStanding:
    """MEETS at or above the bar, BELOW under it, INCOMPLETE when the bar does not apply."""
    if weighted_score is None or not complete:
        return BarStanding.INCOMPLETE
    return BarStanding.MEETS if weighted_score >= bar else BarStanding.BELOW


@dataclass(frozen=True)
class CastVote:
    voter: str
    stage: str
    vote: Vote


@dataclass(frozen=True)
class VoteDisagreement:
    voter: str
    stage: str
    vote: Vote
    standing: BarStanding

    @property
    def sentence(self) -> str:
        where = "below" if self.standing is BarStanding.BELOW else "at or above"
        return (f"{self.voter}, {self.stage}, voted {self.vote.label}; the weighted score is "
                f"{where} the bar.")


def disagrees(vote: Vote, standing: BarStanding) -> bool:
    """A vote for hiring on a candidate below the bar, or against on one that meets it."""
    if standing is BarStanding.BELOW:
        return vote.leaning > 0
    if standing is BarStanding.MEETS:
        return vote.leaning < 0
    return False


def disagreements(standing: BarStanding,
                  votes: Sequence[CastVote]) -> tuple[VoteDisagreement, ...]:
    """The votes that part from the formula's side of the bar, in the order given."""
    return tuple(VoteDisagreement(v.voter, v.stage, v.vote, standing)
                 for v in votes if disagrees(v.vote, standing))


def tally(votes: Iterable[Vote]) -> tuple[tuple[Vote, int], ...]:
    """How many of each vote, Strong yes first, then "no vote" last (always all five)."""
    counts = dict.fromkeys((*CAST, Vote.NONE), 0)
    for vote in votes:
        counts[vote] += 1
    return tuple(counts.items())
