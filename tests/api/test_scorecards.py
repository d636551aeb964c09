"""Scorecards through the API: independence as on the web, If-Match on every write, problem
details with field errors, paging with Link headers, ETags on reads."""

from __future__ import annotations

import pytest

from hiring.domain.decision import Outcome
from tests.api.support import call

CARD = {"criteria": {"coding": {"score": 4, "evidence": "Clear, tested solution."}}}


@pytest.fixture
def panel(make):
    """Two interviewers on one candidate (after_submit policy); Ines submitted, Ivan has
    not. Hugo sits on the committee and also holds a pending interview."""
    ivan, ines = make.user("interviewer", name="Ivan"), make.user("interviewer", name="Ines")
    hugo = make.user("committee", "interviewer", name="Hugo")
    req = make.requisition(committee=[hugo])
    cand = make.candidate(req, name="Zoë Ümlaut", stage="phone_screen")
    mine = make.interview(cand, ivan)
    theirs = make.interview(cand, ines)
    hugos = make.interview(cand, hugo)
    make.scorecard(theirs, {"coding": 2}, evidence="Ines's private evidence.")
    return {"candidate": cand, "mine": mine, "hugos": hugos,
            "ivan": make.api_token(ivan).secret, "hugo": make.api_token(hugo).secret}


def _etag(client, token, interview_id) -> str:
    response = call(client, "GET", f"/interviews/{interview_id}/scorecard", token)
    assert response.status_code == 200
    return response.headers["ETag"]


def test_an_interviewer_reads_colleagues_only_after_submitting(app, client, panel):
    cand, ivan = panel["candidate"], panel["ivan"]
    before = call(client, "GET", f"/candidates/{cand.id}/scorecards", ivan)
    assert before.status_code == 404
    assert "Ines's private evidence" not in before.get_data(as_text=True)
    path = f"/interviews/{panel['mine'].id}/scorecard/submit"
    etag = _etag(client, ivan, panel["mine"].id)
    assert call(client, "POST", path, ivan, CARD, {"If-Match": etag}).status_code == 200
    after = call(client, "GET", f"/candidates/{cand.id}/scorecards", ivan)
    assert after.status_code == 200
    evidence = [c["scores"]["coding"]["evidence"] for c in after.get_json()["items"]]
    assert sorted(evidence) == ["Clear, tested solution.", "Ines's private evidence."]


def test_a_committee_member_who_owes_a_scorecard_is_told_to_submit_first(app, client, panel):
    cand, hugo = panel["candidate"], panel["hugo"]
    for what in ("scorecards", "recommendation", "decisions"):
        response = call(client, "GET", f"/candidates/{cand.id}/{what}", hugo)
        assert response.status_code == 403, what
        assert "submit yours first" in response.get_json()["detail"]
        assert "Ines" not in response.get_data(as_text=True)
    etag = _etag(client, hugo, panel["hugos"].id)
    path = f"/interviews/{panel['hugos'].id}/scorecard/submit"
    assert call(client, "POST", path, hugo, CARD, {"If-Match": etag}).status_code == 200
    response = call(client, "GET", f"/candidates/{cand.id}/recommendation", hugo)
    assert response.status_code == 200
    decision = response.get_json()["recommendation"]
    assert decision["outcome"] in {o.value for o in Outcome}
    assert set(decision) >= {"rubric", "weighted_score_exact", "bar", "criteria", "reasons"}


def test_writes_need_if_match_and_refuse_a_stale_one(app, client, panel):
    ivan, interview_id = panel["ivan"], panel["mine"].id
    path = f"/interviews/{interview_id}/scorecard"
    first = _etag(client, ivan, interview_id)
    missing = call(client, "PUT", path, ivan, CARD)
    assert missing.status_code == 428
    assert missing.mimetype == "application/problem+json"
    saved = call(client, "PUT", path, ivan, CARD, {"If-Match": first})
    assert saved.status_code == 200
    assert saved.get_json()["status"] == "draft"
    assert saved.headers["ETag"] != first
    stale = call(client, "PUT", path, ivan, {"summary": "older tab"}, {"If-Match": first})
    assert stale.status_code == 412
    assert call(client, "GET", path, ivan).get_json()["summary"] == ""
    again = call(client, "PUT", path, ivan, {"summary": "newer"},
                 {"If-Match": saved.headers["ETag"]})
    assert again.status_code == 200
    assert again.get_json()["summary"] == "newer"


def test_field_errors_come_as_problems(app, client, panel):
    ivan, interview_id = panel["ivan"], panel["mine"].id
    etag = _etag(client, ivan, interview_id)
    shape = call(client, "PUT", f"/interviews/{interview_id}/scorecard", ivan,
                 {"criteria": {"coding": {"score": "four"}}}, {"If-Match": etag})
    assert shape.status_code == 422
    assert shape.mimetype == "application/problem+json"
    assert shape.get_json()["errors"] == {"criteria.coding.value.score":
                                          ["Not a valid integer."]}
    rule = call(client, "POST", f"/interviews/{interview_id}/scorecard/submit", ivan,
                {"criteria": {"coding": {"score": 4}}}, {"If-Match": etag})
    assert rule.status_code == 422
    assert rule.get_json()["errors"] == {  # the service's message, named as the body names it
        "criteria.coding.evidence": ["Write the evidence for your score on Coding."]}
    off_scale = call(client, "PUT", f"/interviews/{interview_id}/scorecard", ivan,
                     {"criteria": {"coding": {"score": 99}}}, {"If-Match": etag})
    assert off_scale.status_code == 422  # refused as a whole, named by its field
    assert list(off_scale.get_json()["errors"]) == ["criteria.coding.score"]


def test_lists_are_paged_with_links_and_reads_carry_etags(app, client, make):
    recruiter = make.user("recruiter")
    req = make.requisition(recruiters=[recruiter])
    for n in range(3):
        make.candidate(req, name=f"Zoë {n}")
    token = make.api_token(recruiter).secret
    response = call(client, "GET", "/candidates?per_page=2&q=zo%C3%AB", token)
    body = response.get_json()
    assert (body["page"], body["per_page"], body["total"], len(body["items"])) == (1, 2, 3, 2)
    assert 'rel="next"' in response.headers["Link"]
    assert "page=2" in response.headers["Link"]
    second = call(client, "GET", "/candidates?per_page=2&page=2&q=zo%C3%AB", token)
    assert len(second.get_json()["items"]) == 1
    assert 'rel="prev"' in second.headers["Link"]
    etag = response.headers["ETag"]
    cached = call(client, "GET", "/candidates?per_page=2&q=zo%C3%AB", token,
                  headers={"If-None-Match": etag})
    assert cached.status_code == 304
    assert call(client, "GET", "/candidates?per_page=0", token).status_code == 422
