"""Input the API refuses as a problem, never a 500 nor the web's HTML pages: a NUL character
(PostgreSQL cannot store one), a body that is not JSON (it would have been read as empty),
input no client of ours sends (named by its field), ``If-Match: *`` (it names no version)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hiring.extensions import db
from hiring.models import Candidate
from tests.api.support import API, call
from tests.views.committee_support import panel

CARD = {"criteria": {"coding": {"score": 4, "evidence": "Clear, tested solution."}},
        "summary": "Kept."}


@pytest.fixture
def saved(app, client, make):
    """An interviewer's saved draft, and its ETag."""
    ivan = make.user("interviewer", name="Ivan")
    interview = make.interview(make.candidate(make.requisition()), ivan)
    token = make.api_token(ivan).secret
    path = f"/interviews/{interview.id}/scorecard"
    etag = call(client, "GET", path, token).headers["ETag"]
    response = call(client, "PUT", path, token, CARD, {"If-Match": etag})
    assert response.status_code == 200
    return {"token": token, "path": path, "etag": response.headers["ETag"]}


def _draft(client, saved) -> dict:
    return call(client, "GET", saved["path"], saved["token"]).get_json()


def test_a_nul_in_a_json_body_or_the_query_is_a_422_problem(app, client, make):
    recruiter = make.user("recruiter")
    req = make.requisition(recruiters=[recruiter])
    token = make.api_token(recruiter).secret
    response = call(client, "POST", "/candidates", token,
                    {"requisition_id": req.id, "name": "Zoë\u0000 Ümlaut"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert "NUL" in response.get_json()["detail"]
    nested = call(client, "POST", "/candidates", token,
                  {"requisition_id": req.id, "name": "Zoë", "links": ["https://x\u0000"]})
    assert nested.status_code == 422
    query = call(client, "GET", "/candidates?q=Zo%00", token)
    assert query.status_code == 422
    assert query.mimetype == "application/problem+json"
    with app.app_context():
        assert db.session.scalar(select(func.count(Candidate.id))) == 0


def test_a_write_that_is_not_json_is_a_415_and_keeps_the_draft(app, client, saved):
    before = _draft(client, saved)
    response = client.put(API + saved["path"], data="summary=", content_type="text/plain",
                          headers={"Authorization": f"Bearer {saved['token']}",
                                   "If-Match": saved["etag"]})
    assert response.status_code == 415
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == "Send application/json."
    form = client.put(API + saved["path"], data={"summary": ""},
                      headers={"Authorization": f"Bearer {saved['token']}",
                               "If-Match": saved["etag"]})
    assert form.status_code == 415
    assert _draft(client, saved) == before
    assert before["summary"] == "Kept."


@pytest.mark.parametrize(("body", "field"), [
    ({"criteria": {"coding": {"score": 99}}}, "criteria.coding.score"),
    ({"criteria": {"charisma": {"score": 4}}}, "criteria.charisma.score"),
    ({"criteria": {"coding": {"score": 4, "not_assessed": True}}}, "criteria.coding.score"),
    ({"flags": {"bad_vibes": {"note": "?"}}}, "flags.bad_vibes"),
], ids=["off-scale", "unknown-criterion", "scored-and-not-assessed", "unknown-flag"])
def test_input_no_form_sends_is_a_422_naming_its_field(app, client, saved, body, field):
    response = call(client, "PUT", saved["path"], saved["token"], body,
                    {"If-Match": saved["etag"]})
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == [field]
    assert _draft(client, saved)["summary"] == "Kept."


def test_if_match_star_is_not_a_version(app, client, saved):
    response = call(client, "PUT", saved["path"], saved["token"], {"summary": "Other tab"},
                    {"If-Match": "*"})
    assert response.status_code == 428
    assert response.mimetype == "application/problem+json"
    assert _draft(client, saved)["summary"] == "Kept."


def test_a_stale_recommendation_is_named_seen_outcome(app, client, make):
    data = panel(make, "offer")
    token = make.api_token(data["committee"]).secret
    response = call(client, "POST", f"/candidates/{data['candidate'].id}/decisions", token,
                    {"decision": "offer", "rationale": "Strong everywhere.",
                     "seen_outcome": "no_offer"})
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["seen_outcome"]
    assert "changed to Offer" in response.get_json()["errors"]["seen_outcome"][0]
