"""Server-side sessions: started at login, checked on every request, ended on the server.

The signed cookie holds Flask-Login's user id and a random token; the database holds the
token's sha256 and when the session started, was last seen and ended. A session is live
while its row is not ended, it was seen within SESSION_IDLE_MINUTES and it started within
SESSION_MAX_HOURS (ASVS V7.3). The check rides on the one statement that loads the user
and their roles, and ``last_seen_at`` is written at most once per SESSION_TOUCH_MINUTES,
after the response, in its own short transaction: a GET stays a read.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from flask import current_app, g, has_request_context, request, session
from flask_login import login_user
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from hiring.database import reading_now, utcnow
from hiring.domain.tokens import token_hash
from hiring.extensions import db
from hiring.models import User, UserSession
from hiring.services import audit

SESSION_KEY = "sid"  # the cookie's key for the session token
log = logging.getLogger(__name__)


def _user_agent() -> str:
    return (request.user_agent.string or "")[:255] if has_request_context() else ""


def start(user: User) -> str:
    """Add a live session row for ``user`` (flushed, not committed); returns its token."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = UserSession(token_hash=token_hash(token), user_id=user.id, created_at=now,
                      last_seen_at=now, ip=audit.client_address(), user_agent=_user_agent())
    db.session.add(row)
    db.session.flush()
    return token


def sign_in(user: User) -> None:
    """Log ``user`` in on this browser: a fresh cookie session tied to a new server row.

    The caller commits. Nothing from before the login survives in the cookie (fixation).
    """
    token = start(user)
    session.clear()
    session[SESSION_KEY] = token
    login_user(user)


def _limits() -> tuple[dt.timedelta, dt.timedelta]:
    config = current_app.config
    return (dt.timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
            dt.timedelta(hours=config["SESSION_MAX_HOURS"]))


def is_live(row: UserSession, now: dt.datetime | None = None) -> bool:
    now = now or utcnow()
    idle, lifetime = _limits()
    return (row.ended_at is None and now - row.last_seen_at < idle
            and now - row.created_at < lifetime)


def signed_in_user(user_id: str, token: str | None) -> User | None:
    """The user of this cookie's live session, with roles, in one statement; else None."""
    ident, _, version = user_id.partition(":")
    if not token or not ident.isdigit() or not version.isdigit():
        return None
    found = db.session.execute(
        select(User, UserSession).join(UserSession, UserSession.user_id == User.id)
        .where(User.id == int(ident), UserSession.token_hash == token_hash(token))
        .options(joinedload(User.role_rows), joinedload(User.totp))).unique().first()
    if found is None:
        return None
    user, row = found
    if not user.active or user.session_version != int(version) or not is_live(row):
        return None
    # Plain values: after a commit the row's attributes would load again.
    g.session_id, g.session_last_seen = row.id, row.last_seen_at
    return user


def current_session_id() -> int | None:
    return g.get("session_id") if has_request_context() else None


def touch_after_request(response: Response) -> Response:
    """Write ``last_seen_at`` when it is older than SESSION_TOUCH_MINUTES, after the page.

    Its own connection and transaction, so a GET's read transaction is never upgraded and
    nobody else's uncommitted work is committed. Skipped while this request's session
    may hold the write lock (a write transaction still open): waiting for our own lock
    would stall. A failure here costs a stale time, never the response.
    """
    session_id, last_seen = g.get("session_id"), g.get("session_last_seen")
    if session_id is None:
        return response
    now = utcnow()
    if now - last_seen < dt.timedelta(minutes=current_app.config["SESSION_TOUCH_MINUTES"]):
        return response
    if db.session().in_transaction() and not reading_now():
        return response  # this request may hold the write lock: waiting for it would stall
    try:
        with db.engine.begin() as connection:
            connection.execute(update(UserSession).where(
                UserSession.id == session_id, UserSession.ended_at.is_(None))
                .values(last_seen_at=now))
    except OperationalError:
        log.warning("could not record when session %s was last seen", session_id)
    return response


def live_sessions(user: User) -> list[UserSession]:
    """The user's sessions that still let someone in, the most recently seen first."""
    idle, lifetime = _limits()
    now = utcnow()
    return list(db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id,
                                  UserSession.ended_at.is_(None),
                                  UserSession.last_seen_at > now - idle,
                                  UserSession.created_at > now - lifetime)
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())))


def end(row: UserSession, reason: str) -> None:
    """End one session (flushed); its cookie gets the login page from now on."""
    if row.ended_at is None:
        row.ended_at = utcnow()
        row.end_reason = reason
        db.session.flush()


def end_all(user: User, reason: str, *, keep_current: bool = False) -> int:
    """End the user's sessions, except this request's own when ``keep_current``; how many.

    One UPDATE, so a session that logs in meanwhile cannot slip past a deactivation.
    """
    query = update(UserSession).where(UserSession.user_id == user.id,
                                      UserSession.ended_at.is_(None))
    current = current_session_id()
    if keep_current and current is not None:
        query = query.where(UserSession.id != current)
    result = db.session.execute(query.values(ended_at=utcnow(), end_reason=reason),
                                execution_options={"synchronize_session": False})
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def end_current(reason: str = "logout") -> None:
    """End this request's session on the server (logout)."""
    session_id = current_session_id()
    if session_id is not None:
        db.session.execute(update(UserSession).where(
            UserSession.id == session_id, UserSession.ended_at.is_(None))
            .values(ended_at=utcnow(), end_reason=reason))


def end_one(user: User, row: UserSession) -> None:
    """The user ends one of their other sessions (the page offers logout for this one)."""
    end(row, "ended_by_user")
    audit.record("auth.sessions_ended", user, after={"sessions": [row.id], "scope": "one"})


def end_others(user: User) -> int:
    """The user ends every session but this one; how many ended."""
    ended = end_all(user, "ended_by_user", keep_current=True)
    if ended:
        audit.record("auth.sessions_ended", user, after={"count": ended, "scope": "others"})
    return ended


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
             ("Chromium/", "Chromium"), ("Chrome/", "Chrome"), ("Safari/", "Safari"),
             ("curl/", "curl"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
            ("Linux", "Linux"))


def device_label(user_agent: str) -> str:
    """'Firefox on Linux' from a User-Agent header: enough to recognise one's own devices."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown browser"
