"""Personal access tokens: create, list, revoke, and find the user a request's token names.

A token is ``hrg_`` followed by 32 random bytes (URL-safe base64). Only its SHA-256 digest is
stored; with that much entropy a salted slow hash would buy nothing and cost every call.
Every authenticated API request writes one audit row (``api.request``): who, which token,
what was asked.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from hiring.database import utcnow
from hiring.domain.tokens import token_hash
from hiring.extensions import db
from hiring.models import ApiToken, User
from hiring.services import audit
from hiring.services.errors import ValidationFailed

TOKEN_MARK = "hrg_"  # noqa: S105 - a visible marker, not a secret
PREFIX_LENGTH = 12  # "hrg_" and 8 characters: enough to tell tokens apart, useless to guess
DEFAULT_DAYS = 90
MAX_DAYS = 366
MAX_NAME = 100


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def create_token(user: User, name: str, expires_days: int | None = DEFAULT_DAYS,
                 actor: User | None = None) -> NewToken:
    """A new token for ``user``; ValidationFailed names a bad ``name`` or ``expires_days``."""
    name = " ".join(name.split())
    days = DEFAULT_DAYS if expires_days is None else expires_days
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Name the token after what will use it."]
    elif len(name) > MAX_NAME:
        errors["name"] = [f"Keep the name under {MAX_NAME} characters."]
    if not 1 <= days <= MAX_DAYS:
        errors["expires_days"] = [f"A token lasts from 1 to {MAX_DAYS} days."]
    if errors:
        raise ValidationFailed(errors)
    secret = TOKEN_MARK + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(user_id=user.id, name=name, prefix=secret[:PREFIX_LENGTH],
                     token_hash=token_hash(secret), created_at=now,
                     expires_at=now + dt.timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    audit.record("api_token.created", token, actor=actor or user,
                 after={"user_id": user.id, "name": name, "prefix": token.prefix,
                        "expires_at": token.expires_at.isoformat()})
    return NewToken(token, secret)


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked and expired ones included (with their state)."""
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke_token(token: ApiToken, actor: User | None) -> None:
    """Revoking twice changes nothing the second time. ``actor`` None: the command line."""
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    db.session.flush()
    audit.record("api_token.revoked", token, actor=actor, actor_label=None if actor else "cli",
                 after={"user_id": token.user_id, "prefix": token.prefix})


def live_tokens_named(user: User, name: str) -> list[ApiToken]:
    """The user's tokens called ``name`` that are not revoked yet (names need not be unique)."""
    return [t for t in tokens_of(user) if t.name == name and t.revoked_at is None]


def authenticate(secret: str, method: str, path: str) -> User | None:
    """The active user whose live token this is, or None; audits the use (one row).

    One query for the token with its user; the use is written with the request's own
    transaction when it writes, else committed by the caller.
    """
    if not secret.startswith(TOKEN_MARK) or len(secret) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(secret))
                              .options(joinedload(ApiToken.user)))
    now = utcnow()
    if token is None or not token.usable_at(now) or not token.user.active:
        return None
    token.last_used_at = now
    audit.record("api.request", token, actor=token.user,
                 after={"via": token.prefix, "method": method, "path": path[:200]})
    return token.user
