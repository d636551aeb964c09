"""The holistic vote beside the formula: where a vote parts from the bar, and the tally."""

from __future__ import annotations

from fractions import Fraction

import pytest

from hiring.domain.votes import (
    VOTES,
    BarStanding,
    CastVote,
    Vote,
    bar_standing,
    disagreements,
    disagrees,
    tally,
)

BAR = Fraction(4)
MEETS, BELOW, INCOMPLETE = BarStanding.MEETS, BarStanding.BELOW, BarStanding.INCOMPLETE


@pytest.mark.parametrize(("score", "complete", "expected"), [
    (Fraction(4), True, MEETS),  # equal meets the bar
    (Fraction(401, 100), True, MEETS),
    (Fraction(399, 100), True, BELOW),
    (Fraction(1), True, BELOW),
    (Fraction(5), False, INCOMPLETE),  # a partial score is held to no bar
    (None, True, INCOMPLETE),
    (None, False, INCOMPLETE),
])
def test_bar_standing(score, complete, expected):
    assert bar_standing(score, BAR, complete) is expected


@pytest.mark.parametrize(("vote", "standing", "expected"), [
    (Vote.STRONG_YES, BELOW, True),
    (Vote.YES, BELOW, True),
    (Vote.NO, BELOW, False),
    (Vote.DEFINITELY_NOT, BELOW, False),
    (Vote.NONE, BELOW, False),
    (Vote.STRONG_YES, MEETS, False),
    (Vote.YES, MEETS, False),
    (Vote.NO, MEETS, True),
    (Vote.DEFINITELY_NOT, MEETS, True),
    (Vote.NONE, MEETS, False),
    (Vote.STRONG_YES, INCOMPLETE, False),
    (Vote.DEFINITELY_NOT, INCOMPLETE, False),
    (Vote.NONE, INCOMPLETE, False),
])
def test_which_votes_disagree_with_the_bar(vote, standing, expected):
    assert disagrees(vote, standing) is expected


def test_disagreements_keep_the_voters_in_order_and_say_why():
    votes = [CastVote("Jun", "Pair programming", Vote.STRONG_YES),
             CastVote("Marco", "Behavioral", Vote.NO),
             CastVote("Ivan", "Coding", Vote.YES),
             CastVote("Sam", "Phone screen", Vote.NONE)]
    found = disagreements(BELOW, votes)
    assert [(d.voter, d.vote) for d in found] == [("Jun", Vote.STRONG_YES), ("Ivan", Vote.YES)]
    assert found[0].sentence == ("Jun, Pair programming, voted Strong yes; the weighted score "
                                 "is below the bar.")
    above = disagreements(MEETS, votes)
    assert [d.voter for d in above] == ["Marco"]
    assert above[0].sentence.endswith("voted No; the weighted score is at or above the bar.")
    assert disagreements(INCOMPLETE, votes) == ()


def test_the_tally_counts_every_kind_strong_yes_first_and_no_vote_last():
    counts = tally([Vote.YES, Vote.NONE, Vote.YES, Vote.DEFINITELY_NOT])
    assert counts == ((Vote.STRONG_YES, 0), (Vote.YES, 2), (Vote.NO, 0),
                      (Vote.DEFINITELY_NOT, 1), (Vote.NONE, 1))
    assert tally([]) == tuple((v, 0) for v in (Vote.STRONG_YES, Vote.YES, Vote.NO,
                                               Vote.DEFINITELY_NOT, Vote.NONE))


def test_the_stored_values_and_labels():
    assert VOTES == ("none", "definitely_not", "no", "yes", "strong_yes")
    assert [Vote(v).label for v in VOTES] == ["No vote", "Definitely not", "No", "Yes",
                                              "Strong yes"]
