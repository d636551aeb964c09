"""Erasing a candidate deletes the mails about them: queued ones are never sent."""

from __future__ import annotations

from sqlalchemy import select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.mail.reminders import queue_reminders
from hiring.mail.sender import send_pass
from hiring.models import Candidate, OutboxMessage
from hiring.services.privacy import erase_candidate
from tests.mail.test_reminders import ENDED_2H_AGO


def test_erasure_deletes_the_candidates_mails_and_spares_others(app, make, smtp):
    ivan = make.user("interviewer")
    req = make.requisition()
    erased, kept = make.candidate(req, name="Erin Erased"), make.candidate(req, name="Kim Kept")
    for candidate in (erased, kept):
        make.interview(candidate, ivan, when=ENDED_2H_AGO)
    with app.app_context():
        assert queue_reminders(utcnow()) == 2
        db.session.commit()
        erase_candidate(db.session.get(Candidate, erased.id), "Request ref 2026-17")
        db.session.commit()
        left = list(db.session.scalars(select(OutboxMessage.candidate_id)))
        assert left == [kept.id]
        assert send_pass().sent == 1
    [mail] = smtp.messages
    assert "Kim Kept" in mail.text()
    assert "Erin" not in mail.text()
