"""One-time account links: an invitation to set a first password, or a password reset.

Only a SHA-256 digest of the link's token is stored (the token is 32 random bytes, mailed
or shown once): a copy of this table opens no account. A link works once, until it expires,
and only while it is the account's latest: issuing another one revokes the older ones.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db
from hiring.models.user import User

LINK_PURPOSES = ("invitation", "reset")


class AccountLink(db.Model):
    __tablename__ = "account_links"
    __table_args__ = (CheckConstraint(f"purpose IN {LINK_PURPOSES!r}", name="known_purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    purpose: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # A newer link for the same account, or a password set another way, revokes this one.
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<AccountLink {self.id} {self.purpose} user={self.user_id}>"
