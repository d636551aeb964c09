"""Sending the outbox over SMTP (the standard library's smtplib and EmailMessage).

A send pass claims due messages (``outbox.claim``, committed at once), sends them on one
SMTP connection and records each outcome in its own short transaction, so a message sent is
marked sent even if a later one fails. Any failure (server down, refused recipient, a broken
connection) is an attempt with its error, retried after an exponential backoff
(``outbox.backoff``) until ``MAIL_MAX_ATTEMPTS``, then "failed" and shown to admins.
Without ``SMTP_HOST`` nothing is sent: the messages stay in the outbox page.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from flask import current_app
from sqlalchemy.exc import OperationalError

from hiring.database import is_lock_timeout, utcnow
from hiring.extensions import db
from hiring.mail import outbox
from hiring.mail.compose import mail_domain
from hiring.models import OutboxMessage

BATCH = 100
RECORD_TRIES = 3  # attempts at recording an outcome while the database is busy


@dataclass(frozen=True)
class SendResult:
    sent: int = 0
    failed: int = 0
    configured: bool = True  # False: no SMTP_HOST, nothing was tried


def smtp_configured(config: Mapping[str, Any]) -> bool:
    return bool(str(config.get("SMTP_HOST") or "").strip())


def _flag(value: object) -> bool:
    """A boolean setting that may arrive as text from the environment ("true", "1", "yes")."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def build_message(message: OutboxMessage, sender: str) -> EmailMessage:
    """The RFC 5322 message: text and HTML alternatives, and the invitation when there is one.

    The Message-ID is derived from the outbox row, so a receiver can tell a retry of a
    message it already has from a new one.
    """
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = sender
    email["To"] = message.to_address
    email["Date"] = formatdate(localtime=False, usegmt=True)
    email["Message-ID"] = f"<outbox-{message.id}@{mail_domain()}>"
    email.set_content(message.text_body)
    email.add_alternative(message.html_body, subtype="html")
    if message.calendar:
        method = message.calendar_method or "REQUEST"
        email.add_attachment(message.calendar.encode(), maintype="text", subtype="calendar",
                             filename="cancel.ics" if method == "CANCEL" else "invite.ics",
                             params={"method": method})
    return email


class _Connection:
    """One SMTP session for a pass, opened at the first message (STARTTLS, login as set)."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def send(self, email: EmailMessage, sender: str) -> None:
        if self.smtp is None:
            config = self.config
            smtp = smtplib.SMTP(str(config["SMTP_HOST"]), int(config["SMTP_PORT"]),
                                timeout=float(config["SMTP_TIMEOUT_SECONDS"]))
            try:
                if _flag(config.get("SMTP_STARTTLS")):
                    smtp.starttls(context=ssl.create_default_context())
                if config.get("SMTP_USER"):
                    smtp.login(str(config["SMTP_USER"]), str(config.get("SMTP_PASSWORD") or ""))
            except Exception:
                smtp.close()
                raise
            self.smtp = smtp
        self.smtp.send_message(email, from_addr=sender, to_addrs=[str(email["To"])])

    def reset(self) -> None:
        """After a failure the session state is unknown: the next message opens a new one."""
        self.close()

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None


UNREACHABLE = "unreachable:"


def _send_one(connection: _Connection, message: OutboxMessage, sender: str) -> str:
    """Send one message; "" when sent, else the error (prefixed UNREACHABLE when the server
    could not be reached, so the pass stops trying: one timeout, not one per message)."""
    try:
        email = build_message(message, sender)
    except (ValueError, TypeError) as exc:  # a header the mail library refuses
        return f"{type(exc).__name__}: {exc}"
    db.session.commit()  # no transaction stays open during the SMTP conversation
    try:
        connection.send(email, sender)
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        connection.reset()
        # SMTPException is an OSError: only the connection-level ones mean "unreachable".
        unreachable = isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected
                                 ) or (isinstance(exc, OSError)
                                       and not isinstance(exc, smtplib.SMTPException))
        return f"{UNREACHABLE if unreachable else ''}{type(exc).__name__}: {exc}"
    return ""


def record_outcome(message_id: int, error: str, max_attempts: int) -> None:
    """Record a message's outcome in its own transaction, trying again a few times when the
    database is busy: a message that went out and is not marked sent would go out again."""
    for attempt in range(1, RECORD_TRIES + 1):
        try:
            message = db.session.get(OutboxMessage, message_id)
            if message is not None:
                if error:
                    outbox.mark_failed(message, error.removeprefix(UNREACHABLE), max_attempts)
                else:
                    outbox.mark_sent(message)
            db.session.commit()
            return
        except OperationalError as exc:
            db.session.rollback()
            if attempt == RECORD_TRIES or not is_lock_timeout(exc):
                raise


def send_pass(limit: int = BATCH) -> SendResult:
    """Send what is due now (at most ``limit`` messages); returns the counts.

    Commits: the claim, then each message's renewed lease and its outcome. Safe to run while
    another pass runs: each claims different rows, and a pass that took longer than a lease
    renews each claim just before sending, so a row another pass has claimed since (its
    lease had run out) is skipped here, not sent twice.
    """
    config = current_app.config
    if not smtp_configured(config):
        return SendResult(configured=False)
    lease = utcnow() + outbox.CLAIM_LEASE
    ids = outbox.claim(limit, lease)
    db.session.commit()
    return send_claimed(ids, lease)


def send_claimed(ids: list[int], lease: dt.datetime) -> SendResult:
    """Send the messages a pass claimed with the lease end ``lease`` (its claim token),
    each only after renewing its lease: one claimed by another pass since is skipped."""
    config = current_app.config
    sender = str(config["MAIL_FROM"])
    max_attempts = int(config["MAIL_MAX_ATTEMPTS"])
    connection = _Connection(config)
    sent = failed = 0
    down = ""  # the server cannot be reached: the rest of the pass records that, untried
    try:
        for message_id in ids:
            renewed = outbox.renew(message_id, lease)
            db.session.commit()
            if renewed is None:
                continue  # claimed by another pass since, erased, or retried by an admin
            message = db.session.get(OutboxMessage, message_id)
            if message is None:
                continue
            error = down
            if not error:
                error = _send_one(connection, message, sender)
                if error.startswith(UNREACHABLE):
                    down = error
            record_outcome(message_id, error, max_attempts)
            sent, failed = (sent, failed + 1) if error else (sent + 1, failed)
    finally:
        connection.close()
    return SendResult(sent=sent, failed=failed)
