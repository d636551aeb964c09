"""One-time account links: the invitation a new account gets, and the password reset anyone
may ask for by email.

A link carries 32 random bytes; only their SHA-256 digest is stored. It works once, until
it expires, and only while it is the account's latest (issuing one revokes the older ones;
a password set any other way revokes them too, see ``users.set_password``). Using it sets
the password through the same policy as every other password, and ends the account's
sessions.

The link is mailed through the outbox. The outbox row holds the mail's text, link included,
until it is sent: that is why links expire soon (an hour for a reset). Without SMTP
configured (``mail.sender.smtp_configured``) nothing leaves: the admin who issued the link
is shown it once, to hand over.

Asking for a reset answers the same whether the email has an account or not: the caller
never learns which. Requests are throttled per (email, address) and per address like
logins (``services.throttle``, counted apart from logins), and an account gets at most
``RESET_PER_ACCOUNT_WINDOW`` reset links per window whatever the address, so nobody can
flood a person's inbox (or keep revoking their link) from many addresses.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select, update

from hiring.database import utcnow
from hiring.domain.tokens import token_hash
from hiring.extensions import db
from hiring.mail.compose import absolute_url, compose
from hiring.mail.outbox import enqueue
from hiring.mail.sender import smtp_configured
from hiring.models import AccountLink, AuditEvent, User
from hiring.services import audit, throttle
from hiring.services.errors import ServiceError, ValidationFailed
from hiring.services.users import (
    check_password_strength,
    find_by_email,
    revoke_open_links,
    set_password,
)

LIFETIMES = {"invitation": dt.timedelta(days=7), "reset": dt.timedelta(hours=1)}
MAIL_KINDS = {"invitation": "account-invite", "reset": "password-reset"}
# The public reset form: requests per (email, address) before delays start, per address.
RESET_PER_ACCOUNT = 3
RESET_PER_ADDRESS = 20
RESET_PER_ACCOUNT_WINDOW = 5  # links issued to one account per window, from any address

REFUSED = {
    "unknown": "This link is not valid. Check that you copied the whole link, or ask for a "
               "new one.",
    "used": "This link has been used already: a link sets a password once. Log in with "
            "the password you chose, or ask for a new link.",
    "revoked": "This link has been replaced by a newer one, or the password was set "
               "another way. Use the latest link you were sent, or ask for a new one.",
    "expired": "This link has expired. Ask for a new one.",
    "inactive": "This account is deactivated. Ask an administrator.",
}


class LinkRefused(ServiceError):
    """The link cannot be used; ``reason`` is a key of REFUSED, the message is for people."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(REFUSED[reason])


class ResetThrottled(ServiceError):
    def __init__(self, minutes: int) -> None:
        self.minutes = minutes
        super().__init__(f"Too many requests. Try again in {minutes} minute"
                         f"{'' if minutes == 1 else 's'}.")


@dataclass(frozen=True)
class IssuedLink:
    """A new link: its row, the address with the token (shown or mailed once, never stored),
    and whether a mail will carry it (SMTP configured)."""

    link: AccountLink
    url: str
    mailed: bool


def issue(user: User, purpose: str, *, actor: User | None = None,
          actor_label: str | None = None) -> IssuedLink:
    """A new link for ``user`` (older unused ones are revoked), audited and queued as mail.

    ``actor`` defaults to the signed-in user (an admin); a public reset request has none.
    """
    if purpose not in LIFETIMES:
        raise ValueError(f"unknown link purpose {purpose!r}")
    now = utcnow()
    revoke_open_links(user)
    token = secrets.token_urlsafe(32)
    link = AccountLink(user_id=user.id, purpose=purpose, token_hash=token_hash(token),
                       created_at=now, expires_at=now + LIFETIMES[purpose])
    db.session.add(link)
    db.session.flush()
    audit.record("user.link_issued", user, actor=actor, actor_label=actor_label,
                 after={"purpose": purpose, "expires_at": link.expires_at.isoformat()})
    url = absolute_url("auth.account_link", token=token)
    letter = compose(f"account_{purpose}", _subject(purpose), person=user, link=url,
                     expires_at=link.expires_at, hours=int(LIFETIMES[purpose].total_seconds()
                                                           // 3600))
    enqueue(MAIL_KINDS[purpose], user, letter)
    return IssuedLink(link, url, smtp_configured(current_app.config))


def _subject(purpose: str) -> str:
    return ("Your account for structured hiring: set your password" if purpose == "invitation"
            else "Reset your password")


def reset_limits() -> throttle.Limits:
    config = current_app.config
    return throttle.Limits(int(config["LOGIN_THROTTLE_WINDOW_MINUTES"]), RESET_PER_ACCOUNT,
                           RESET_PER_ADDRESS, int(config["LOGIN_THROTTLE_BASE_DELAY_SECONDS"]))


def request_reset(email: str) -> None:
    """Someone asks for a reset link for ``email``: mailed when an active account has it,
    nothing otherwise, and nothing tells the two apart. Raises ResetThrottled (for any
    email alike) when this address asked too often."""
    email = email.strip().lower()
    address = audit.client_address()
    limits = reset_limits()
    refusal = throttle.check(email, address, limits, purpose="reset")
    if refusal is not None:
        raise ResetThrottled(refusal.minutes)
    throttle.count_request("reset", email, address, limits)
    user = find_by_email(email)
    if user is None or not user.active:
        return
    recent = db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "user.link_issued", AuditEvent.object_type == "user",
        AuditEvent.object_id == str(user.id),
        AuditEvent.at >= utcnow() - limits.window)) or 0
    if recent >= RESET_PER_ACCOUNT_WINDOW:
        return  # enough links are on their way; the answer stays the same
    issue(user, "reset", actor_label="")


def open_link(token: str, now: dt.datetime | None = None) -> AccountLink:
    """The usable link for ``token``; raises LinkRefused saying why not."""
    now = now or utcnow()
    link = db.session.scalar(select(AccountLink).where(AccountLink.token_hash == token_hash(token)))
    if link is None:
        raise LinkRefused("unknown")
    if link.used_at is not None:
        raise LinkRefused("used")
    if link.revoked_at is not None:
        raise LinkRefused("revoked")
    if now >= link.expires_at:
        raise LinkRefused("expired")
    if not link.user.active:
        raise LinkRefused("inactive")
    return link


def set_password_with_link(token: str, password: str) -> User:
    """Set the account's password through its link, once. The policy's checks come before
    the link is spent (a refused password leaves it usable); the link is marked used by one
    guarded UPDATE, so two tries racing with the same link cannot both succeed."""
    link = open_link(token)
    user = link.user
    if problems := check_password_strength(password, email=user.email, name=user.name):
        raise ValidationFailed({"password": problems})
    now = utcnow()
    spent = db.session.execute(
        update(AccountLink)
        .where(AccountLink.id == link.id, AccountLink.used_at.is_(None),
               AccountLink.revoked_at.is_(None), AccountLink.expires_at > now)
        .values(used_at=now).returning(AccountLink.id)
        .execution_options(synchronize_session=False)).first()
    if spent is None:
        raise LinkRefused("used")
    set_password(user, password, actor=user)
    audit.record("user.link_used", user, actor=user, after={"purpose": link.purpose})
    return user


def latest_link(user: User) -> AccountLink | None:
    """The account's most recent link (for its admin page: open, used, revoked or expired)."""
    return db.session.scalar(select(AccountLink).where(AccountLink.user_id == user.id)
                             .order_by(AccountLink.created_at.desc(), AccountLink.id.desc())
                             .limit(1))


def link_status(link: AccountLink, now: dt.datetime | None = None) -> str:
    """"open", "used", "revoked" or "expired"."""
    now = now or utcnow()
    if link.used_at is not None:
        return "used"
    if link.revoked_at is not None:
        return "revoked"
    return "expired" if now >= link.expires_at else "open"
