"""The second factor: TOTP (RFC 6238) with pyotp, and single-use recovery codes.

The TOTP secret is stored encrypted (AES-256-GCM, bound to the user's id) under a key derived
from ``MFA_SECRET_KEY``, or from ``SECRET_KEY`` when that is not set: a copy of the database
alone does not give anyone the codes. It never reaches a log or the audit trail. Recovery
codes are 80 random bits each, stored as SHA-256 digests and shown once.

A code is accepted in the current 30-second step or one step either side (clock drift),
and never twice: the step of the last accepted code is stored and every step up to it is
refused. Five wrong codes in a row pause the login's second step for a quarter of an hour.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets

import pyotp
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import delete, func, select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import RecoveryCode, TotpAuthenticator, User
from hiring.security import verify_password
from hiring.services import audit
from hiring.services.errors import ServiceError, ValidationFailed

RECOVERY_CODES = 10
MAX_FAILURES = 5
PAUSE = dt.timedelta(minutes=15)
STEP_SECONDS = 30
_NONCE_BYTES = 12


class CodeRefused(ServiceError):
    """A TOTP or recovery code that does not open the account (the message says why)."""


# -- the stored secret ------------------------------------------------------------------------

def _cipher() -> AESGCM:
    config = current_app.config
    material = (config.get("MFA_SECRET_KEY") or config["SECRET_KEY"]).encode()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"hiring totp secret v1").derive(material)
    return AESGCM(key)


def seal_secret(user_id: int, secret: str) -> bytes:
    nonce = secrets.token_bytes(_NONCE_BYTES)
    return nonce + _cipher().encrypt(nonce, secret.encode(), f"totp:{user_id}".encode())


def open_secret(row: TotpAuthenticator) -> str | None:
    """The secret, or None when it cannot be read (the key changed): such an authenticator
    accepts no code, and ``hiring users reset-mfa`` lets its owner enrol again."""
    data = bytes(row.secret)
    try:
        plain = _cipher().decrypt(data[:_NONCE_BYTES], data[_NONCE_BYTES:],
                                  f"totp:{row.user_id}".encode())
    except (InvalidTag, ValueError):
        current_app.logger.warning("TOTP secret of user %s cannot be decrypted", row.user_id)
        return None
    return plain.decode()


# -- state ------------------------------------------------------------------------------------

def has_totp(user: User) -> bool:
    """An active (confirmed) authenticator: the login asks for a code."""
    return user.totp is not None and user.totp.active


def pending_enrolment(user: User) -> TotpAuthenticator | None:
    return user.totp if user.totp is not None and not user.totp.active else None


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


# -- enrolment --------------------------------------------------------------------------------

def begin_enrolment(user: User) -> None:
    """A new secret waiting for its first code; refused while one is active (turning it off
    needs the password and a code, see ``disable``)."""
    if has_totp(user):
        raise ServiceError("An authenticator is already set up. Turn it off first to "
                           "replace it.")
    db.session.flush()  # the user's id, for a freshly created user
    secret = pyotp.random_base32()
    if user.totp is None:
        user.totp = TotpAuthenticator(user_id=user.id, secret=seal_secret(user.id, secret))
    else:
        user.totp.secret = seal_secret(user.id, secret)
        user.totp.created_at = utcnow()
    db.session.flush()
    audit.record("mfa.enrolment_started", user)


def provisioning_uri(user: User) -> str:
    """The otpauth:// URI of the pending enrolment, for the QR code and manual entry."""
    row = pending_enrolment(user)
    secret = open_secret(row) if row is not None else None
    if secret is None:
        raise ServiceError("No authenticator is being set up.")
    issuer = current_app.config["MFA_ISSUER"]
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_code_data_uri(uri: str) -> str:
    """The URI as a QR code: an SVG data: URI for an <img> (the CSP allows no inline style)."""
    import segno  # on use: only the set-up page draws a QR code (9 MiB per web worker)

    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4, dark="#111827")


def secret_for_display(uri: str) -> str:
    """The base32 secret in groups of four, for typing into an authenticator by hand."""
    secret = pyotp.parse_uri(uri).secret
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _matching_step(secret: str, code: str, now: dt.datetime) -> int | None:
    """The time step (of now, one before or one after) whose code this is, or None."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def confirm_enrolment(user: User, code: str) -> list[str]:
    """Activate the pending authenticator with a first code from it; returns ten new
    recovery codes, to be shown once (any older ones stop working)."""
    row = pending_enrolment(user)
    if row is None:
        raise ServiceError("No authenticator is being set up.")
    secret = open_secret(row)
    step = _matching_step(secret, code, utcnow()) if secret else None
    if step is None:
        raise ValidationFailed({"code": ["That code is not right. Type the six digits your "
                                         "authenticator app shows now."]})
    row.confirmed_at, row.last_counter, row.failures = utcnow(), step, 0
    codes = _new_recovery_codes(user)
    audit.record("mfa.enabled", user, after={"recovery_codes": len(codes)})
    return codes


def _digest(code: str) -> str:
    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(10)).decode()  # 80 bits, 16 characters
        codes.append("-".join(raw[i:i + 4] for i in range(0, 16, 4)))
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_digest(c)) for c in codes)
    db.session.flush()
    return codes


def new_recovery_codes(user: User, code: str) -> list[str]:
    """Replace the recovery codes, with a current code as proof; returns them to show once."""
    check_code(user, code)
    codes = _new_recovery_codes(user)
    audit.record("mfa.recovery_codes_replaced", user, after={"recovery_codes": len(codes)})
    return codes


# -- using it ---------------------------------------------------------------------------------

def check_code(user: User, code: str) -> str:
    """Accept a TOTP code or an unused recovery code; returns "totp" or "recovery".

    Raises CodeRefused: a wrong or reused code counts as a failure; after MAX_FAILURES in a
    row the second step refuses everything for PAUSE (a correct code included), so the six
    digits cannot be guessed with a stolen password.
    """
    row = user.totp
    if row is None or not row.active:
        raise CodeRefused("Two-step verification is not set up for this account.")
    now = utcnow()
    if (row.failures >= MAX_FAILURES and row.last_failure_at is not None
            and now - row.last_failure_at < PAUSE):
        minutes = int((PAUSE - (now - row.last_failure_at)).total_seconds() // 60) + 1
        raise CodeRefused(f"Too many wrong codes. Try again in {minutes} minutes, or ask an "
                          "administrator to reset your two-step verification.")
    secret = open_secret(row)
    step = _matching_step(secret, code, now) if secret else None
    if step is not None and row.last_counter is not None and step <= row.last_counter:
        _failed(user, row, "reused code")
        raise CodeRefused("That code was used already. Wait for the next one.")
    if step is not None:
        row.last_counter, row.failures = step, 0
        audit.record("mfa.code_accepted", user, actor=user)
        return "totp"
    recovery = db.session.scalar(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _digest(code),
        RecoveryCode.used_at.is_(None)))
    if recovery is not None:
        recovery.used_at, row.failures = now, 0
        db.session.flush()
        audit.record("mfa.recovery_code_used", user, actor=user,
                     after={"recovery_codes_left": recovery_codes_left(user)})
        return "recovery"
    _failed(user, row, "wrong code")
    raise CodeRefused("That code is not right.")


def _failed(user: User, row: TotpAuthenticator, reason: str) -> None:
    row.failures += 1
    row.last_failure_at = utcnow()
    audit.record("mfa.code_refused", user, actor=user,
                 after={"reason": reason, "failures_in_a_row": row.failures})


def disable(user: User, password: str, code: str) -> None:
    """Turn the authenticator off (to replace it, or for good) with the password and a code;
    the recovery codes go with it. An admin is then asked to enrol again at once."""
    if not verify_password(user.password_hash, password):
        raise ValidationFailed({"password": ["That is not your password."]})
    try:
        check_code(user, code)
    except CodeRefused as exc:
        raise ValidationFailed({"code": [str(exc)]}) from exc
    _remove(user)
    audit.record("mfa.disabled", user)


def reset(user: User, *, by: User | None = None) -> bool:
    """An administrator's reset (``hiring users reset-mfa``) for a locked-out user: returns
    False when there was nothing to reset."""
    if user.totp is None and not recovery_codes_left(user):
        return False
    _remove(user)
    audit.record("mfa.reset", user, actor=by, actor_label=None if by else "cli")
    return True


def _remove(user: User) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    user.totp = None
    db.session.flush()
