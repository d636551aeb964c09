"""The admins' outbox page: without an SMTP host mail waits there, readable; failures show
their error; "retry now" makes a message due again."""

from __future__ import annotations

from sqlalchemy import select

from hiring.extensions import db
from hiring.mail.outbox import Letter
from hiring.mail.sender import send_pass
from hiring.models import OutboxMessage
from tests.mail.test_invitations import db_user
from tests.mail.test_outbox import _queue


def test_outbox_page_lists_states_errors_and_retries(app, make, smtp, client):
    admin = make.user("admin")
    ivan = make.user("interviewer", email="ivan@example.com")
    _queue(app, ivan, letter=Letter(subject="Due <script>x</script>", text="Write it up\nnow.",
                                    html="<p>Write it up</p>"))
    app.config["SMTP_HOST"] = ""
    client.login(db_user(app, admin.id))
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "No SMTP server is configured" in page
    assert "Due &lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x" not in page
    assert "queued (1)" in page
    with app.app_context():
        message_id = db.session.scalar(select(OutboxMessage.id))
    detail = client.get(f"/admin/outbox/{message_id}").get_data(as_text=True)
    assert "Write it up\nnow." in detail
    assert "ivan@example.com" in detail
    app.config["SMTP_HOST"] = smtp.host
    smtp.stop()
    with app.app_context():
        assert send_pass().failed == 1
    failed = client.get("/admin/outbox?state=queued").get_data(as_text=True)
    assert "ConnectionRefusedError" in failed
    retried = client.post(f"/admin/outbox/{message_id}/retry", follow_redirects=True)
    assert "The message is due now" in retried.get_data(as_text=True)
    smtp.start()
    with app.app_context():
        assert send_pass().sent == 1  # due at once, without waiting for the backoff
    sent = client.post(f"/admin/outbox/{message_id}/retry", follow_redirects=True)
    assert "not sent twice" in sent.get_data(as_text=True)
    with app.app_context():
        assert send_pass().sent == 0
    assert len(smtp.messages) == 1
