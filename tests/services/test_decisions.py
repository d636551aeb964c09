"""Recording and reopening the committee's decision: the override rule, the lock, the moves."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hiring.domain.decision import Outcome
from hiring.extensions import db
from hiring.models import Candidate, CommitteeDecision, Interview, StageMove, User
from hiring.services import decisions
from hiring.services.decisions import is_override, record_decision, reopen_decision
from hiring.services.errors import ServiceError, ValidationFailed
from tests.views.committee_support import audit_events, panel

OVERRIDES = {  # (engine outcome, decision) -> is it an override?
    ("offer", "offer"): False, ("offer", "no_offer"): True, ("offer", "hold"): True,
    ("no_offer", "offer"): True, ("no_offer", "no_offer"): False, ("no_offer", "hold"): True,
    ("incomplete", "offer"): True, ("incomplete", "no_offer"): True,
    ("incomplete", "hold"): False,
    ("discuss", "offer"): False, ("discuss", "no_offer"): False, ("discuss", "hold"): False,
}


@pytest.mark.parametrize(("engine", "decision"), sorted(OVERRIDES))
def test_override_rule_for_every_engine_outcome_and_decision(engine, decision):
    assert is_override(Outcome(engine), decision) is OVERRIDES[(engine, decision)]


def test_the_form_hint_names_the_agreeing_decision():
    assert "other than Hold (more interviews)" in decisions.override_hint(Outcome.INCOMPLETE)
    assert "other than No offer" in decisions.override_hint(Outcome.NO_OFFER)
    assert "other than Offer" in decisions.override_hint(Outcome.OFFER)
    assert "no decision is an override" in decisions.override_hint(Outcome.DISCUSS)


def record(app, candidate, user, decision, rationale="The panel agrees.", justification="",
           **kwargs):
    """Record through the service in a fresh context, committing as the view does."""
    with app.app_context():
        row = record_decision(db.session.get(Candidate, candidate.id), decision, rationale,
                              justification, actor=db.session.get(User, user.id), **kwargs)
        db.session.commit()
        return row.id


def test_an_offer_that_follows_the_engine_moves_the_candidate_and_is_audited(app, make):
    data = panel(make, "offer")
    decision_id = record(app, data["candidate"], data["committee"], "offer")
    with app.app_context():
        row = db.session.get(CommitteeDecision, decision_id)
        assert (row.decision, row.engine_outcome, row.engine_score) == ("offer", "offer",
                                                                        "171/40")
        assert row.is_override is False
        assert row.override_justification == ""
        assert row.rubric_version_id == data["req"].rubric_version_id
        assert row.decided_by_id == data["committee"].id
        assert row.standing
        candidate = db.session.get(Candidate, data["candidate"].id)
        assert candidate.stage == "offer"
        move = candidate.moves[-1]
        assert (move.from_stage, move.to_stage, move.moved_by_id) == (
            "debrief", "offer", data["committee"].id)
        [event] = audit_events("decision.recorded")
        assert event.after["is_override"] is False
        assert event.after["decision"] == "offer"
        assert event.actor_id == data["committee"].id


def test_an_override_needs_a_justification_and_is_marked(app, make):
    data = panel(make, "offer")
    with pytest.raises(ValidationFailed) as caught:
        record(app, data["candidate"], data["committee"], "no_offer", justification="  ")
    assert list(caught.value.errors) == ["override_justification"]
    assert "engine recommends Offer" in caught.value.errors["override_justification"][0]
    decision_id = record(app, data["candidate"], data["committee"], "no_offer",
                         justification="References contradicted the ownership story.")
    with app.app_context():
        row = db.session.get(CommitteeDecision, decision_id)
        assert row.is_override
        assert row.override_justification.startswith("References")
        assert db.session.get(Candidate, data["candidate"].id).stage == "rejected"
        [event] = audit_events("decision.recorded")
        assert event.after["is_override"] is True
        assert db.session.scalar(select(func.count(CommitteeDecision.id))) == 1


def test_a_rationale_and_a_known_decision_are_required(app, make):
    data = panel(make, "incomplete")
    with pytest.raises(ValidationFailed) as caught:
        record(app, data["candidate"], data["committee"], "maybe", rationale=" \n ")
    assert set(caught.value.errors) == {"decision", "rationale"}
    with app.app_context():
        assert db.session.scalar(select(func.count(CommitteeDecision.id))) == 0
        assert audit_events("decision.recorded") == []


def test_hold_on_an_incomplete_result_is_no_override_and_keeps_the_stage(app, make):
    data = panel(make, "incomplete")
    decision_id = record(app, data["candidate"], data["committee"], "hold")
    with app.app_context():
        row = db.session.get(CommitteeDecision, decision_id)
        assert (row.engine_outcome, row.is_override) == ("incomplete", False)
        candidate = db.session.get(Candidate, data["candidate"].id)
        assert candidate.stage == "debrief"
        assert len(candidate.moves) == 1


def test_an_offer_on_an_incomplete_result_is_an_override(app, make):
    data = panel(make, "incomplete")
    with pytest.raises(ValidationFailed, match="engine recommends Incomplete"):
        record(app, data["candidate"], data["committee"], "offer")


def test_after_discuss_no_decision_is_an_override(app, make):
    data = panel(make, "discuss")
    decision_id = record(app, data["candidate"], data["committee"], "no_offer",
                         justification="Typed anyway.")
    with app.app_context():
        row = db.session.get(CommitteeDecision, decision_id)
        assert (row.engine_outcome, row.is_override, row.override_justification) == (
            "discuss", False, "")
        assert db.session.get(Candidate, data["candidate"].id).stage == "rejected"


def test_a_second_decision_is_refused_while_one_stands(app, make):
    data = panel(make, "no_offer")
    record(app, data["candidate"], data["committee"], "no_offer")
    with pytest.raises(ServiceError, match="already recorded"):
        record(app, data["candidate"], data["committee"], "offer", justification="Changed.")
    with app.app_context():
        assert db.session.scalar(select(func.count(CommitteeDecision.id))) == 1


def test_a_concurrent_double_submit_is_caught_at_the_unique_index(app, make, monkeypatch):
    """Both requests passed the "no decision yet" check; the index refuses the second."""
    data = panel(make, "incomplete")
    record(app, data["candidate"], data["committee"], "hold")
    monkeypatch.setattr(decisions, "standing_decision", lambda candidate_id: None)
    with app.app_context():
        candidate = db.session.get(Candidate, data["candidate"].id)
        with pytest.raises(ServiceError, match="already recorded"):
            record_decision(candidate, "hold", "Double click.")
        db.session.commit()  # the savepoint kept the session usable
        assert db.session.scalar(select(func.count(CommitteeDecision.id))) == 1
        assert len(audit_events("decision.recorded")) == 1


def test_a_changed_recommendation_since_the_page_was_read_is_refused(app, make):
    data = panel(make, "offer")
    for seen in ("discuss", ""):  # an empty value is refused too, never a skipped check
        with pytest.raises(ValidationFailed) as caught:
            record(app, data["candidate"], data["committee"], "offer", seen_outcome=seen)
        assert "changed to Offer" in caught.value.errors[""][0]
    with app.app_context():
        assert db.session.scalar(select(func.count(CommitteeDecision.id))) == 0


def test_a_candidate_who_left_the_pipeline_cannot_be_decided(app, make):
    req = make.requisition()
    gone = make.candidate(req, stage="withdrawn")
    cora = make.user("committee")
    with pytest.raises(ServiceError, match="Withdrawn"):
        record(app, gone, cora, "hold")


def test_a_decision_locks_the_scorecards_until_it_is_reopened(app, make):
    from hiring.services import scorecards

    data = panel(make, "offer")
    record(app, data["candidate"], data["committee"], "offer")
    stage = "debugging_interview"
    card = data["cards"][stage]
    person = data["people"][stage]
    amendment = scorecards.ScorecardData(criteria={"debugging": scorecards.CriterionEntry(
        score=5, evidence="Better on reflection.")})
    with app.app_context():
        interview = db.session.get(Interview, data["interviews"][stage].id)
        with pytest.raises(ServiceError, match="committee has decided"):
            scorecards.amend(interview, db.session.get(User, person.id), amendment,
                             "Re-read my notes.", card.lock_version)
        db.session.rollback()
        admin = db.session.get(User, make.user("admin").id)
        reopen_decision(db.session.scalars(select(CommitteeDecision)).one(), "Wrong call.",
                        actor=admin)
        db.session.commit()
        saved = scorecards.amend(interview, db.session.get(User, person.id), amendment,
                                 "Re-read my notes.", card.lock_version)
        db.session.commit()
        assert saved.scorecard.revision == 2


def test_reopening_keeps_the_row_moves_back_to_debrief_and_allows_a_new_decision(app, make):
    data = panel(make, "offer")
    first = record(app, data["candidate"], data["committee"], "offer")
    admin = make.user("admin", name="Ada Admin")
    with app.app_context():
        row = db.session.get(CommitteeDecision, first)
        with pytest.raises(ValidationFailed) as caught:
            reopen_decision(row, "   ", actor=db.session.get(User, admin.id))
        assert list(caught.value.errors) == ["reason"]
        reopen_decision(row, "Offer withdrawn: budget frozen.",
                        actor=db.session.get(User, admin.id))
        db.session.commit()
        row = db.session.get(CommitteeDecision, first)
        assert not row.standing
        assert row.reopened_by_id == admin.id
        assert row.reopen_reason == "Offer withdrawn: budget frozen."
        candidate = db.session.get(Candidate, data["candidate"].id)
        assert candidate.stage == "debrief"
        assert candidate.moves[-1].from_stage == "offer"
        [event] = audit_events("decision.reopened")
        assert event.after["reason"] == "Offer withdrawn: budget frozen."
        assert event.actor_id == admin.id
        with pytest.raises(ServiceError, match="reopened already"):
            reopen_decision(row, "Again.")
    second = record(app, data["candidate"], data["committee"], "hold",
                    justification="Budget frozen until next quarter.")
    with app.app_context():
        rows = db.session.scalars(select(CommitteeDecision).order_by(CommitteeDecision.id))
        assert [(r.id, r.standing, r.is_override) for r in rows] == [
            (first, False, False), (second, True, True)]


def test_reopening_a_hold_leaves_the_stage_alone(app, make):
    data = panel(make, "incomplete")
    decision_id = record(app, data["candidate"], data["committee"], "hold")
    with app.app_context():
        moves = db.session.scalar(select(func.count(StageMove.id)))
        reopen_decision(db.session.get(CommitteeDecision, decision_id), "Recorded too early.")
        db.session.commit()
        assert db.session.get(Candidate, data["candidate"].id).stage == "debrief"
        assert db.session.scalar(select(func.count(StageMove.id))) == moves
