"""Assigning, reassigning and cancelling interviews."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import Candidate, Interview
from hiring.services.audit import WITHHELD
from hiring.services.errors import ServiceError, ValidationFailed
from hiring.services.interviews import (
    InterviewFinal,
    assign_interview,
    cancel_interview,
    ensure_changeable,
    reassign_interview,
)
from tests.views.recruiter_support import audit_events

SOON = utcnow().replace(microsecond=0) + dt.timedelta(days=2)


def test_assign_defaults_to_the_stage_length_and_allows_a_panel(app, make):
    ivan, ines = make.user("interviewer"), make.user("interviewer")
    candidate = make.candidate(make.requisition(recruiters=[make.user("recruiter")]))
    with app.app_context():
        row = db.session.get(Candidate, candidate.id)
        first = assign_interview(row, stage="system_design_interview", interviewer_id=ivan.id,
                                 scheduled_at=SOON)
        second = assign_interview(row, stage="system_design_interview", interviewer_id=ines.id,
                                  scheduled_at=SOON, duration_minutes=90)
        db.session.commit()
        assert (first.duration_minutes, second.duration_minutes) == (60, 90)
        assert first.scheduled_at == SOON
        events = audit_events("interview.assigned")
        assert [e.after["interviewer_id"] for e in events] == [ivan.id, ines.id]
        assert events[0].after["stage"] == "system_design_interview"


def test_assign_refuses_bad_input(app, make):
    ivan = make.user("interviewer")
    recruiter = make.user("recruiter")
    asleep = make.user("interviewer", active=False)
    candidate = make.candidate(make.requisition(recruiters=[recruiter]))
    make.interview(candidate, ivan, stage="phone_screen")
    cases = [
        ({"stage": "phone_screen", "interviewer_id": ivan.id}, "interviewer"),  # twice
        ({"stage": "phone_screen", "interviewer_id": recruiter.id}, "interviewer"),
        ({"stage": "phone_screen", "interviewer_id": asleep.id}, "interviewer"),
        ({"stage": "applied", "interviewer_id": ivan.id}, "stage"),
        ({"stage": "hiring_manager_screen", "interviewer_id": ivan.id}, "stage"),
        ({"stage": "coding_interview", "interviewer_id": ivan.id,
          "scheduled_at": SOON.replace(tzinfo=None)}, "scheduled_at"),
        ({"stage": "coding_interview", "interviewer_id": ivan.id,
          "duration_minutes": 0}, "duration"),
    ]
    with app.app_context():
        row = db.session.get(Candidate, candidate.id)
        for fields, field in cases:
            with pytest.raises(ValidationFailed) as caught:
                assign_interview(row, **{"scheduled_at": SOON, **fields})
            assert list(caught.value.errors) == [field], fields
        assert db.session.scalar(select(func.count(Interview.id))) == 1


def test_assign_again_after_cancelling_and_never_to_a_rejected_candidate(app, make):
    ivan = make.user("interviewer")
    req = make.requisition(recruiters=[make.user("recruiter")])
    candidate = make.candidate(req)
    make.interview(candidate, ivan, stage="phone_screen", status="cancelled")
    rejected = make.candidate(req, stage="rejected")
    with app.app_context():
        assign_interview(db.session.get(Candidate, candidate.id), stage="phone_screen",
                         interviewer_id=ivan.id, scheduled_at=SOON)
        with pytest.raises(ServiceError, match="left the pipeline"):
            assign_interview(db.session.get(Candidate, rejected.id), stage="phone_screen",
                             interviewer_id=ivan.id, scheduled_at=SOON)


def test_reassign_changes_person_and_time_and_audits(app, make):
    ivan, ines = make.user("interviewer"), make.user("interviewer")
    candidate = make.candidate(make.requisition(recruiters=[make.user("recruiter")]))
    interview = make.interview(candidate, ivan, when=SOON)
    with app.app_context():
        row = db.session.get(Interview, interview.id)
        later = SOON + dt.timedelta(hours=3)
        assert reassign_interview(row, interviewer_id=ines.id, scheduled_at=later,
                                  duration_minutes=45) is True
        assert reassign_interview(row, interviewer_id=ines.id, scheduled_at=later,
                                  duration_minutes=45) is False
        db.session.commit()
        row = db.session.get(Interview, interview.id)
        assert (row.interviewer_id, row.scheduled_at) == (ines.id, later)
        [event] = audit_events("interview.reassigned")
        assert event.before["interviewer_id"] == ivan.id
        assert event.after["interviewer_id"] == ines.id
        assert set(event.after) == {"interviewer_id", "interviewer", "scheduled_at"}


def test_reassign_and_cancel_are_refused_once_scored(app, make):
    ivan, ines = make.user("interviewer"), make.user("interviewer")
    candidate = make.candidate(make.requisition(recruiters=[make.user("recruiter")]))
    interview = make.interview(candidate, ivan)
    make.scorecard(interview, {"coding": 4})
    with app.app_context():
        row = db.session.get(Interview, interview.id)
        with pytest.raises(ServiceError, match="submitted"):
            reassign_interview(row, interviewer_id=ines.id, scheduled_at=SOON,
                               duration_minutes=45)
        with pytest.raises(ServiceError, match="submitted"):
            cancel_interview(row, "Conflict")
        assert (row.interviewer_id, row.status) == (ivan.id, "scheduled")
        assert audit_events("interview.reassigned") == audit_events("interview.cancelled") == []


def test_cancel_needs_a_reason_and_is_final(app, make):
    ivan, ines = make.user("interviewer"), make.user("interviewer")
    candidate = make.candidate(make.requisition(recruiters=[make.user("recruiter")]))
    interview = make.interview(candidate, ivan)
    make.scorecard(interview, {"coding": 3}, submitted=False)  # a draft does not block
    with app.app_context():
        row = db.session.get(Interview, interview.id)
        with pytest.raises(ValidationFailed) as caught:
            cancel_interview(row, "  ")
        assert list(caught.value.errors) == ["reason"]
        cancel_interview(row, "Candidate asked to reschedule")
        assert (row.status, row.cancel_reason) == ("cancelled", "Candidate asked to reschedule")
        with pytest.raises(ServiceError, match="cancelled"):
            reassign_interview(row, interviewer_id=ines.id, scheduled_at=SOON,
                               duration_minutes=45)
        [event] = audit_events("interview.cancelled")
        assert event.after == {"status": "cancelled", "reason": WITHHELD}  # kept on the row


def test_ensure_changeable_says_why_an_interview_is_final(app, make):
    ivan = make.user("interviewer")
    candidate = make.candidate(make.requisition(recruiters=[make.user("recruiter")]))
    open_one = make.interview(candidate, ivan, stage="phone_screen")
    make.scorecard(open_one, {"coding": 3}, submitted=False)  # a draft does not count
    cancelled = make.interview(candidate, ivan, stage="coding_interview", status="cancelled")
    scored = make.interview(candidate, ivan, stage="system_design_interview")
    make.scorecard(scored, {"system_design": 4})
    with app.app_context():
        ensure_changeable(db.session.get(Interview, open_one.id), "reassigned")
        with pytest.raises(InterviewFinal, match="was cancelled; it cannot be reassigned"):
            ensure_changeable(db.session.get(Interview, cancelled.id), "reassigned")
        with pytest.raises(InterviewFinal, match="has been submitted; it cannot be cancelled"):
            ensure_changeable(db.session.get(Interview, scored.id), "cancelled")
