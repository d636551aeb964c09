"""Failed-login throttling that cannot be turned into a lock-out weapon.

Two counters, both kept in ``login_attempts`` (one row per key, address and window, so a
flood adds counts, not rows with attacker-typed text, to anything append-only):

- per (account, address): the first ``per_account`` failures are free, then each further
  try waits twice as long as the one before (``base_delay``, 2x, 4x ... capped at the
  window). Someone guessing Ada's password from one address slows down only themself:
  Ada, from her own address, is not affected.
- per address, whatever the account: ``per_address`` failures in a window (high by
  default) stop a single address spraying passwords across many accounts, while the
  occasional typo of colleagues behind the same proxy stays far below it.

Windows are fixed buckets; a count spans the current and the previous bucket, so it fades
out between one and two windows after the last failure. The account is keyed by an HMAC of
the typed email (the app's secret key), never the email itself. When a throttle engages,
the audit trail gets one summary row naming the account only if it exists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import LoginAttempt, User
from hiring.models.login_attempt import ANY_ACCOUNT
from hiring.services import audit


@dataclass(frozen=True)
class Limits:
    window_minutes: int
    per_account: int
    per_address: int
    base_delay_seconds: int

    @property
    def window(self) -> dt.timedelta:
        return dt.timedelta(minutes=max(self.window_minutes, 1))


def limits(window_minutes: int, per_account: int, per_address: int) -> Limits:
    """The limits given, with the delay base from LOGIN_THROTTLE_BASE_DELAY_SECONDS."""
    return Limits(window_minutes, per_account, per_address,
                  current_app.config["LOGIN_THROTTLE_BASE_DELAY_SECONDS"])


@dataclass(frozen=True)
class Refusal:
    """Why a login is refused before its password is checked, and for how long."""

    scope: str  # "account" (this account from this address) or "address"
    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


def account_key(email: str) -> str:
    """An HMAC of the normalised email: counts per account without storing what was typed."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def _keys(email: str, purpose: str) -> tuple[str, str]:
    """(this account's key, the any-account key) of a purpose; logins keep their own."""
    if purpose == "login":
        return account_key(email), ANY_ACCOUNT
    return account_key(f"{purpose}:{email}"), purpose  # a word never equals a hex digest


def window_start(now: dt.datetime, limits: Limits) -> dt.datetime:
    size = int(limits.window.total_seconds())
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % size, dt.UTC)


def delay_after(failures: int, limits: Limits) -> dt.timedelta:
    """How long the next try waits after ``failures`` failures of one account and address."""
    if failures < limits.per_account:
        return dt.timedelta(0)
    exponent = min(failures - limits.per_account, 30)
    seconds = limits.base_delay_seconds * 2 ** exponent
    return min(dt.timedelta(seconds=seconds), limits.window)


def check(email: str, address: str, limits: Limits,
          now: dt.datetime | None = None, *, purpose: str = "login") -> Refusal | None:
    """A Refusal when this try must wait, else None. Reads only (one statement).
    ``purpose`` other than "login" counts apart (see ``count_request``)."""
    now = now or utcnow()
    current = window_start(now, limits)
    key, any_account = _keys(email, purpose)
    rows = db.session.execute(
        select(LoginAttempt.account_key, LoginAttempt.window_start,
               LoginAttempt.failures, LoginAttempt.last_failure_at)
        .where(LoginAttempt.address == address,
               LoginAttempt.account_key.in_([key, any_account]),
               LoginAttempt.window_start >= current - limits.window)).all()
    pair = [r for r in rows if r.account_key == key]
    pair_failures = sum(r.failures for r in pair)
    if pair_failures >= limits.per_account:
        last = max(r.last_failure_at for r in pair)
        wait = last + delay_after(pair_failures, limits) - now
        if wait > dt.timedelta(0):
            return Refusal("account", math.ceil(wait.total_seconds()))
    spread = [r for r in rows if r.account_key == any_account]
    if address and sum(r.failures for r in spread) >= limits.per_address:
        in_current = sum(r.failures for r in spread if r.window_start == current)
        # The count drops when the previous bucket leaves it, or this one if it alone is over.
        until = current + limits.window * (2 if in_current >= limits.per_address else 1)
        return Refusal("address", math.ceil((until - now).total_seconds()))
    return None


def _bump(key: str, address: str, now: dt.datetime, limits: Limits, *,
          refused: bool = False) -> None:
    """Add one failure (or refusal) to the row of this key, address and window."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    column = LoginAttempt.refused if refused else LoginAttempt.failures
    values = {"account_key": key, "address": address,
              "window_start": window_start(now, limits), "failures": 0 if refused else 1,
              "refused": 1 if refused else 0, "last_failure_at": now}
    changes = {column.key: column + 1}
    if not refused:
        changes["last_failure_at"] = now
    statement = (dialect.insert(LoginAttempt).values(**values)
                 .on_conflict_do_update(index_elements=["account_key", "address",
                                                        "window_start"], set_=changes))
    db.session.execute(statement)


def _count(key: str, address: str, now: dt.datetime, limits: Limits) -> int:
    since = window_start(now, limits) - limits.window
    return int(db.session.scalar(select(func.coalesce(func.sum(LoginAttempt.failures), 0))
                                 .where(LoginAttempt.account_key == key,
                                        LoginAttempt.address == address,
                                        LoginAttempt.window_start >= since)) or 0)


def record_failure(email: str, address: str, user: User | None, limits: Limits) -> None:
    """Count a wrong password (or an unknown or inactive account) against both throttles;
    audit a summary when one of them engages with this failure."""
    now = utcnow()
    key = account_key(email)
    _bump(key, address, now, limits)
    _bump(ANY_ACCOUNT, address, now, limits)
    db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.window_start < window_start(now, limits) - limits.window))
    pair = _count(key, address, now, limits)
    spread = _count(ANY_ACCOUNT, address, now, limits)
    engaged = ("account" if pair == limits.per_account
               else "address" if address and spread == limits.per_address else "")
    if engaged:
        audit.record("auth.login_throttled", actor_label="",
                     object_type="user" if user is not None else "login",
                     object_id=user.id if user is not None else "",
                     after={"scope": engaged, "failures": pair if engaged == "account"
                            else spread, "window_minutes": limits.window_minutes})


def record_refusal(email: str, address: str, limits: Limits) -> None:
    """Count a try refused by the throttle (on the counter row: no audit row per try)."""
    now = utcnow()
    _bump(account_key(email), address, now, limits, refused=True)


def record_success(email: str, address: str) -> None:
    """A right password resets this account's count from this address."""
    db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.account_key == account_key(email), LoginAttempt.address == address))


def clear_account(email: str) -> None:
    """A new password unlocks the account from every address."""
    db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.account_key == account_key(email)))


def count_request(purpose: str, email: str, address: str, limits: Limits) -> None:
    """Count one request of a public form other than login (``purpose`` "reset": asking
    for a password-reset link). Every request counts, not only failures, and apart from
    logins: asking for resets never slows anyone's login, nor the reverse."""
    now = utcnow()
    key, any_account = _keys(email, purpose)
    _bump(key, address, now, limits)
    _bump(any_account, address, now, limits)
    db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.window_start < window_start(now, limits) - limits.window))
