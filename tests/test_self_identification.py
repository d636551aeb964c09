"""Voluntary self-identification: the one-time link, the public form, the aggregate-only
query, and erasure with the candidate."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select, text

from hiring.database import utcnow
from hiring.domain.tokens import token_hash
from hiring.extensions import db
from hiring.models import AuditEvent, Candidate, SelfIdentification, SelfIdInvitation
from hiring.queries.self_identification import NOT_ANSWERED, group_labels
from hiring.services.privacy import erase_candidate, purge
from hiring.services.self_identification import create_invitation

LINK = re.compile(r'value="(https?://[^"]+/self-id/([A-Za-z0-9_-]+))"')


@pytest.fixture
def setting(make):
    recruiter = make.user("recruiter", name="Rita Recruiter")
    requisition = make.requisition(recruiters=[recruiter])
    candidate = make.candidate(requisition, name="Noor Candidate", stage="phone_screen")
    return {"recruiter": recruiter, "candidate": candidate, "requisition": requisition}


def invite(app, candidate_id: int, days: int = 14, ago: dt.timedelta = dt.timedelta()) -> str:
    with app.test_request_context():
        created = create_invitation(db.session.get(Candidate, candidate_id), None, days=days,
                                    now=utcnow() - ago)
        db.session.commit()
        return created.token


def stored(app, candidate_id: int) -> tuple[str, str] | None:
    with app.app_context():
        row = db.session.scalar(select(SelfIdentification)
                                .where(SelfIdentification.candidate_id == candidate_id))
        return (row.gender, row.race_ethnicity) if row else None


ANSWER = {"gender": "female", "race_ethnicity": "hispanic_latino"}


def test_recruiter_creates_a_link_shown_once_and_stored_as_a_hash(app, client, setting):
    client.login(setting["recruiter"])
    cid = setting["candidate"].id
    assert "Create a link" in client.get(f"/candidates/{cid}").get_data(as_text=True)
    response = client.post(f"/candidates/{cid}/self-identification/link")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("no-store")
    _link, token = LINK.search(response.get_data(as_text=True)).groups()
    with app.app_context():
        row = db.session.scalar(select(SelfIdInvitation))
        assert row.token_hash == token_hash(token) != token
        assert (row.expires_at - row.created_at) == dt.timedelta(days=14)
        everything = " ".join(str(v) for t in ("self_id_invitations", "audit_events")
                              for r in db.session.execute(text(f"SELECT * FROM {t}"))  # noqa: S608
                              for v in r)
        assert token not in everything
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "self_identification.link_created"))
        assert event.object_id == str(cid) or event.object_id == cid
        assert "Noor" not in str(event.after)
    # The candidate's page never tells anyone what was answered.
    client.logout()
    assert client.post(f"/self-id/{token}", data=ANSWER).status_code == 302
    client.login(setting["recruiter"])
    page = client.get(f"/candidates/{cid}").get_data(as_text=True)
    assert "Hispanic" not in page
    assert "Female" not in page


def test_the_form_takes_one_answer_and_changes_nothing_else(app, client, setting):
    cid = setting["candidate"].id
    with app.app_context():
        before = db.session.execute(text("SELECT * FROM candidates")).all()
    token = invite(app, cid)
    page = client.get(f"/self-id/{token}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    for words in ("voluntary", "Decline to answer", "Two or More Races",
                  "Native Hawaiian or Other Pacific Islander", "only in totals"):
        assert words in body
    assert 'name="csrf_token"' in body
    response = client.post(f"/self-id/{token}", data=ANSWER)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/thanks")
    assert stored(app, cid) == ("female", "hispanic_latino")
    with app.app_context():
        assert db.session.execute(text("SELECT * FROM candidates")).all() == before
    again = client.get(f"/self-id/{token}")
    assert again.status_code == 410
    assert "already used" in again.get_data(as_text=True)
    second = client.post(f"/self-id/{token}", data={"gender": "male",
                                                    "race_ethnicity": "white"})
    assert second.status_code == 410
    assert stored(app, cid) == ("female", "hispanic_latino")
    # A new link may replace the answer (the person changed their mind), nothing else.
    token2 = invite(app, cid)
    assert client.post(f"/self-id/{token2}", data={"gender": "declined",
                                                   "race_ethnicity": "declined"}
                       ).status_code == 302
    assert stored(app, cid) == ("declined", "declined")


def test_expired_unknown_and_junk_tokens_get_a_clear_page(app, client, setting):
    expired = invite(app, setting["candidate"].id, days=14, ago=dt.timedelta(days=15))
    response = client.get(f"/self-id/{expired}")
    assert response.status_code == 410
    assert "expired" in response.get_data(as_text=True)
    assert client.post(f"/self-id/{expired}", data=ANSWER).status_code == 410
    assert stored(app, setting["candidate"].id) is None
    for junk in ("nope", "x" * 5000, "%00abc", "%F0%9F%92%A9", "'%20OR%201=1--",
                 "..%2F..%2Fetc"):
        response = client.get(f"/self-id/{junk}")
        assert response.status_code in (400, 404), junk
        if "%2F" not in junk:  # a slash leaves the route: the site's own "not found"
            assert "not valid" in response.get_data(as_text=True)
        assert client.post(f"/self-id/{junk}", data=ANSWER).status_code in (400, 404)


def test_csrf_and_bad_values_store_nothing_and_keep_the_link(app, client, setting):
    cid = setting["candidate"].id
    token = invite(app, cid)
    assert client.post(f"/self-id/{token}", data=ANSWER, csrf=False).status_code == 400
    tampered = client.post(f"/self-id/{token}", data={"gender": "robot",
                                                      "race_ethnicity": "white"})
    assert tampered.status_code == 200
    assert "Not a valid choice" in tampered.get_data(as_text=True)
    missing = client.post(f"/self-id/{token}", data={"gender": "male"})
    assert "Choose your race or ethnicity" in missing.get_data(as_text=True)
    assert stored(app, cid) is None
    assert client.post(f"/self-id/{token}", data=ANSWER).status_code == 302


def test_group_labels_are_aggregate_inputs_and_erasure_deletes_everything(app, make,
                                                                           setting):
    requisition = setting["requisition"]
    answered = setting["candidate"]
    silent = make.candidate(requisition, name="Sol Silent")
    old = make.candidate(requisition, name="Olga Old", stage="rejected",
                         stage_entered_at=utcnow() - dt.timedelta(days=400))
    for cid, answer in ((answered.id, ANSWER), (old.id, {"gender": "male",
                                                         "race_ethnicity": "asian"})):
        token = invite(app, cid)
        client = app.test_client()
        assert client.post(f"/self-id/{token}", data=answer).status_code == 302
    open_token = invite(app, answered.id)
    with app.app_context():
        ids = [answered.id, silent.id, old.id]
        assert group_labels(ids, "race_ethnicity") == {
            answered.id: "Hispanic or Latino", silent.id: NOT_ANSWERED, old.id: "Asian"}
        assert group_labels(ids, "gender")[old.id] == "Male"
    with app.test_request_context():
        erase_candidate(db.session.get(Candidate, answered.id), "Request REF-12")
        erased = purge(365)
        db.session.commit()
        assert [e.candidate_id for e in erased] == [old.id]
        for model in (SelfIdentification, SelfIdInvitation):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0
        assert group_labels(ids, "gender") == dict.fromkeys(ids, NOT_ANSWERED)
    assert app.test_client().get(f"/self-id/{open_token}").status_code == 404


def test_rows_go_with_a_deleted_candidate(app, setting):
    invite(app, setting["candidate"].id)
    with app.app_context():
        db.session.add(SelfIdentification(candidate_id=setting["candidate"].id,
                                          gender="male", race_ethnicity="white"))
        db.session.commit()
        if db.engine.dialect.name == "sqlite":
            db.session.execute(text("PRAGMA foreign_keys=ON"))
        db.session.execute(text("DELETE FROM candidates"))
        db.session.commit()
        for model in (SelfIdentification, SelfIdInvitation):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0
