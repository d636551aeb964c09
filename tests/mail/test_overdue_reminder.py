"""The overdue page's "Send reminder" button: recruiters of the requisition, one mail per
hour however often it is pressed, refused once no scorecard is owed."""

from __future__ import annotations

import datetime as dt

from hiring.database import utcnow
from hiring.extensions import db
from hiring.mail.sender import send_pass
from hiring.models import Interview, User
from hiring.permissions import can_send_reminder, can_view_outbox
from tests.mail.test_invitations import db_user


def test_the_button_reminds_once_an_hour_and_only_while_owed(app, make, smtp, client):
    rita = make.user("recruiter")
    ivan = make.user("interviewer", email="ivan@example.com")
    req = make.requisition(recruiters=[rita])
    interview = make.interview(make.candidate(req, name="Cleo"), ivan,
                               when=utcnow() - dt.timedelta(hours=30))  # overdue after 24
    client.login(db_user(app, rita.id))
    page = client.get("/overdue").get_data(as_text=True)
    assert f'action="/interviews/{interview.id}/remind"' in page
    first = client.post(f"/interviews/{interview.id}/remind", follow_redirects=True)
    assert "is on its way" in first.get_data(as_text=True)
    again = client.post(f"/interviews/{interview.id}/remind", follow_redirects=True)
    assert "within this hour already" in again.get_data(as_text=True)
    with app.app_context():
        assert send_pass().sent == 1
    [mail] = smtp.messages
    assert mail.recipients == ["ivan@example.com"]
    assert "Cleo" in mail.text()
    make.scorecard(interview, {"communication": 3})
    done = client.post(f"/interviews/{interview.id}/remind", follow_redirects=True)
    assert "No scorecard is owed" in done.get_data(as_text=True)
    assert client.post(f"/interviews/{interview.id}/remind", csrf=False).status_code == 400
    with app.app_context():
        assert send_pass().sent == 0


def test_can_send_reminder_and_can_view_outbox(app, make):
    rita, other = make.user("recruiter"), make.user("recruiter")
    ivan, admin = make.user("interviewer"), make.user("admin")
    req = make.requisition(recruiters=[rita])
    live = make.interview(make.candidate(req), ivan)
    cancelled = make.interview(make.candidate(req), ivan, status="cancelled")
    with app.app_context():
        def allowed(user, interview) -> bool:
            return can_send_reminder(db.session.get(User, user.id),
                                     db.session.get(Interview, interview.id))

        assert allowed(rita, live) is True
        assert allowed(other, live) is False
        assert allowed(ivan, live) is False
        assert allowed(rita, cancelled) is False
        assert can_view_outbox(db.session.get(User, admin.id)) is True
        assert can_view_outbox(db.session.get(User, rita.id)) is False
