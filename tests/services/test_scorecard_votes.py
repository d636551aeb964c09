"""The holistic vote on a scorecard: kept by drafts, submissions and revisions, refused when
it is not one of ours, and never read by the engine."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from sqlalchemy import select

from hiring.extensions import db
from hiring.models import Candidate, Interview, Scorecard, User
from hiring.queries.debrief import build_debrief
from hiring.queries.evaluation import evaluate
from hiring.services import scorecards
from hiring.services.errors import ValidationFailed
from hiring.services.scorecard_input import CriterionEntry, ScorecardData, TamperedInput
from tests.views.committee_support import panel

STAGE = "behavioral_interview"  # scores ownership and mentoring


def data(vote: str, summary: str = "Solid.") -> ScorecardData:
    return ScorecardData(
        criteria={"ownership": CriterionEntry(score=4, evidence="Drove the migration."),
                  "mentoring": CriterionEntry(score=3, evidence="Mentored a junior.")},
        summary=summary, recommendation=vote)


@pytest.fixture
def world(make) -> dict[str, Any]:
    interviewer = make.user("interviewer", name="Ivy")
    candidate = make.candidate(make.requisition(), name="Cleo", stage=STAGE)
    return {"user": interviewer, "candidate": candidate,
            "interview": make.interview(candidate, interviewer, STAGE)}


def run(app, world, use_case, *args: Any) -> int:
    """A use case in its own transaction, as a view runs it; the new lock version."""
    with app.app_context():
        interview = db.session.get(Interview, world["interview"].id)
        user = db.session.get(User, world["user"].id)
        try:
            saved = use_case(interview, user, *args)
        except Exception:
            db.session.rollback()
            raise
        db.session.commit()
        return saved.scorecard.lock_version


def stored(app, world) -> tuple[str, list[str | None]]:
    """The scorecard's vote and each revision's."""
    with app.app_context():
        card = db.session.scalar(select(Scorecard).where(
            Scorecard.interview_id == world["interview"].id))
        return card.recommendation, [r.content.get("recommendation") for r in card.revisions]


def test_drafts_submissions_and_amendments_keep_the_vote(app, world):
    lock = run(app, world, scorecards.save_draft, data("strong_yes"), None)
    assert stored(app, world) == ("strong_yes", [])
    lock = run(app, world, scorecards.submit, data("yes"), lock)
    assert stored(app, world) == ("yes", ["yes"])
    with pytest.raises(ValidationFailed):  # the same content is no amendment
        run(app, world, scorecards.amend, data("yes"), "Changed my mind.", lock)
    run(app, world, scorecards.amend, data("no"), "Slept on it.", lock)
    assert stored(app, world) == ("no", ["yes", "no"])
    with app.app_context():  # the debrief names what changed between the revisions
        view = build_debrief(db.session.get(Candidate, world["candidate"].id))
    [amendment] = view.amendments
    assert [(c.subject, c.before, c.after) for c in amendment.changes] == [
        ("Overall recommendation", "Yes", "No")]


def test_no_vote_is_the_default_and_an_empty_choice(app, world):
    lock = run(app, world, scorecards.save_draft, data(""), None)
    assert stored(app, world) == ("none", [])
    run(app, world, scorecards.submit, ScorecardData(criteria=data("").criteria), lock)
    assert stored(app, world) == ("none", ["none"])


@pytest.mark.parametrize("vote", ["maybe", "STRONG_YES"])
def test_a_vote_that_is_not_ours_is_refused_and_changes_nothing(app, world, vote):
    lock = run(app, world, scorecards.save_draft, data("yes", summary="kept"), None)
    with pytest.raises(TamperedInput) as refused:
        run(app, world, scorecards.save_draft, data(vote, summary="lost"), lock)
    assert list(refused.value.errors) == ["recommendation"]
    assert stored(app, world) == ("yes", [])


def test_the_engine_decides_the_same_whatever_the_votes(app, make):
    """Mechanical combination: every mix of votes leaves the recommendation as it was."""
    data = panel(make, "no_offer")
    cards, candidate_id = list(data["cards"].values())[:2], data["candidate"].id

    def decided() -> tuple[Any, ...]:
        with app.app_context():
            d = evaluate(db.session.get(Candidate, candidate_id)).decision
            return d.outcome, d.rule, d.weighted_score, d.reasons, d.criteria

    before = decided()
    for votes in itertools.product(("none", "definitely_not", "strong_yes"), repeat=2):
        with make.session() as s:
            for card, vote in zip(cards, votes, strict=True):
                s.get(Scorecard, card.id).recommendation = vote
        assert decided() == before, votes
