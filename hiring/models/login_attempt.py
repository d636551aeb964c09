"""Failed logins, aggregated: one counter row per (account, address, window).

Counting here instead of in the audit trail means a flood of guesses adds no append-only
rows with attacker-typed text: the counters are pruned, the trail gets one summary row
when a throttle engages.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hiring.database import UTCDateTime, utcnow
from hiring.extensions import db

# account_key of the row that counts every failure from one address, whatever the account
ANY_ACCOUNT = ""


class LoginAttempt(db.Model):
    __tablename__ = "login_attempts"
    __table_args__ = (
        UniqueConstraint("account_key", "address", "window_start"),
        Index("ix_login_attempts_window_start", "window_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # HMAC of the normalised email typed (never the email itself), or ANY_ACCOUNT
    account_key: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(45))
    window_start: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(default=0)
    refused: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
