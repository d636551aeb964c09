"""Adding and editing candidates, and moving them through the pipeline."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import Candidate, CommitteeDecision, Requisition, StageMove, User
from hiring.services.audit import WITHHELD
from hiring.services.candidates import (
    CandidateData,
    add_candidate,
    has_standing_offer,
    move_candidate,
    parse_links,
    update_candidate,
)
from hiring.services.errors import ServiceError, ValidationFailed
from tests.views.recruiter_support import audit_events


def test_parse_links_names_each_bad_line():
    links, problems = parse_links("https://a.example/x\n\n  http://b.example  \n"
                                  "javascript:alert(1)\nftp://c.example\nhttps://\nwww.d.com")
    assert links == ["https://a.example/x", "http://b.example"]
    assert [p.split(" is ")[0] for p in problems] == ["Line 4", "Line 5", "Line 6", "Line 7"]


def test_add_candidate_starts_in_applied_with_history_and_audit(app, make):
    rita = make.user("recruiter")
    req = make.requisition(recruiters=[rita])
    with app.app_context():
        candidate = add_candidate(db.session.get(Requisition, req.id), CandidateData(
            name=" Ada Lovelace ", email="Ada@Example.com ", source="Referral",
            links="https://ada.example\n\nhttps://github.com/ada "),
            actor=db.session.get(User, rita.id))
        db.session.commit()
        candidate = db.session.get(Candidate, candidate.id)
        assert (candidate.name, candidate.email, candidate.stage) == (
            "Ada Lovelace", "ada@example.com", "applied")
        assert candidate.link_list == ["https://ada.example", "https://github.com/ada"]
        [move] = candidate.moves
        assert (move.from_stage, move.to_stage, move.moved_by_id) == (None, "applied", rita.id)
        [event] = audit_events("candidate.created")
        assert event.after["requisition_id"] == req.id


def test_add_candidate_refuses_bad_input_and_closed_requisitions(app, make):
    req = make.requisition(recruiters=[make.user("recruiter")])
    make.candidate(req, email="taken@example.com")
    closed = make.requisition(recruiters=[make.user("recruiter")], status="closed")
    with app.app_context():
        with pytest.raises(ValidationFailed) as caught:
            add_candidate(db.session.get(Requisition, req.id), CandidateData(
                name="", email="TAKEN@example.com", links="not a link", source="x" * 121))
        assert set(caught.value.errors) == {"name", "email", "links", "source"}
        assert caught.value.errors["links"] == [
            "Line 1 is not an http(s) web address: not a link"]
        with pytest.raises(ServiceError, match="closed"):
            add_candidate(db.session.get(Requisition, closed.id), CandidateData(name="Bo"))
        assert db.session.scalar(select(func.count(Candidate.id))) == 1


def test_update_candidate_audits_the_changed_fields(app, make):
    req = make.requisition(recruiters=[make.user("recruiter")])
    candidate = make.candidate(req, name="Bo", email="bo@example.com", source="Agency")
    with app.app_context():
        candidate = db.session.get(Candidate, candidate.id)
        data = CandidateData(name="Bo Ek", email="bo@example.com", source="Agency",
                             notes="Prefers mornings")
        assert update_candidate(candidate, data) is True
        assert update_candidate(candidate, data) is False
        [event] = audit_events("candidate.updated")
        # Which fields changed, never their values: the trail cannot be erased.
        assert event.before == {"name": WITHHELD, "notes": ""}
        assert event.after == {"name": WITHHELD, "notes": WITHHELD}


def test_move_records_who_when_and_audits(app, make):
    rita = make.user("recruiter")
    candidate = make.candidate(make.requisition(recruiters=[rita]))
    with app.app_context():
        candidate = db.session.get(Candidate, candidate.id)
        entered = candidate.stage_entered_at
        move = move_candidate(candidate, "phone_screen", " Strong CV ",
                              actor=db.session.get(User, rita.id))
        db.session.commit()
        candidate = db.session.get(Candidate, candidate.id)
        assert candidate.stage == "phone_screen"
        assert candidate.stage_entered_at == move.moved_at
        assert candidate.stage_entered_at >= entered
        assert [(m.from_stage, m.to_stage) for m in candidate.moves] == [
            (None, "applied"), ("applied", "phone_screen")]
        assert (move.note, move.moved_by_id) == ("Strong CV", rita.id)
        [event] = audit_events("candidate.moved")
        assert (event.before, event.after) == ({"stage": "applied"},
                                               {"stage": "phone_screen", "note": WITHHELD})


def test_move_refuses_the_current_and_unknown_stages(app, make):
    candidate = make.candidate(make.requisition(recruiters=[make.user("recruiter")]))
    with app.app_context():
        row = db.session.get(Candidate, candidate.id)
        for stage in ("applied", "hiring_manager_screen", "nowhere", ""):
            with pytest.raises(ValidationFailed) as caught:
                move_candidate(row, stage)
            assert list(caught.value.errors) == ["stage"], stage
        assert db.session.scalar(select(func.count(StageMove.id))) == 1


def _decision(candidate: Candidate, decision: str, reopened: bool = False) -> CommitteeDecision:
    req = db.session.get(Requisition, candidate.requisition_id)
    return CommitteeDecision(
        candidate_id=candidate.id, decision=decision, rationale="Panel agreed.",
        engine_outcome="offer", rubric_version_id=req.rubric_version_id,
        reopened_at=utcnow() if reopened else None,
        reopen_reason="New information." if reopened else "")


def test_offer_needs_a_standing_committee_offer(app, make):
    candidate = make.candidate(make.requisition(recruiters=[make.user("recruiter")]),
                               stage="debrief")
    with app.app_context():
        row = db.session.get(Candidate, candidate.id)
        db.session.add_all([_decision(row, "offer", reopened=True), _decision(row, "no_offer")])
        db.session.flush()
        with pytest.raises(ValidationFailed, match="Only the hiring committee makes offers"):
            move_candidate(row, "offer")
        assert row.stage == "debrief"
        assert audit_events("candidate.moved") == []

    other = make.candidate(make.requisition(recruiters=[make.user("recruiter")]),
                           stage="debrief")
    with app.app_context():
        row = db.session.get(Candidate, other.id)
        db.session.add(_decision(row, "offer"))
        db.session.flush()
        move_candidate(row, "offer")
        assert row.stage == "offer"


def test_hired_only_from_offer_and_every_other_move_stays_open(app, make):
    candidate = make.candidate(make.requisition(recruiters=[make.user("recruiter")]),
                               stage="debrief")
    with app.app_context():
        row = db.session.get(Candidate, candidate.id)
        db.session.add(_decision(row, "offer"))
        db.session.flush()
        with pytest.raises(ValidationFailed, match="Only a candidate with an offer can be hired"):
            move_candidate(row, "hired")
        for stage in ("offer", "hired", "rejected", "phone_screen", "withdrawn"):
            move_candidate(row, stage)
            assert row.stage == stage
        assert [e.after["stage"] for e in audit_events("candidate.moved")] == [
            "offer", "hired", "rejected", "phone_screen", "withdrawn"]


def test_has_standing_offer_reads_the_standing_decision(app, make):
    req = make.requisition(recruiters=[make.user("recruiter")])
    cases = [((), False), ((("offer", True),), False), ((("no_offer", False),), False),
             ((("hold", False),), False), ((("offer", True), ("offer", False)), True)]
    candidates = [make.candidate(req, stage="debrief") for _ in cases]
    with app.app_context():
        for candidate, (decisions, expected) in zip(candidates, cases, strict=True):
            row = db.session.get(Candidate, candidate.id)
            db.session.add_all([_decision(row, d, reopened=r) for d, r in decisions])
            db.session.flush()
            assert has_standing_offer(row) is expected, decisions
