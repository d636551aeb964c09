"""One-time account links (hiring/services/account_links.py): single use, expiry, reissue,
the password policy, sessions ended, and a reset request that tells nobody whether an
account exists, throttled like logins."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from hiring.extensions import db
from hiring.models import AccountLink, AuditEvent, OutboxMessage, User, UserSession
from hiring.security import verify_password
from hiring.services import account_links, users
from hiring.services.account_links import LinkRefused, ResetThrottled
from hiring.services.errors import ValidationFailed

NEW_PASSWORD = "tangerine orbit cello harbour"
ADDRESS = {"REMOTE_ADDR": "198.51.100.7"}


def issue(app, user, purpose: str = "invitation") -> str:
    """A new link for ``user``; returns its token."""
    with app.test_request_context(environ_base=ADDRESS):
        issued = account_links.issue(db.session.get(User, user.id), purpose, actor_label="")
        db.session.commit()
        assert issued.mailed is False  # no SMTP_HOST in these tests: the admin is shown it
        return urlsplit(issued.url).path.rsplit("/", 1)[1]


def use(app, token: str, password: str = NEW_PASSWORD) -> None:
    with app.test_request_context(environ_base=ADDRESS):
        try:
            account_links.set_password_with_link(token, password)
        except Exception:
            db.session.rollback()
            raise
        db.session.commit()


def refusal(app, token: str, password: str = NEW_PASSWORD) -> str:
    with pytest.raises(LinkRefused) as caught:
        use(app, token, password)
    return caught.value.reason


def actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.action.like("user.%")).order_by(AuditEvent.id)))


def test_a_link_sets_the_password_once_and_ends_the_sessions(app, make):
    nina = make.user("interviewer", name="Nina Novak", email="nina@example.test")
    with app.app_context():
        db.session.add(UserSession(token_hash="a" * 64, user_id=nina.id))
        db.session.commit()
    token = issue(app, nina)
    with app.app_context():
        link = db.session.scalar(select(AccountLink))
        assert link.token_hash != token
        assert token not in link.token_hash
        assert link.expires_at - link.created_at == dt.timedelta(days=7)
    use(app, token)
    with app.app_context():
        user = db.session.get(User, nina.id)
        assert verify_password(user.password_hash, NEW_PASSWORD)
        assert user.session_version == nina.session_version + 1
        assert db.session.scalar(select(UserSession.ended_at)) is not None
        assert db.session.scalar(select(AccountLink.used_at)) is not None
    assert refusal(app, token, "another fine long passphrase") == "used"
    assert actions(app) == ["user.link_issued", "user.password_changed", "user.link_used"]


def test_an_expired_link_is_refused(app, make):
    token = issue(app, make.user("interviewer"), "reset")
    with app.app_context():
        link = db.session.scalar(select(AccountLink))
        assert link.expires_at - link.created_at == dt.timedelta(hours=1)
        link.expires_at = link.created_at  # as an hour later
        db.session.commit()
    assert refusal(app, token) == "expired"


def test_a_new_link_or_a_password_set_otherwise_revokes_the_old_one(app, make):
    ivan = make.user("interviewer")
    first = issue(app, ivan)
    second = issue(app, ivan, "reset")
    assert refusal(app, first) == "revoked"
    with app.test_request_context():
        users.set_password(db.session.get(User, ivan.id), "a different and long passphrase")
        db.session.commit()
    assert refusal(app, second) == "revoked"


def test_deactivating_an_account_revokes_its_links_for_good(app, make):
    """Reactivating the account later does not bring an old link back."""
    ivan = make.user("interviewer")
    token = issue(app, ivan)
    with app.test_request_context():
        users.deactivate(db.session.get(User, ivan.id))
        db.session.commit()
        users.reactivate(db.session.get(User, ivan.id))
        db.session.commit()
    assert refusal(app, token) == "revoked"


def test_unknown_tokens_and_inactive_accounts_are_refused(app, make):
    assert refusal(app, "not-a-token") == "unknown"
    gone = make.user("interviewer")
    token = issue(app, gone)
    with app.app_context():
        db.session.get(User, gone.id).active = False
        db.session.commit()
    assert refusal(app, token) == "inactive"


def test_a_refused_password_leaves_the_link_usable(app, make):
    nina = make.user("interviewer", name="Nina Novak", email="nina@example.test")
    token = issue(app, nina)
    for weak in ("short", "NinaNovak2026!!"):
        with pytest.raises(ValidationFailed) as caught:
            use(app, token, weak)
        assert caught.value.errors["password"]
    use(app, token)  # still works


def request_reset(app, email: str, address: str = "198.51.100.7") -> None:
    with app.test_request_context(environ_base={"REMOTE_ADDR": address}):
        try:
            account_links.request_reset(email)
        finally:
            db.session.commit()


def test_a_reset_request_answers_alike_for_any_email(app, make):
    make.user("interviewer", email="ivan@example.test")
    make.user("interviewer", email="old@example.test", active=False)
    for email in ("ivan@example.test", "nobody@example.test", "old@example.test"):
        assert request_reset(app, email) is None
    with app.app_context():
        mails = list(db.session.scalars(select(OutboxMessage)))
        assert [(m.kind, m.to_address) for m in mails] == [("password-reset",
                                                             "ivan@example.test")]
        assert "/account/link/" in mails[0].text_body
        # Only the existing account is named on the trail; a typed email never is.
        trail = " ".join(str(e.after) + e.object_id for e in db.session.scalars(
            select(AuditEvent)))
        assert "nobody" not in trail
        assert "old@" not in trail


def test_reset_requests_are_throttled_alike_for_any_email(app, make):
    make.user("interviewer", email="ivan@example.test")
    for email in ("ivan@example.test", "nobody@example.test"):
        for _ in range(account_links.RESET_PER_ACCOUNT):
            request_reset(app, email)
        with pytest.raises(ResetThrottled) as caught:
            request_reset(app, email)
        assert caught.value.minutes >= 1
    request_reset(app, "ivan@example.test", address="203.0.113.9")  # another address: fine
    # Logins are counted apart: the resets slowed nobody's login.
    with app.test_request_context(environ_base=ADDRESS):
        assert users.authenticate("ivan@example.test", "wrong", window_minutes=15,
                                  per_account=5, per_address=100) is None


def test_one_account_gets_a_few_reset_links_per_window_from_any_address(app, make):
    make.user("interviewer", email="ivan@example.test")
    for n in range(account_links.RESET_PER_ACCOUNT_WINDOW + 3):
        request_reset(app, "ivan@example.test", address=f"198.51.100.{n + 1}")
    with app.app_context():
        assert db.session.scalar(select(func.count(AccountLink.id))) == (
            account_links.RESET_PER_ACCOUNT_WINDOW)
