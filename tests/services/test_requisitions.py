"""Opening, editing, closing requisitions and moving them to a newer rubric version."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hiring.extensions import db
from hiring.models import Requisition, RubricVersion, Scorecard, User
from hiring.services.errors import ServiceError, ValidationFailed
from hiring.services.requisitions import (
    MAX_DESCRIPTION,
    RequisitionData,
    change_rubric_version,
    create_requisition,
    newer_rubric_version,
    set_status,
    update_requisition,
)
from hiring.services.rubrics import latest_version_of
from tests.views.recruiter_support import audit_events, rename_phone_screen, store_new_version


def test_create_pins_the_latest_version_and_keeps_the_creator(app, make):
    rita, rob = make.user("recruiter"), make.user("recruiter")
    cora, hm = make.user("committee"), make.user()
    with app.app_context():
        version = latest_version_of("senior-engineer")
        req = create_requisition(db.session.get(User, rita.id), version.id, RequisitionData(
            title="  Backend  ", team="Platform", recruiter_ids=[rob.id],
            committee_ids=[cora.id], hiring_manager_id=hm.id, visibility="never"))
        db.session.commit()
        req = db.session.get(Requisition, req.id)
        assert req.title == "Backend"
        assert req.rubric_version_id == version.id
        assert {u.id for u in req.recruiters} == {rita.id, rob.id}
        assert [u.id for u in req.committee] == [cora.id]
        assert (req.hiring_manager_id, req.scorecard_visibility) == (hm.id, "never")
        [event] = audit_events("requisition.created")
        assert event.actor_id == rita.id
        assert event.after["rubric_version"] == version.version
        assert event.after["committee"] == [cora.email]


def test_create_refuses_bad_people_rubric_and_fields(app, make):
    rita, interviewer = make.user("recruiter"), make.user("interviewer")
    gone = make.user("committee", active=False)
    newest = store_new_version(app)  # the shipped version is no longer the latest
    with app.app_context():
        first = db.session.scalar(select(RubricVersion).where(
            RubricVersion.rubric_key == "senior-engineer").order_by(RubricVersion.id))
        assert first.id != newest.id
        with pytest.raises(ValidationFailed) as caught:
            create_requisition(db.session.get(User, rita.id), first.id, RequisitionData(
                title=" ", recruiter_ids=[interviewer.id], committee_ids=[gone.id],
                hiring_manager_id=gone.id, visibility="sometimes",
                description="x" * (MAX_DESCRIPTION + 1)))
        assert set(caught.value.errors) == {"title", "rubric", "recruiters", "committee",
                                            "hiring_manager", "visibility", "description"}
        assert db.session.scalar(select(func.count(Requisition.id))) == 0


def test_update_audits_only_what_changed_and_keeps_a_recruiter(app, make):
    rita, cora = make.user("recruiter"), make.user("committee")
    req = make.requisition(recruiters=[rita], title="Old")
    with app.app_context():
        req = db.session.get(Requisition, req.id)
        data = RequisitionData(title="New", team=req.team, recruiter_ids=[rita.id],
                               committee_ids=[cora.id])
        assert update_requisition(req, data) is True
        assert update_requisition(req, data) is False  # nothing changed: nothing audited
        with pytest.raises(ValidationFailed) as caught:
            update_requisition(req, RequisitionData(title="New", recruiter_ids=[]))
        assert "recruiters" in caught.value.errors
        db.session.commit()
        [event] = audit_events("requisition.updated")
        assert event.before == {"title": "Old", "committee": []}
        assert event.after == {"title": "New", "committee": [cora.email]}


def test_close_and_reopen_are_audited(app, make):
    req = make.requisition(recruiters=[make.user("recruiter")])
    with app.app_context():
        req = db.session.get(Requisition, req.id)
        set_status(req, "closed")
        with pytest.raises(ServiceError, match="already closed"):
            set_status(req, "closed")
        with pytest.raises(ValidationFailed):
            set_status(req, "archived")
        set_status(req, "open")
        assert req.status == "open"
        assert [e.after for e in audit_events("requisition.closed")] == [{"status": "closed"}]
        assert len(audit_events("requisition.reopened")) == 1


def test_moving_to_a_newer_version_repoints_drafts(app, make):
    iv = make.user("interviewer")
    req = make.requisition(recruiters=[make.user("recruiter")])
    candidate = make.candidate(req, stage="phone_screen")
    draft = make.scorecard(make.interview(candidate, iv), {"coding": 4}, submitted=False)
    newer = store_new_version(app)
    with app.app_context():
        req = db.session.get(Requisition, req.id)
        old_version = req.rubric_version.version
        assert newer_rubric_version(req).id == newer.id
        assert change_rubric_version(req, newer.id) == 1
        db.session.commit()
        assert db.session.get(Requisition, req.id).rubric_version_id == newer.id
        assert db.session.get(Scorecard, draft.id).rubric_version_id == newer.id
        assert newer_rubric_version(req) is None
        [event] = audit_events("requisition.rubric_changed")
        assert event.before == {"rubric_version": old_version}
        assert event.after == {"rubric_version": newer.version, "drafts_repointed": 1}


def test_moving_version_is_refused_once_a_scorecard_is_submitted(app, make):
    req = make.requisition(recruiters=[make.user("recruiter")])
    candidate = make.candidate(req, stage="phone_screen")
    make.scorecard(make.interview(candidate, make.user("interviewer")), {"coding": 4})
    newer = store_new_version(app)
    with app.app_context():
        req = db.session.get(Requisition, req.id)
        pinned = req.rubric_version_id
        with pytest.raises(ServiceError, match="1 scorecard has been submitted"):
            change_rubric_version(req, newer.id)
        db.session.rollback()
        assert db.session.get(Requisition, req.id).rubric_version_id == pinned
        assert audit_events("requisition.rubric_changed") == []


def test_moving_version_refuses_another_rubric_and_lost_stages(app, make):
    req = make.requisition(recruiters=[make.user("recruiter")])
    make.candidate(req, stage="phone_screen")
    other = store_new_version(app, "engineering-manager")
    renamed = store_new_version(app, change=rename_phone_screen)
    with app.app_context():
        req = db.session.get(Requisition, req.id)
        with pytest.raises(ValidationFailed, match="not a version of this requisition"):
            change_rubric_version(req, other.id)
        with pytest.raises(ServiceError, match="no stage phone_screen"):
            change_rubric_version(req, renamed.id)
        with pytest.raises(ServiceError, match="newest version"):
            change_rubric_version(req, req.rubric_version_id)
