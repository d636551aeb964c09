"""`hiring demo`: idempotent, and it shows the debrief and packet of every outcome."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hiring.cli import main
from hiring.database import utcnow
from hiring.domain.votes import Vote
from hiring.extensions import db
from hiring.models import AuditEvent, Candidate, Interview, Scorecard, ScorecardRevision, User
from hiring.queries.debrief import build_debrief
from hiring.queries.evaluation import evaluate
from hiring.services.interviews import schedule_problem
from tests.support.packets import fetch_packet
from tests.views.test_packet import pdf_text

OUTCOMES = {"Amara Okonkwo": "offer", "Ben Carter": "no_offer", "Chen Wei": "discuss",
            "Dana Kowalski": "incomplete"}


@pytest.fixture
def demo(app):
    runner = app.test_cli_runner()
    first = runner.invoke(main, ["demo"])
    assert first.exit_code == 0, first.output
    assert "recruiter@example.com" in first.output
    assert "demo-password-2026" in first.output
    return app


def counts(app) -> tuple[int, ...]:
    with app.app_context():
        return tuple(db.session.scalar(select(func.count(m.id)))
                     for m in (User, Candidate, Scorecard, AuditEvent))


def test_loading_twice_changes_nothing(demo):
    before = counts(demo)
    again = demo.test_cli_runner().invoke(main, ["demo"])
    assert again.exit_code == 0
    assert "Already loaded" in again.output
    assert counts(demo) == before
    skipped = demo.test_cli_runner().invoke(main, ["demo", "--if-empty"])
    assert "not loaded" in skipped.output
    assert counts(demo) == before
    # The committee index's summaries are filled by the demo, equal to the live engine.
    verified = demo.test_cli_runner().invoke(main, ["evaluations", "verify"])
    assert (verified.exit_code, verified.output) == (
        0, f"{before[1]} candidate summaries agree with the engine.\n")


def test_the_demo_spreads_over_the_pipeline_and_every_outcome(demo):
    with demo.app_context():
        candidates = list(db.session.scalars(select(Candidate)))
        assert len(candidates) >= 12
        assert len({c.stage for c in candidates}) >= 6
        got = {c.name: evaluate(c).decision.outcome.value for c in candidates
               if c.name in OUTCOMES}
        assert got == OUTCOMES
        # Holistic votes beside the formula: a Strong yes on Ben, below the bar, is a topic.
        ben = build_debrief(next(c for c in candidates if c.name == "Ben Carter"))
        assert Vote.STRONG_YES in {d.vote for d in ben.vote_disagreements}


@pytest.mark.pdf
def test_debrief_and_packet_for_each_outcome_of_the_demo(demo, client):
    with demo.app_context():
        committee = db.session.scalar(select(User).where(User.email == "committee@example.com"))
        ids = {name: db.session.scalar(select(Candidate.id).where(Candidate.name == name))
               for name in OUTCOMES}
    client.login(committee)
    labels = {"offer": "Offer", "no_offer": "No offer", "discuss": "Discuss",
              "incomplete": "Incomplete"}
    for name, outcome in OUTCOMES.items():
        page = client.get(f"/candidates/{ids[name]}/debrief")
        assert page.status_code == 200
        body = page.get_data(as_text=True)
        assert f"outcome-text-{outcome}" in body
        packet = fetch_packet(client, ids[name])
        assert packet.status_code == 200
        text = pdf_text(packet.data)
        assert name in text
        assert labels[outcome] in text


def test_the_demo_has_candidates_in_every_round_and_both_take_home_paths(demo):
    with demo.app_context():
        by_name = {c.name: c for c in db.session.scalars(select(Candidate))}
        senior = {c.stage for c in by_name.values()
                  if c.requisition.rubric_version.rubric_key == "senior-engineer"}
        assert {"applied", "phone_screen", "take_home", "technical_interviews", "final_round",
                "debrief"} <= senior
        manager = {c.stage for c in by_name.values()
                   if c.requisition.rubric_version.rubric_key == "engineering-manager"}
        assert {"applied", "manager_screen", "leadership_loop", "final_round"} <= manager
        took = [m.to_stage for m in by_name["Amara Okonkwo"].moves]
        assert "take_home" in took
        skipped = [p for m in by_name["Ben Carter"].moves for p in m.passed_rounds]
        assert skipped == [{"round": "take_home", "name": "Take-Home Assignment",
                            "skipped": True, "unscored": ["take_home_review"],
                            "confirmed": False}]
        stages = {s.interview.stage for s in evaluate(by_name["Amara Okonkwo"]).submitted}
        assert "take_home_review" in stages


def test_every_demo_scorecard_was_submitted_after_its_interview_started(demo):
    """The demo obeys the submission window, or it would show what the app refuses."""
    with demo.app_context():
        revisions = db.session.execute(
            select(ScorecardRevision.submitted_at, Interview.scheduled_at)
            .join(Scorecard, Scorecard.id == ScorecardRevision.scorecard_id)
            .join(Interview, Interview.id == Scorecard.interview_id)).all()
        assert revisions
        assert all(submitted >= started for submitted, started in revisions)
        interviews = list(db.session.scalars(select(Interview)))
        now = utcnow()
        assert all(schedule_problem(iv.scheduled_at, now) is None for iv in interviews)
