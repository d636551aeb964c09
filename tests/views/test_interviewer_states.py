"""One rule, "open for scoring" (not cancelled, no standing committee decision), and the
states built on it: the queue, the navigation count, the recruiter's overdue list and the
candidate page's interview states all agree."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlalchemy import event

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import Candidate, CommitteeDecision, Interview, Scorecard, User
from hiring.permissions import can_amend_scorecard, is_open_for_scoring
from hiring.queries.evaluation import candidate_scorecards
from hiring.queries.interviews import awaiting_count, interviewer_queue, standing_decision
from hiring.queries.navigation import nav_count
from hiring.queries.overdue import interview_rows, overdue_cutoff, overdue_on_requisitions

DAYS = dt.timedelta(days=1)


def decide(app, candidate_id: int, reopened: bool = False) -> None:
    with app.app_context():
        candidate = db.session.get(Candidate, candidate_id)
        decision = CommitteeDecision(
            candidate_id=candidate_id, decision="no_offer", rationale="Enough signal.",
            engine_outcome="incomplete", rubric_version_id=candidate.requisition.rubric_version_id)
        if reopened:
            decision.reopened_at, decision.reopen_reason = utcnow(), "One more interview."
        db.session.add(decision)
        db.session.commit()


def test_a_decided_candidates_interviews_are_no_longer_owed(app, client, make):
    me, rita = make.user("interviewer", name="Ivy"), make.user("recruiter")
    req = make.requisition(recruiters=[rita])
    long_ago = utcnow() - 3 * DAYS
    decided, reopened, open_ = (make.candidate(req, name=n)
                                for n in ("Dee Decided", "Rae Reopened", "Oona Open"))
    unscored = make.interview(decided, me, "phone_screen", when=long_ago)
    drafted = make.interview(decided, me, "coding_interview")
    make.scorecard(drafted, {"coding": 3}, submitted=False)
    scored = make.interview(decided, me, "debugging_interview", when=long_ago)
    make.scorecard(scored, {"debugging": 4})
    later = make.interview(decided, me, "values_interview", when=utcnow() + DAYS)
    again = make.interview(reopened, me, "phone_screen", when=long_ago)
    waiting = make.interview(open_, me, "phone_screen")
    decide(app, decided.id)
    decide(app, reopened.id, reopened=True)
    with app.app_context():
        user = db.session.get(User, me.id)
        now = utcnow()
        queue = interviewer_queue(user, now, 24)
        assert [i.interview.id for i in queue.overdue] == [again.id]
        assert [i.interview.id for i in queue.awaiting] == [waiting.id]
        assert queue.upcoming == ()
        assert [i.interview.id for i in queue.submitted] == [scored.id]  # still listed
        assert awaiting_count(user, now) == nav_count(user, "awaiting") == 2
        query = overdue_on_requisitions([req.id], overdue_cutoff(now, 24))
        assert [i.id for i in db.session.scalars(query).unique()] == [again.id]
        rows = interview_rows(decided.id, candidate_scorecards(decided.id), now, 24)
        assert {r.interview.id: r.state for r in rows} == {
            unscored.id: "closed", drafted.id: "closed", scored.id: "submitted",
            later.id: "closed"}
    client.login(rita)
    page = client.get("/overdue").get_data(as_text=True)
    assert "Rae Reopened" in page
    assert "Dee Decided" not in page


def test_the_predicates_follow_the_same_rule(app, make):
    me = make.user("interviewer")
    candidate = make.candidate(make.requisition())
    live = make.interview(candidate, me, "phone_screen")
    card = make.scorecard(live, {"coding": 4})
    cancelled = make.interview(candidate, me, "coding_interview", status="cancelled")
    with app.app_context():
        user = db.session.get(User, me.id)
        live_row, cancelled_row = (db.session.get(Interview, i.id) for i in (live, cancelled))
        card_row = db.session.get(Scorecard, card.id)
        assert is_open_for_scoring(live_row, standing_decision(candidate.id))
        assert can_amend_scorecard(user, card_row, None)
        assert not is_open_for_scoring(cancelled_row, None)
    decide(app, candidate.id)
    with app.app_context():
        user = db.session.get(User, me.id)
        decision = standing_decision(candidate.id)
        assert decision is not None
        assert not is_open_for_scoring(db.session.get(Interview, live.id), decision)
        assert not can_amend_scorecard(user, db.session.get(Scorecard, card.id), decision)


# -- the candidate page's interview states ----------------------------------------------------

STATES = {"P0": "overdue", "P1": "draft", "P2": "submitted", "P3": "submitted",
          "P4": "cancelled", "P5": "upcoming", "P6": "awaiting"}


@pytest.fixture
def panel(make):
    rita = make.user("recruiter")
    candidate = make.candidate(make.requisition(recruiters=[rita]), name="Cleo")
    people = [make.user("interviewer", name=f"P{n}") for n in range(7)]
    make.interview(candidate, people[0], "phone_screen", when=utcnow() - 3 * DAYS)
    draft = make.interview(candidate, people[1], "coding_interview")
    make.scorecard(draft, {"coding": 3}, submitted=False)
    submitted = make.interview(candidate, people[2], "debugging_interview")
    make.scorecard(submitted, {"debugging": 4})
    amended = make.interview(candidate, people[3], "values_interview")
    make.scorecard(amended, {"cultural_fit": 4})
    cancelled = make.interview(candidate, people[4], "system_design_interview",
                               status="cancelled")
    make.scorecard(cancelled, {"system_design": 2})  # scored, then the interview cancelled
    make.interview(candidate, people[5], "behavioral_interview", when=utcnow() + DAYS)
    make.interview(candidate, people[6], "phone_screen")
    return {"recruiter": rita, "candidate": candidate}


def test_interview_rows_give_each_interview_its_state_from_the_given_scorecards(app, panel):
    candidate_id = panel["candidate"].id
    with app.app_context():
        cards = candidate_scorecards(candidate_id)
        statements: list[str] = []

        def count(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            rows = interview_rows(candidate_id, cards, utcnow(), 24)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert {r.interview.interviewer.name: r.state for r in rows} == STATES
        assert statements[0].lstrip().startswith("SELECT interviews.")
        assert not [s for s in statements if "scorecards" in s]  # they came with the call
        assert [r.final for r in rows if r.state in ("submitted", "cancelled")] == [True] * 3
        assert not any(r.final for r in rows if r.state not in ("submitted", "cancelled"))


def test_the_candidate_page_shows_each_interviews_state(client, panel):
    client.login(panel["recruiter"])
    response = client.get(f"/candidates/{panel['candidate'].id}")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    shown = dict(re.findall(r">(P\d)</td>.*?badge status-(\w+)", page, re.S))
    assert shown == STATES
