"""Erasure on request: after it, no table holds the candidate's data; the trail stays whole.

The check is a dump of the whole database (every table the database has, every column, on
both backends) searched for every string the candidate's record ever held, and for the bytes
of their packet. Before erasure the same dump finds each one, so the test can fail.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import func, inspect, select, text

from hiring.cli import main
from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import AuditEvent, Candidate, CommitteeDecision, Packet, Scorecard, User
from hiring.packet.cache import packet_for
from hiring.services import audit
from hiring.services.candidates import CandidateData, move_candidate, update_candidate
from hiring.services.decisions import record_decision, reopen_decision
from hiring.services.errors import ValidationFailed
from hiring.services.interviews import cancel_interview
from hiring.services.privacy import AlreadyErased, erase_candidate
from tests.views.committee_support import panel

NAME = "Zelda Quillfeather"
EMAIL = "zelda.quillfeather@example.org"
LINK = "https://quillfeather-portfolio.example.net/zelda"
NOTES = "NOTES-CANARY-4412 referred by an old colleague"
EVIDENCE = "EVIDENCE-CANARY-9F3E Zelda rebuilt the cache layer"
SUMMARY = "SUMMARY-CANARY-77AB hire Zelda"
FLAG_NOTE = "FLAGNOTE-CANARY-1C0D"
REVISION_REASON = "REVISION-CANARY-5E5E"
MOVE_NOTE = "MOVENOTE-CANARY-3B3B"
RATIONALE = "RATIONALE-CANARY-8D8D strongest of the round"
REOPEN = "REOPEN-CANARY-2A2A budget moved"
CANCEL = "CANCEL-CANARY-6F6F asked for another day"
STRINGS = (NAME, EMAIL, LINK, NOTES, EVIDENCE, SUMMARY, FLAG_NOTE, REVISION_REASON,
           MOVE_NOTE, RATIONALE, REOPEN, CANCEL, "Zelda", "Quillfeather")


def dump_database() -> tuple[str, list[bytes]]:
    """Every text value of every row of every table the database holds (lower-cased), and
    every binary value."""
    texts: list[str] = []
    blobs: list[bytes] = []
    for table in sorted(inspect(db.engine).get_table_names()):
        for row in db.session.execute(text(f'SELECT * FROM "{table}"')):  # noqa: S608
            for value in row:
                if isinstance(value, bytes | memoryview):
                    blobs.append(bytes(value))
                elif isinstance(value, dict | list):
                    texts.append(json.dumps(value, ensure_ascii=False))
                elif value is not None:
                    texts.append(str(value))
    return "\n".join(texts).lower(), blobs


def found(strings: tuple[str, ...], packet: bytes) -> list[str]:
    dumped, blobs = dump_database()
    hits = [s for s in strings if s.lower() in dumped]
    if any(packet in blob for blob in blobs):
        hits.append("<packet bytes>")
    return hits


def build_record(app, make) -> dict[str, Any]:
    """A candidate who went all the way: edited, interviewed, scored, decided, reopened,
    an interview cancelled and a packet made, all through the services that audit them."""
    recruiter = make.user("recruiter", name="Rita Recruiter")
    data = panel(make, "offer", name=NAME, recruiter=recruiter)
    spare = make.user("interviewer", name="Sam Spare")
    later = make.interview(data["candidate"], spare, "phone_screen",
                           when=utcnow() + dt.timedelta(days=3))
    card_id = data["cards"]["pair_programming"].id
    with app.test_request_context():
        candidate = db.session.get(Candidate, data["candidate"].id)
        actor = db.session.get(User, recruiter.id)
        committee = db.session.get(User, data["committee"].id)
        update_candidate(candidate, CandidateData(name=NAME, email=EMAIL, links=LINK,
                                                  notes=NOTES), actor=actor)
        card = db.session.get(Scorecard, card_id)
        card.summary = SUMMARY
        card.scores[0].evidence = EVIDENCE
        db.session.flush()
        from hiring.models import ScorecardFlag, ScorecardRevision
        card.flags.append(ScorecardFlag(flag_id=None, label="Zelda's other concern",
                                        note=FLAG_NOTE))
        db.session.flush()
        db.session.add(ScorecardRevision(scorecard_id=card.id, number=2,
                                         content=card.content(), reason=REVISION_REASON,
                                         submitted_by_id=card.interviewer_id))
        decision = record_decision(candidate, "offer", RATIONALE, actor=committee)
        reopen_decision(decision, f"{REOPEN} for {NAME}", actor=committee)
        move_candidate(candidate, "rejected", note=f"{MOVE_NOTE} {NAME}", actor=actor)
        cancel_interview(db.session.get(type(later), later.id), f"{CANCEL} ({NAME})",
                         actor=actor)
        packet = packet_for(candidate, actor=committee).pdf
        db.session.commit()
    return {"candidate_id": data["candidate"].id, "packet": packet, "actor": recruiter}


def counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (AuditEvent, Candidate, CommitteeDecision, Scorecard)}


def test_erasure_leaves_none_of_the_candidates_strings_anywhere(app, make):
    record = build_record(app, make)
    with app.app_context():
        assert found(STRINGS, record["packet"]) == [*STRINGS, "<packet bytes>"]
        before = counts()
        trail = db.session.execute(text("SELECT * FROM audit_events ORDER BY id")).all()
    with app.test_request_context():
        erasure = erase_candidate(db.session.get(Candidate, record["candidate_id"]),
                                  "Request GDPR-2026-117 received by email",
                                  actor=db.session.get(User, record["actor"].id))
        db.session.commit()
        assert (erasure.scorecards, erasure.decisions, erasure.packets) == (4, 1, 1)
    with app.app_context():
        assert found(STRINGS, record["packet"]) == []
        # The trail is untouched and one event longer; the tombstone keeps every count right.
        assert db.session.execute(text("SELECT * FROM audit_events ORDER BY id")).all()[
            :len(trail)] == trail
        assert counts() == {**before, "AuditEvent": before["AuditEvent"] + 1}
        candidate = db.session.get(Candidate, record["candidate_id"])
        assert candidate.name == f"Erased candidate #{candidate.id}"
        assert candidate.stage == "rejected"
        assert candidate.erased
        assert db.session.scalar(select(func.count(Packet.id))) == 0
        card_scores = db.session.scalars(select(Scorecard)).all()
        assert all(s.score is not None and s.evidence == "" for c in card_scores
                   for s in c.scores)
        [event] = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "candidate.erased")).all()
        assert event.object_id == str(candidate.id)
        assert event.after["erasure_reason"] == "Request GDPR-2026-117 received by email"


def test_audit_rows_never_hold_a_candidates_personal_data(app, make):
    """The trail is append-only, so what reaches it could never be erased."""
    record = build_record(app, make)
    with app.app_context():
        dumped = json.dumps([[e.before, e.after, e.actor_label, e.object_id] for e in
                             db.session.scalars(select(AuditEvent))], ensure_ascii=False)
    for string in STRINGS:
        assert string.lower() not in dumped.lower(), string
    assert audit.WITHHELD in dumped
    assert record["candidate_id"]


def test_the_reason_must_not_name_the_candidate_and_nothing_changes(app, make):
    data = panel(make, "offer", name=NAME)
    with app.app_context():
        candidate = db.session.get(Candidate, data["candidate"].id)
        for reason in ("", f"asked by {NAME}", f"mail from {data['candidate'].email}",
                       "x" * 501):
            with pytest.raises(ValidationFailed) as caught:
                erase_candidate(candidate, reason)
            assert "reason" in caught.value.errors
        db.session.rollback()
        assert db.session.get(Candidate, candidate.id).name == NAME
        # A name inside another word is no mention of the person.
        erase_candidate(db.session.get(Candidate, candidate.id), "Zeldaesque request 12")
        db.session.commit()


def test_erasing_twice_is_refused_politely(app, make):
    data = panel(make, "offer")
    with app.app_context():
        erase_candidate(db.session.get(Candidate, data["candidate"].id), "Request 1")
        db.session.commit()
        with pytest.raises(AlreadyErased, match="erased already"):
            erase_candidate(db.session.get(Candidate, data["candidate"].id), "Request 1")


def test_the_command_erases_and_prints_counts_only(app, make):
    data = panel(make, "offer", name=NAME)
    runner = app.test_cli_runner()
    cid = data["candidate"].id
    result = runner.invoke(main, ["candidates", "erase", str(cid), "--reason", "Ticket 4711"])
    assert result.exit_code == 0, result.output
    assert f"candidate #{cid} erased: 4 scorecard(s)" in result.output
    assert NAME not in result.output
    with app.app_context():
        assert db.session.get(Candidate, cid).name == f"Erased candidate #{cid}"
        [event] = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "candidate.erased")).all()
        assert event.actor_label == "hiring (command line)"
    again = runner.invoke(main, ["candidates", "erase", str(cid), "--reason", "Ticket 4711"])
    assert again.exit_code == 2
    assert "erased already" in again.output
    missing = runner.invoke(main, ["candidates", "erase", "999999", "--reason", "x"])
    assert missing.exit_code == 2
    assert "no candidate #999999" in missing.output
    no_reason = runner.invoke(main, ["candidates", "erase", str(cid)])
    assert no_reason.exit_code == 2


# -- the admin's erasure page ----------------------------------------------------------------

def test_the_admin_confirms_then_erases(app, client, make):
    data = panel(make, "offer", name=NAME)
    cid = data["candidate"].id
    client.login(make.user("admin"))
    found_page = client.get(f"/admin/privacy?candidate_id={cid}")
    assert found_page.status_code == 302
    assert found_page.headers["Location"].endswith(f"/admin/candidates/{cid}/erase")
    page = client.get(f"/admin/candidates/{cid}/erase").get_data(as_text=True)
    assert NAME in page
    assert "cannot be undone" in page
    # Without the confirmation box, or with the name in the reason: nothing happens.
    refused = client.post(f"/admin/candidates/{cid}/erase",
                          data={"reason": "Request 12"}).get_data(as_text=True)
    assert "Tick the box to confirm the erasure." in refused
    refused = client.post(f"/admin/candidates/{cid}/erase",
                          data={"reason": f"{NAME} asked", "confirm": "y"})
    assert refused.status_code == 200
    assert "do not name the candidate" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Candidate, cid).name == NAME
    done = client.post(f"/admin/candidates/{cid}/erase",
                       data={"reason": "Request 12", "confirm": "y"}, follow_redirects=True)
    text_ = done.get_data(as_text=True)
    assert f"Erased the personal data of candidate #{cid}" in text_
    assert NAME not in text_
    with app.app_context():
        assert db.session.get(Candidate, cid).name == f"Erased candidate #{cid}"
    again = client.get(f"/admin/candidates/{cid}/erase").get_data(as_text=True)
    assert "Nothing is left to erase." in again
    twice = client.post(f"/admin/candidates/{cid}/erase",
                        data={"reason": "Request 12", "confirm": "y"}, follow_redirects=True)
    assert "was erased already" in twice.get_data(as_text=True)


def test_the_erase_form_needs_its_csrf_token(app, client, make):
    data = panel(make, "offer", name=NAME)
    client.login(make.user("admin"))
    response = client.post(f"/admin/candidates/{data['candidate'].id}/erase",
                           data={"reason": "Request 12", "confirm": "y"}, csrf=False)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Candidate, data["candidate"].id).name == NAME


@pytest.mark.parametrize("query", ["candidate_id=abc", "candidate_id=0",
                                   "candidate_id=" + "9" * 30])
def test_finding_a_candidate_by_a_bad_number_is_a_field_error(app, client, make, query):
    client.login(make.user("admin"))
    response = client.get(f"/admin/privacy?{query}")
    assert response.status_code == 200
    assert "number" in response.get_data(as_text=True)


def test_an_erased_candidate_takes_no_new_personal_data(app, client, make):
    """A tombstone stays one: no edits, moves, interviews or scorecards after erasure."""
    recruiter, me = make.user("recruiter"), make.user("interviewer")
    candidate = make.candidate(make.requisition(recruiters=[recruiter]), stage="phone_screen")
    interview = make.interview(candidate, me, "phone_screen")
    with app.app_context():
        erase_candidate(db.session.get(Candidate, candidate.id), "Request received 12 May.")
        db.session.commit()
    client.login(recruiter)
    assert client.post(f"/candidates/{candidate.id}/edit",
                       data={"name": "New Name", "email": "n@example.org"}).status_code == 404
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Move in the pipeline" not in page
    client.login(me)
    kit = client.post(f"/my/interviews/{interview.id}", data={
        "action": "save", "score-coding": "4", "evidence-coding": "New text about them.",
        "lock_version": ""})
    assert kit.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Scorecard.id))) == 0
        assert db.session.get(Candidate, candidate.id).name.startswith("Erased candidate")
