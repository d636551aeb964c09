"""Admins who reopen a decision see what they reopen: the decision, its rationale and
override justification, the engine's recommendation then, and the candidate; never a
scorecard's content."""

from __future__ import annotations

from hiring.extensions import db
from hiring.models import CommitteeDecision
from hiring.services.decisions import MAX_TEXT
from tests.views.test_admin_decisions import flat

CANARY = "CANARY-scorecard-text"


def _decided(make):
    committee = make.user("committee", name="Cora Committee")
    req = make.requisition(committee=[committee], title="Payments engineer")
    candidate = make.candidate(req, name="Olive Override", stage="rejected")
    for stage, scores in {"phone_screen": {"coding": 5},
                          "behavioral_interview": {"ownership": 4, "mentoring": None}}.items():
        interview = make.interview(candidate, make.user("interviewer"), stage)
        make.scorecard(interview, scores, evidence=f"{CANARY} evidence",
                       summary=f"{CANARY} summary", flags=[(None, f"{CANARY} flag note")],
                       reasons={"mentoring": f"{CANARY} reason"})
    row = make.decision(candidate, decision="no_offer", engine_outcome="offer", by=committee,
                        rationale="References were <poor> & late.", is_override=True,
                        justification="Two references contradicted the panel.")
    with make.session() as s:
        s.get(CommitteeDecision, row.id).engine_score = "81/20"
    return candidate, row


def test_the_detail_page_shows_the_decision_and_the_candidate_and_no_scorecard(client, make):
    _candidate, row = _decided(make)
    client.login(make.user("admin"))
    listing = client.get("/admin/decisions").get_data(as_text=True)
    assert f'href="/admin/decisions/{row.id}"' in listing
    response = client.get(f"/admin/decisions/{row.id}")
    raw = response.get_data(as_text=True)
    assert "References were &lt;poor&gt; &amp; late." in raw  # escaped
    page = flat(response)
    assert "Decision on Olive Override" in page
    assert "Payments engineer" in page
    assert "Stage now Rejected" in page
    assert "No offer Override" in page
    assert "recorded" in page
    assert "by Cora Committee" in page
    assert "Rationale References were & late." in page
    assert "Override justification Two references contradicted the panel." in page
    assert "Engine recommended Offer at 4.05 (exactly 81/20)" in page
    assert f'action="/admin/decisions/{row.id}/reopen"' in raw
    assert CANARY not in raw


def test_a_refused_reopen_stays_on_the_detail_page_with_the_typed_reason(app, client, make):
    _, row = _decided(make)
    client.login(make.user("admin"))
    url = f"/admin/decisions/{row.id}/reopen"
    page = flat(client.post(url, data={"reason": "   "}))
    assert "The decision was not reopened" in page
    assert "Say why the decision is reopened." in page
    assert "Rationale References were & late." in page  # still the detail page
    typed = "Recorded on the wrong candidate; " * (MAX_TEXT // 30)
    response = client.post(url, data={"reason": typed})
    raw = response.get_data(as_text=True)
    assert "data-error-summary" in raw
    assert typed.strip() in flat(response)
    assert CANARY not in raw
    with app.app_context():
        assert db.session.get(CommitteeDecision, row.id).standing


def test_a_reopened_decision_reads_as_history_without_a_form(client, make):
    _, row = _decided(make)
    client.login(make.user("admin"))
    done = client.post(f"/admin/decisions/{row.id}/reopen",
                       data={"reason": "Recorded on the wrong candidate."})
    assert done.status_code == 302
    listing = client.get(done.headers["Location"]).get_data(as_text=True)
    assert f'href="/admin/decisions/{row.id}"' in listing  # under "Recently reopened"
    response = client.get(f"/admin/decisions/{row.id}")
    page = flat(response)
    assert "Reopened" in page
    assert "Reason for reopening Recorded on the wrong candidate." in page
    assert "Rationale References were & late." in page
    assert "/reopen" not in response.get_data(as_text=True)
    again = client.post(f"/admin/decisions/{row.id}/reopen", data={"reason": "Twice."},
                        follow_redirects=True)
    assert "was reopened already" in flat(again)
