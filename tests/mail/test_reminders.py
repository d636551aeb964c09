"""``hiring remind``: reminders reach the interviewer through a real SMTP server, once each,
on the schedule, never when no scorecard is owed; the link opens the interview kit."""

from __future__ import annotations

import datetime as dt
import re
import threading
from urllib.parse import urlsplit

from sqlalchemy import select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.mail.reminders import queue_reminders
from hiring.models import OutboxMessage

ENDED_2H_AGO = utcnow() - dt.timedelta(hours=2, minutes=45)  # a 45-minute interview


def _link(text: str) -> str:
    found = re.search(r"http://hiring\.test/\S+", text)
    assert found, text
    return found.group(0)


def follow(client, link: str):
    """GET the link's page (the test client keeps its login cookie for localhost)."""
    return client.get(urlsplit(link).path)


def _age_reminders(app, hours: int = 25) -> None:
    """What a day passing does to the queued reminders."""
    with app.app_context():
        for message in db.session.scalars(select(OutboxMessage)):
            message.created_at -= dt.timedelta(hours=hours)
        db.session.commit()


def test_remind_sends_once_with_a_working_link_and_twice_sends_nothing(app, make, smtp,
                                                                       hiring, client):
    ivan = make.user("interviewer", email="ivan@example.com", name="Ivan Petrov")
    req = make.requisition(recruiters=[make.user("recruiter")])
    interview = make.interview(make.candidate(req, name="Zoë <Ada>"), ivan, when=ENDED_2H_AGO)
    first = hiring("remind")
    assert first.exit_code == 0, first.output
    assert "queued 1 reminder(s)" in first.output
    assert "sent 1 message(s)" in first.output
    again = hiring("remind")
    assert "queued 0 reminder(s)" in again.output
    assert "sent 0 message(s)" in again.output
    [mail] = smtp.messages
    assert mail.recipients == ["ivan@example.com"]
    assert "Zoë <Ada>" in mail.message["Subject"]
    assert "Zoë <Ada>" in mail.text()
    assert "Zoë &lt;Ada&gt;" in mail.html()
    assert "<Ada>" not in mail.html()
    link = _link(mail.text())
    assert link.endswith(f"/my/interviews/{interview.id}")
    assert f'href="{link}"' in mail.html()
    client.login(ivan)
    page = follow(client, link)
    assert page.status_code == 200
    assert "Zoë &lt;Ada&gt;" in page.get_data(as_text=True)


def test_then_every_24_hours_up_to_the_maximum(app, make, smtp, hiring):
    app.config["REMINDER_MAX"] = 3
    ivan = make.user("interviewer", email="ivan@example.com")
    make.interview(make.candidate(make.requisition()), ivan, when=ENDED_2H_AGO)
    assert "queued 1" in hiring("remind").output
    _age_reminders(app, hours=23)
    assert "queued 0" in hiring("remind").output  # not 24 hours yet
    for n in (2, 3):
        _age_reminders(app, hours=2)
        assert "queued 1" in hiring("remind").output, n
        _age_reminders(app, hours=23)
    _age_reminders(app, hours=48)
    assert "queued 0" in hiring("remind").output  # the maximum is reached
    assert [m.text().count("Reminder") for m in smtp.messages] == [1, 1, 1]
    assert ["Reminder 3 of at most 3" in m.text() for m in smtp.messages] == [False, False, True]


def test_no_reminder_when_no_scorecard_is_owed_or_too_early(app, make, smtp, hiring):
    ivan = make.user("interviewer")
    req = make.requisition()
    make.interview(make.candidate(req), ivan, when=utcnow() - dt.timedelta(minutes=90))
    make.interview(make.candidate(req), ivan, when=utcnow() + dt.timedelta(hours=1))
    make.interview(make.candidate(req), ivan, when=ENDED_2H_AGO, status="cancelled")
    scored = make.interview(make.candidate(req), ivan, when=ENDED_2H_AGO)
    make.scorecard(scored, {"communication": 3})
    decided = make.candidate(req)
    make.interview(decided, ivan, when=ENDED_2H_AGO)
    make.decision(decided)
    erased = make.candidate(req, erased_at=utcnow())
    make.interview(erased, ivan, when=ENDED_2H_AGO)
    result = hiring("remind")
    assert "queued 0 reminder(s)" in result.output
    assert smtp.messages == []


def test_overlapping_runs_queue_each_reminder_once(app, make, smtp):
    ivan = make.user("interviewer")
    req = make.requisition()
    for _ in range(3):
        make.interview(make.candidate(req), ivan, when=ENDED_2H_AGO)
    start = threading.Barrier(2)
    counts: list[int] = []

    def run() -> None:
        with app.app_context():
            start.wait()
            counts.append(queue_reminders(utcnow()))
            db.session.commit()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 3
    with app.app_context():
        keys = list(db.session.scalars(select(OutboxMessage.dedupe_key)))
    assert len(keys) == 3
    assert all(k.endswith(":1") for k in keys)
