"""The admin's decisions page: the standing decisions, and reopening one with a reason."""

from __future__ import annotations

import html
import re

from hiring.extensions import db
from hiring.models import Candidate, CommitteeDecision
from tests.views.committee_support import audit_events, panel


def flat(response) -> str:
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def decided(make, outcome="offer", decision="no_offer", override=True):
    data = panel(make, outcome, name="Olive Override")
    with make.session() as s:
        s.get(Candidate, data["candidate"].id).stage = "rejected"
    row = make.decision(data["candidate"], decision=decision, engine_outcome=outcome,
                        by=data["committee"], is_override=override,
                        justification="References said otherwise." if override else "")
    return data, row


def test_the_page_lists_standing_decisions_and_marks_overrides(client, make):
    _data, row = decided(make)
    client.login(make.user("admin"))
    response = client.get("/admin/decisions")
    assert f'href="/admin/decisions/{row.id}"' in response.get_data(as_text=True)
    page = flat(response)
    assert "Olive Override" in page
    assert "Senior Engineer" in page
    assert "No offer Override engine: Offer" in page
    assert "by Cora Committee" in page


def test_reopening_needs_a_reason_then_unlocks_and_moves_back(app, client, make):
    data, row = decided(make)
    admin = make.user("admin", name="Ada Admin")
    client.login(admin)
    url = f"/admin/decisions/{row.id}/reopen"
    refused = client.post(url, data={"reason": "   "})
    page = flat(refused)
    assert "Say why the decision is reopened." in page
    with app.app_context():
        assert db.session.get(CommitteeDecision, row.id).standing
    response = client.post(url, data={"reason": "Recorded against the wrong candidate."})
    assert response.status_code == 302
    page = flat(client.get(response.headers["Location"]))
    assert "Reopened the decision on Olive Override" in page
    assert "is in Debrief" in page
    assert "No decision stands at the moment." in page
    assert "Recently reopened" in page
    assert "Recorded against the wrong candidate." in page
    with app.app_context():
        stored = db.session.get(CommitteeDecision, row.id)
        assert stored.reopened_by_id == admin.id
        assert db.session.get(Candidate, data["candidate"].id).stage == "debrief"
        [event] = audit_events("decision.reopened")
        assert event.after["reason"] == "Recorded against the wrong candidate."
    # The debrief keeps the reopened decision in its history and offers the form again.
    client.login(data["committee"])
    debrief = flat(client.get(f"/candidates/{data['candidate'].id}/debrief"))
    assert "Earlier decisions, reopened" in debrief
    assert "Recorded against the wrong candidate." in debrief
    assert "Record decision" in debrief


def test_reopening_twice_is_refused_politely(client, make):
    _, row = decided(make)
    client.login(make.user("admin"))
    url = f"/admin/decisions/{row.id}/reopen"
    assert client.post(url, data={"reason": "First."}).status_code == 302
    response = client.post(url, data={"reason": "Second."})
    assert response.status_code == 302
    assert "was reopened already" in flat(client.get(response.headers["Location"]))
