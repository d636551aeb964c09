"""Calendar invitations: assigning, moving and cancelling an interview mail the interviewer an
iCalendar file with one UID, a growing SEQUENCE, and METHOD:CANCEL when it is off."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.mail.sender import send_pass
from hiring.models import Candidate, Interview, OutboxMessage, User
from hiring.services.errors import ValidationFailed
from hiring.services.interviews import assign_interview, cancel_interview, reassign_interview
from hiring.services.loops import Slot, schedule_round
from tests.mail.test_reminders import follow

SOON = utcnow().replace(second=0, microsecond=0) + dt.timedelta(days=2)


def _event(mail) -> tuple[str, object]:
    calendar = Calendar.from_ical(mail.calendar())
    [event] = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), event


def _send(app) -> int:
    with app.app_context():
        return send_pass().sent


def test_assign_move_reassign_cancel_each_mail_once(app, make, smtp, client):
    ivan = make.user("interviewer", email="ivan@example.com")
    ines = make.user("interviewer", email="ines@example.com")
    candidate = make.candidate(make.requisition(), name="Zoë Ada")
    def step(change) -> int:  # one change, committed as a view would, then a send pass
        with app.app_context():
            result = change()
            db.session.commit()
        return result

    interview_id = step(lambda: assign_interview(
        db.session.get(Candidate, candidate.id), stage="phone_screen", interviewer_id=ivan.id,
        scheduled_at=SOON).id)
    assert _send(app) == 1
    link = str(_event(smtp.messages[0])[1]["URL"])
    assert link == f"http://hiring.test/my/interviews/{interview_id}"
    assert link in smtp.messages[0].text()
    client.login(db_user(app, ivan.id))
    assert follow(client, link).status_code == 200  # the kit opens, for its interviewer

    def move(to: User) -> None:
        reassign_interview(db.session.get(Interview, interview_id), interviewer_id=to.id,
                           scheduled_at=SOON + dt.timedelta(hours=1), duration_minutes=45)

    step(lambda: move(ivan))
    assert _send(app) == 1
    step(lambda: move(ines))
    assert _send(app) == 2
    step(lambda: cancel_interview(db.session.get(Interview, interview_id), "Withdrew."))
    assert (_send(app), _send(app)) == (1, 0)
    seen = [(m.recipients[0], *_event(m)) for m in smtp.messages]
    assert [(to, method, int(event["SEQUENCE"])) for to, method, event in seen] == [
        ("ivan@example.com", "REQUEST", 0), ("ivan@example.com", "REQUEST", 1),
        ("ivan@example.com", "CANCEL", 2), ("ines@example.com", "REQUEST", 2),
        ("ines@example.com", "CANCEL", 3)]
    uids = {str(event["UID"]) for *_, event in seen}
    assert uids == {f"interview-{interview_id}@hiring.test"}
    assert seen[0][2].decoded("DTSTART") == SOON
    assert seen[1][2].decoded("DTSTART") == SOON + dt.timedelta(hours=1)
    assert [str(event["STATUS"]) for *_, event in seen] == [
        "CONFIRMED", "CONFIRMED", "CANCELLED", "CONFIRMED", "CANCELLED"]
    first = smtp.messages[0]
    assert "Zoë Ada" in first.message["Subject"]
    assert first.part("text/calendar").get_param("method") == "REQUEST"


def db_user(app, user_id: int) -> User:
    with app.app_context():
        db.session().expire_on_commit = False
        user = db.session.get(User, user_id)
        db.session.commit()
        return user


def test_a_refused_change_or_loop_queues_nothing(app, make, smtp):
    ivan = make.user("interviewer")
    candidate = make.candidate(make.requisition(), stage="technical_interviews")
    with app.app_context():
        row = db.session.get(Candidate, candidate.id)
        with pytest.raises(ValidationFailed):
            assign_interview(row, stage="phone_screen", interviewer_id=ivan.id,
                             scheduled_at=SOON.replace(year=1))
        with pytest.raises(ValidationFailed):  # the second slot is refused: nothing is kept
            schedule_round(row, "technical_interviews", SOON, [
                Slot("coding_interview", ivan.id), Slot("system_design_interview", None)])
        db.session.commit()
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    assert _send(app) == 0
    assert smtp.messages == []
