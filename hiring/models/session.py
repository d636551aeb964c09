"""Server-side login sessions: the cookie carries a random token, the database its hash.

Ending a row (logout, "end my other sessions", a new password, deactivation) ends the
session wherever its cookie has been copied to: the cookie alone proves nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db


class UserSession(db.Model):
    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user_id_ended_at", "user_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of the cookie's token: a copy of this table lets nobody log in.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Written at most once per SESSION_TOUCH_MINUTES, never on every request.
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # why it ended: logout, ended_by_user, password_changed, deactivated
    end_reason: Mapped[str] = mapped_column(String(32), default="")
