"""A user's second factor: one TOTP authenticator and ten single-use recovery codes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db


class TotpAuthenticator(db.Model):
    """The user's TOTP secret, encrypted (services/mfa.py); active once ``confirmed_at`` is set.

    An unconfirmed row is an enrolment in progress: it never counts as a second factor.
    ``last_counter`` is the time step of the last accepted code, so a code is never
    accepted twice (RFC 6238 section 5.2). ``failures`` counts wrong codes in a row for the
    login's second step, so six digits cannot be guessed at leisure.
    """

    __tablename__ = "totp_authenticators"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    secret: Mapped[bytes] = mapped_column(LargeBinary)  # AES-GCM: nonce + ciphertext
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_counter: Mapped[int | None] = mapped_column()
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(db.Model):
    """One recovery code, stored as the SHA-256 of a random 80-bit code: a slow hash adds
    nothing for a secret that long, and each login with one stays fast."""

    __tablename__ = "recovery_codes"
    __table_args__ = (Index("ix_recovery_codes_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
