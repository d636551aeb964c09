"""Moving by round (confirmation past unscored interviews, recorded) and scheduling a loop."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hiring.database import utcnow
from hiring.domain.rubric_loader import load_rubric_file, rubric_from_snapshot
from hiring.extensions import db
from hiring.models import Candidate, Interview, Requisition, StageMove, User
from hiring.services.candidates import ConfirmationNeeded, move_candidate
from hiring.services.decisions import record_decision
from hiring.services.errors import ServiceError, ValidationFailed
from hiring.services.loops import Slot, default_times, schedule_round, unscheduled_stages
from hiring.services.requisitions import change_rubric_version
from hiring.services.rubrics import store
from tests.views.recruiter_support import audit_events

ROOT = Path(__file__).resolve().parents[2]
TECHNICAL = ["system_design_interview", "coding_interview", "debugging_interview",
             "behavioral_interview"]
SCORES = {"system_design_interview": {"system_design": 4}, "coding_interview": {"coding": 5},
          "debugging_interview": {"debugging": 4},
          "behavioral_interview": {"ownership": 3, "mentoring": 4}}
# Next January: inside any window of schedulable dates, whatever today is.
START = dt.datetime(utcnow().year + 1, 1, 7, 9, 0, tzinfo=dt.UTC)


def _screened(make):
    rita = make.user("recruiter")
    ivan = make.user("interviewer", name="Ivan")
    req = make.requisition(recruiters=[rita])
    cand = make.candidate(req, stage="phone_screen")
    make.scorecard(make.interview(cand, ivan, "phone_screen"), {"coding": 4})
    return rita, ivan, cand


def test_moving_past_an_unscored_round_needs_confirmation_and_is_recorded(app, make):
    rita, _, cand = _screened(make)
    with app.app_context():
        candidate = db.session.get(Candidate, cand.id)
        actor = db.session.get(User, rita.id)
        with pytest.raises(ConfirmationNeeded) as refused:
            move_candidate(candidate, "final_round", actor=actor)
        message = refused.value.errors["confirm"][0]
        assert "Technical Interviews: skipped, no interview scored" in message
        assert "Take-Home" not in message  # optional: skipping it needs no confirmation
        assert candidate.stage == "phone_screen"

        move = move_candidate(candidate, "final_round", note="Strong referral",
                              actor=actor, confirm_unscored=True)
        db.session.commit()
        assert candidate.stage == "final_round"
        assert move.passed_rounds == [
            {"round": "take_home", "name": "Take-Home Assignment", "skipped": True,
             "unscored": ["take_home_review"], "confirmed": False},
            {"round": "technical_interviews", "name": "Technical Interviews", "skipped": True,
             "unscored": TECHNICAL, "confirmed": True}]
        [event] = audit_events("candidate.moved")
        assert event.after["passed_rounds"] == move.passed_rounds
        stored = db.session.get(StageMove, move.id)
        assert stored.passed_rounds[1]["confirmed"] is True


def test_skipping_only_the_optional_round_needs_no_confirmation(app, make):
    rita, _, cand = _screened(make)
    with app.app_context():
        candidate = db.session.get(Candidate, cand.id)
        move = move_candidate(candidate, "technical_interviews",
                              actor=db.session.get(User, rita.id))
        assert [p["round"] for p in move.passed_rounds] == ["take_home"]
        back = move_candidate(candidate, "phone_screen")  # going back passes nothing
        assert back.passed_rounds == []


def test_a_round_with_every_interview_scored_passes_silently(app, make):
    _, ivan, cand = _screened(make)
    for stage in TECHNICAL:
        make.scorecard(make.interview(cand, ivan, stage), SCORES[stage])
    with app.app_context():
        candidate = db.session.get(Candidate, cand.id)
        candidate.stage = "technical_interviews"
        move = move_candidate(candidate, "final_round")
        assert move.passed_rounds == []


def test_a_draft_or_cancelled_interview_does_not_count_as_scored(app, make):
    _, ivan, cand = _screened(make)
    make.scorecard(make.interview(cand, ivan, "coding_interview"), {"coding": 4},
                   submitted=False)
    cancelled = make.interview(cand, ivan, "debugging_interview", status="cancelled")
    make.scorecard(cancelled, {"debugging": 4})
    with app.app_context():
        candidate = db.session.get(Candidate, cand.id)
        with pytest.raises(ConfirmationNeeded) as refused:
            move_candidate(candidate, "final_round")
        assert "skipped, no interview scored" in refused.value.errors["confirm"][0]


def test_default_times_follow_each_other_back_to_back():
    slots = [Slot("a", 1), Slot("b", 2, duration_minutes=30),
             Slot("c", 3, scheduled_at=START + dt.timedelta(hours=5)), Slot("d", 4)]
    assert default_times(START, slots, [60, 60, 45, 45]) == [
        (START, 60), (START + dt.timedelta(minutes=60), 30),
        (START + dt.timedelta(hours=5), 45), (START + dt.timedelta(hours=5, minutes=45), 45)]


def _loop(make):
    rita = make.user("recruiter")
    panel = [make.user("interviewer", name=n) for n in ("Ana", "Bo", "Cy", "Di")]
    req = make.requisition(recruiters=[rita])
    cand = make.candidate(req, stage="technical_interviews")
    return rita, panel, cand


def test_schedule_round_assigns_the_whole_loop_in_one_go(app, make):
    rita, panel, cand = _loop(make)
    with app.app_context():
        candidate = db.session.get(Candidate, cand.id)
        assert [s.id for s in unscheduled_stages(candidate, "technical_interviews")] == TECHNICAL
        created = schedule_round(candidate, "technical_interviews", START,
                                 [Slot(s, p.id) for s, p in zip(TECHNICAL, panel, strict=True)],
                                 actor=db.session.get(User, rita.id))
        db.session.commit()
        assert [(iv.stage, iv.interviewer.name, iv.scheduled_at, iv.duration_minutes)
                for iv in created] == [
            ("system_design_interview", "Ana", START, 60),
            ("coding_interview", "Bo", START + dt.timedelta(minutes=60), 60),
            ("debugging_interview", "Cy", START + dt.timedelta(minutes=120), 45),
            ("behavioral_interview", "Di", START + dt.timedelta(minutes=165), 45)]
        assert unscheduled_stages(candidate, "technical_interviews") == []
        [event] = audit_events("candidate.round_scheduled")
        assert event.after["round"] == "technical_interviews"
        assert [i["stage"] for i in event.after["interviews"]] == TECHNICAL
        assert len(audit_events("interview.assigned")) == 4


def test_one_bad_slot_schedules_nothing_and_names_the_slot(app, make):
    _rita, panel, cand = _loop(make)
    with app.app_context():
        candidate = db.session.get(Candidate, cand.id)
        slots = [Slot(TECHNICAL[0], panel[0].id), Slot(TECHNICAL[1], None),
                 Slot(TECHNICAL[2], panel[0].id, scheduled_at=START + dt.timedelta(minutes=30)),
                 Slot(TECHNICAL[3], panel[3].id, duration_minutes=9999)]
        with pytest.raises(ValidationFailed) as refused:
            schedule_round(candidate, "technical_interviews", START, slots)
        assert set(refused.value.errors) == {
            "slots-1-interviewer", "slots-2-scheduled_at", "slots-3-duration"}
        assert "Overlaps this interviewer's System Design" in \
            refused.value.errors["slots-2-scheduled_at"][0]
        db.session.commit()
        assert db.session.scalar(select(func.count(Interview.id))) == 0
        assert audit_events("interview.assigned") == []


@pytest.mark.parametrize(("round_id", "slots", "start", "field"), [
    ("technical_interviews", [Slot("phone_screen", 1)], START, "slots-0-stage"),
    ("technical_interviews", [Slot(TECHNICAL[0], 1), Slot(TECHNICAL[0], 1)], START,
     "slots-1-stage"),
    ("technical_interviews", [Slot(TECHNICAL[0], 1)], None, "start"),
])
def test_schedule_round_refuses_bad_slots(app, make, round_id, slots, start, field):
    _, _, cand = _loop(make)
    with app.app_context():
        with pytest.raises(ValidationFailed) as refused:
            schedule_round(db.session.get(Candidate, cand.id), round_id, start, slots)
        assert field in refused.value.errors


def test_schedule_round_refuses_unknown_rounds_and_finished_loops(app, make):
    _, panel, cand = _loop(make)
    with app.app_context():
        candidate = db.session.get(Candidate, cand.id)
        with pytest.raises(ServiceError, match="no such round"):
            schedule_round(candidate, "nope", START, [Slot(TECHNICAL[0], panel[0].id)])
        with pytest.raises(ServiceError, match="scheduled already"):
            schedule_round(candidate, "technical_interviews", START, [])


def test_repinning_a_requisition_from_before_rounds_moves_candidates_into_rounds(app, make):
    legacy_file = ROOT / "tests" / "fixtures" / "pre_rounds" / "senior-engineer.yaml"
    with app.app_context():
        legacy, _ = store(load_rubric_file(legacy_file), "pre_rounds/senior-engineer.yaml")
        db.session.commit()
        legacy_id = legacy.id
    rita = make.user("recruiter")
    req = make.requisition(recruiters=[rita])
    with app.app_context():
        db.session.get(Requisition, req.id).rubric_version_id = legacy_id
        db.session.commit()
    coding = make.candidate(req, stage="coding_interview")
    screened = make.candidate(req, stage="phone_screen")
    with app.app_context():
        current = load_rubric_file(ROOT / "rubrics" / "senior-engineer.yaml")
        newer, _ = store(rubric_from_snapshot({**current.snapshot, "title": "Revised"}, "t"),
                         "test")
        db.session.commit()
        requisition = db.session.get(Requisition, req.id)
        assert requisition.rubric_version.rubric.declared_rounds == ()
        change_rubric_version(requisition, newer.id)
        db.session.commit()
        assert db.session.get(Candidate, coding.id).stage == "technical_interviews"
        assert db.session.get(Candidate, screened.id).stage == "phone_screen"
        moves = db.session.scalars(select(StageMove.to_stage).where(
            StageMove.candidate_id == coding.id)).all()
        assert moves == ["technical_interviews"]
        [event] = audit_events("requisition.rubric_changed")
        assert event.after["candidates_moved_to_rounds"] == 1


def test_a_committee_offer_from_a_round_records_the_rounds_it_passed(app, make):
    _, _, cand = _screened(make)
    member = make.user("committee")
    with app.app_context():
        candidate = db.session.get(Candidate, cand.id)
        candidate.stage = "final_round"
        record_decision(candidate, "offer", "Exceptional phone screen; we move now.",
                        override_justification="A competing offer expires tomorrow.",
                        actor=db.session.get(User, member.id))
        db.session.commit()
        assert candidate.stage == "offer"
        move = db.session.scalars(select(StageMove).order_by(StageMove.id.desc())).first()
        assert [(p["round"], p["confirmed"]) for p in move.passed_rounds] == [
            ("final_round", True)]
