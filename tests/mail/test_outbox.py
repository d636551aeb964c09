"""The outbox and the sender against a real SMTP server: sent once, retried with backoff
while the server is down, never lost, never doubled."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hiring.database import utcnow
from hiring.extensions import db
from hiring.mail import outbox
from hiring.mail.outbox import Letter, backoff, enqueue
from hiring.mail.sender import send_claimed, send_pass
from hiring.models import OutboxMessage, User

LETTER = Letter(subject="Hello <there>", text="Plain & simple.",
                html="<p>Plain &amp; simple.</p>")


def _queue(app, user, key: str | None = "test:1", letter: Letter = LETTER) -> bool:
    with app.app_context():
        added = enqueue("reminder", db.session.get(User, user.id), letter, dedupe_key=key)
        db.session.commit()
        return added


def _rows(app) -> list[OutboxMessage]:
    with app.app_context():
        db.session().expire_on_commit = False
        rows = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        db.session.commit()
        return rows


def _make_due(app) -> None:
    """What time passing does: every queued message's backoff is over."""
    with app.app_context():
        db.session.execute(update(OutboxMessage).values(
            next_attempt_at=utcnow() - dt.timedelta(seconds=1)))
        db.session.commit()


def test_a_message_is_sent_once_with_text_and_html_parts(app, make, smtp, hiring):
    ivan = make.user("interviewer", email="ivan@example.com")
    assert _queue(app, ivan) is True
    assert _queue(app, ivan) is False  # the same dedupe key: nothing added
    assert len(_rows(app)) == 1
    result = hiring("mail", "send")
    assert result.exit_code == 0, result.output
    assert "sent 1 message(s), 0 failed" in result.output
    assert hiring("mail", "send").output.startswith("sent 0")
    [received] = smtp.messages
    assert received.recipients == ["ivan@example.com"]
    assert received.envelope_from == "hiring@hiring.test"
    assert received.message["Subject"] == "Hello <there>"
    assert received.text().strip() == "Plain & simple."
    assert "<p>Plain &amp; simple.</p>" in received.html()
    assert received.message["Message-ID"] == f"<outbox-{_rows(app)[0].id}@hiring.test>"
    [row] = _rows(app)
    assert (row.state, row.attempts, row.last_error) == ("sent", 1, "")
    assert row.sent_at is not None


def test_server_down_then_up_loses_nothing_and_sends_once(app, make, smtp):
    ivan = make.user("interviewer", email="ivan@example.com")
    _queue(app, ivan, key="test:a")
    _queue(app, ivan, key=None)
    smtp.stop()
    with app.app_context():
        result = send_pass()
    assert (result.sent, result.failed) == (0, 2)
    rows = _rows(app)
    for row in rows:
        assert (row.state, row.attempts) == ("queued", 1)
        assert "ConnectionRefusedError" in row.last_error
        assert row.next_attempt_at >= row.created_at + backoff(1)
    smtp.start()
    with app.app_context():
        assert send_pass().sent == 0  # the backoff is not over: not due yet
    _make_due(app)
    with app.app_context():
        assert (send_pass().sent, send_pass().sent) == (2, 0)
    assert len(smtp.messages) == 2
    assert [(r.state, r.attempts, r.last_error) for r in _rows(app)] == [("sent", 2, "")] * 2


def test_a_refused_recipient_fails_alone_and_the_pass_goes_on(app, make, smtp):
    smtp.inbox.refused.add("gone@example.com")
    _queue(app, make.user("interviewer", email="gone@example.com"), key="test:gone")
    _queue(app, make.user("interviewer", email="ivan@example.com"), key="test:ivan")
    with app.app_context():
        result = send_pass()
    gone, ivan = _rows(app)
    assert (result.sent, result.failed) == (1, 1)
    assert (gone.state, gone.attempts) == ("queued", 1)
    assert "SMTPRecipientsRefused" in gone.last_error
    assert ivan.state == "sent"
    assert [m.recipients for m in smtp.messages] == [["ivan@example.com"]]


def test_backoff_doubles_up_to_a_cap_and_the_last_attempt_fails_for_good(app, make, smtp):
    assert [backoff(n) for n in (1, 2, 3)] == [dt.timedelta(minutes=m) for m in (1, 2, 4)]
    assert backoff(30) == dt.timedelta(hours=6)
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    _queue(app, make.user("interviewer"))
    smtp.stop()
    for _ in range(2):
        _make_due(app)
        with app.app_context():
            send_pass()
    [row] = _rows(app)
    assert (row.state, row.attempts) == ("failed", 2)
    _make_due(app)
    with app.app_context():
        assert send_pass().failed == 0  # failed for good: only an admin's retry sends it
        outbox.retry(db.session.get(OutboxMessage, row.id))
        db.session.commit()
    smtp.start()
    with app.app_context():
        assert send_pass().sent == 1
    assert len(smtp.messages) == 1


def test_without_a_host_mail_stays_in_the_outbox(app, make, smtp, hiring):
    app.config["SMTP_HOST"] = ""
    _queue(app, make.user("interviewer"))
    result = hiring("mail", "send")
    assert "no SMTP host" in result.output
    assert "1 message(s) wait" in result.output
    assert [r.state for r in _rows(app)] == ["queued"]
    assert smtp.messages == []


def test_a_claimed_message_is_not_claimed_again_until_its_lease_ends(app, make, smtp):
    _queue(app, make.user("interviewer"))
    with app.app_context():
        first = outbox.claim(10)
        db.session.commit()
        assert len(first) == 1
        assert outbox.claim(10) == []  # another run finds nothing to send
        db.session.commit()
        db.session.execute(update(OutboxMessage).values(
            claimed_until=utcnow() - dt.timedelta(seconds=1)))  # the first sender died
        db.session.commit()
        assert outbox.claim(10) == first
        db.session.commit()


def test_a_pass_whose_lease_ran_out_does_not_send_what_another_pass_claimed(app, make, smtp):
    """A slow pass (its 10-minute lease ran out before it reached this message) and a newer
    pass that claimed the row since: the message goes out once, by the newer pass."""
    _queue(app, make.user("interviewer"))
    with app.app_context():
        slow_lease = utcnow() - dt.timedelta(seconds=1)  # claimed long ago, lease over
        slow = outbox.claim(10, slow_lease)
        db.session.commit()
        new_lease = utcnow() + outbox.CLAIM_LEASE
        newer = outbox.claim(10, new_lease)  # due again: the newer pass claims it
        db.session.commit()
        assert len(slow) == 1
        assert newer == slow
        assert send_claimed(slow, slow_lease).sent == 0  # the slow pass reaches it: skipped
        assert send_claimed(newer, new_lease).sent == 1
    assert len(smtp.messages) == 1
    assert [r.state for r in _rows(app)] == ["sent"]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_overlapping_claims_on_postgresql_skip_each_others_rows(app, make, smtp):
    ivan = make.user("interviewer")
    for n in range(4):
        _queue(app, ivan, key=f"test:{n}")
    with app.app_context():
        mine = outbox.claim(2)  # its row locks are held until the commit below
        with Session(db.engine) as other:
            other.begin()
            theirs = list(other.scalars(select(OutboxMessage.id).where(outbox.due())
                                        .with_for_update(skip_locked=True)))
            other.rollback()
        db.session.commit()
    assert len(mine) == 2
    assert len(theirs) == 2
    assert not set(mine) & set(theirs)


def test_starttls_when_configured_is_never_skipped(app, make, smtp):
    """The test server offers no STARTTLS: the message waits, it is not sent in clear."""
    app.config["SMTP_STARTTLS"] = "true"  # as it arrives from the environment
    _queue(app, make.user("interviewer"))
    with app.app_context():
        assert send_pass().failed == 1
    [row] = _rows(app)
    assert row.state == "queued"
    assert "STARTTLS extension not supported" in row.last_error
    assert smtp.messages == []
