"""Codes of a user's TOTP authenticator, for tests that log in through the second step."""

from __future__ import annotations

import pyotp
from flask import Flask

from hiring.database import utcnow
from hiring.extensions import db
from hiring.services import mfa
from hiring.services.users import find_by_email


def fresh_code(app: Flask, email: str) -> str:
    """A code the server accepts now: of the earliest time step (now, one before, one after)
    after the last accepted one, so a test may log in up to three times within 30 seconds."""
    with app.app_context():
        user = find_by_email(email)
        assert user is not None
        assert user.totp is not None, f"{email} has no authenticator"
        secret = mfa.open_secret(user.totp)
        assert secret is not None
        totp, last = pyotp.TOTP(secret), user.totp.last_counter
        db.session.rollback()
    current = totp.timecode(utcnow())
    steps = [s for s in (current - 1, current, current + 1) if last is None or s > last]
    assert steps, "three logins within 30 seconds: every code of the window is used"
    return totp.generate_otp(steps[0])
