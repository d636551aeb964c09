"""Accounts: creation, roles, deactivation, login with throttling."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Iterable

from sqlalchemy import Select, func, select, update

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import AccountLink, AuditEvent, User, UserRole
from hiring.models.user import ROLES
from hiring.queries.search import matches_text
from hiring.queries.sorting import bytewise
from hiring.security import dummy_verify, hash_password, verify_password
from hiring.services import audit, evaluations, sessions, throttle
from hiring.services.errors import ServiceError, ValidationFailed
from hiring.services.passwords import password_problems

# A wrong current password on the change form guesses at the password of a session that
# may not be its owner's: a few per quarter of an hour, counted from the audit trail.
PASSWORD_CHANGE_TRIES = 5
PASSWORD_CHANGE_WINDOW = dt.timedelta(minutes=15)

# Deliberately lenient: company domains such as corp.local or example.test are real logins.
EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_problem(email: str) -> str | None:
    """Why this is not an email address (name@domain.tld), or None when it is one."""
    if not EMAIL_SHAPE.fullmatch(email.strip()):
        return "Enter an email address such as name@company.com."
    return None


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def check_password_strength(password: str, *, email: str = "", name: str = "") -> list[str]:
    """Why the password is refused for the account with this email and name, or []."""
    return password_problems(password, email=email, name=name)


def _check_roles(roles: Iterable[str]) -> list[str]:
    roles = list(roles)
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise ValidationFailed({"roles": [f"Unknown role: {', '.join(unknown)}."]})
    return sorted(set(roles))


def create_user(email: str, name: str, password: str | None, roles: Iterable[str]) -> User:
    """A new account. With ``password`` None it has no usable password until its owner sets
    one through an invitation link (``services.account_links.issue``)."""
    errors: dict[str, list[str]] = {}
    email = normalise_email(email)
    if problem := email_problem(email):
        errors["email"] = [problem]
    elif find_by_email(email) is not None:
        errors["email"] = ["An account with this email exists already."]
    if not name.strip():
        errors["name"] = ["Enter a name."]
    if password is not None and (
            problems := check_password_strength(password, email=email, name=name)):
        errors["password"] = problems
    roles = _check_roles(roles)
    if errors:
        raise ValidationFailed(errors)
    # Without a password: the hash of a random secret nobody knows, so no password logs in.
    password = password if password is not None else secrets.token_urlsafe(32)
    user = User(email=email, name=name.strip(), password_hash=hash_password(password),
                role_rows=[UserRole(role=r) for r in roles])
    db.session.add(user)
    db.session.flush()
    audit.record("user.created", user, after={"email": email, "name": user.name,
                                              "roles": roles})
    return user


def _check_own_admin_role(user: User, roles: list[str], by: User | None) -> None:
    """An admin may not take the admin role from themself: nobody could give it back."""
    if by is not None and by.id == user.id and "admin" in user.roles and "admin" not in roles:
        raise ValidationFailed({"roles": ["You cannot remove your own admin role. Ask another "
                                          "administrator to do it."]})


def set_roles(user: User, roles: Iterable[str], *, by: User | None = None) -> None:
    """Replace the user's roles; ``by`` is the administrator acting (None from the CLI)."""
    roles = _check_roles(roles)
    _check_own_admin_role(user, roles, by)
    before = sorted(user.roles)
    if before == roles:
        return
    user.role_rows = [r for r in user.role_rows if r.role in roles] + [
        UserRole(role=r) for r in roles if r not in user.roles]
    db.session.flush()
    audit.record("user.roles_changed", user, before={"roles": before}, after={"roles": roles})


def _profile_errors(user: User, name: str, email: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    other = find_by_email(email)
    if problem := email_problem(email):
        errors["email"] = [problem]
    elif other is not None and other.id != user.id:
        errors["email"] = ["An account with this email exists already."]
    if not name.strip():
        errors["name"] = ["Enter a name."]
    return errors


def update_profile(user: User, name: str, email: str) -> None:
    email = normalise_email(email)
    if errors := _profile_errors(user, name, email):
        raise ValidationFailed(errors)
    before, after = audit.changes({"name": user.name, "email": user.email},
                                  {"name": name.strip(), "email": email})
    if after:
        user.name, user.email = name.strip(), email
        db.session.flush()
        audit.record("user.updated", user, before=before, after=after)
        evaluations.refresh_for_user(user)  # debriefs show names (and emails of namesakes)


def update_user(user: User, *, name: str, email: str, roles: Iterable[str],
                by: User | None = None) -> None:
    """Change name, email and roles together; every problem is reported before any change."""
    roles = _check_roles(roles)
    errors = _profile_errors(user, name, normalise_email(email))
    try:
        _check_own_admin_role(user, roles, by)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    update_profile(user, name, email)
    set_roles(user, roles, by=by)


def set_password(user: User, password: str, *, actor: User | None = None) -> None:
    """A new password (the policy's checks first); ends the other sessions and revokes the
    account's unused invitation or reset links. ``actor``: who, when not the signed-in user
    (the owner, through a link)."""
    if problems := check_password_strength(password, email=user.email, name=user.name):
        raise ValidationFailed({"password": problems})
    user.password_hash = hash_password(password)
    user.session_version += 1  # a new password ends the other sessions
    sessions.end_all(user, "password_changed", keep_current=True)
    throttle.clear_account(user.email)
    revoke_open_links(user)
    audit.record("user.password_changed", user, actor=actor)


def revoke_open_links(user: User) -> None:
    """The account's unused invitation or reset links stop working: when a password is set,
    a newer link is issued, or the account is deactivated (so reactivating it later does
    not bring an old link back)."""
    db.session.execute(update(AccountLink).where(
        AccountLink.user_id == user.id, AccountLink.used_at.is_(None),
        AccountLink.revoked_at.is_(None)).values(revoked_at=utcnow()),
        execution_options={"synchronize_session": False})


def change_own_password(user: User, current: str, new: str) -> None:
    """The user's own change: only with their current password (ASVS 6.2.3), which is
    checked first so that a wrong one says nothing about the new one. Ends their other
    sessions like any new password; raises ValidationFailed onto the form's fields."""
    recent = db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "user.password_change_refused",
        AuditEvent.object_type == "user", AuditEvent.object_id == str(user.id),
        AuditEvent.at >= utcnow() - PASSWORD_CHANGE_WINDOW)) or 0
    if recent >= PASSWORD_CHANGE_TRIES:
        raise ValidationFailed({"current_password": [
            f"Too many wrong attempts. Try again in "
            f"{PASSWORD_CHANGE_WINDOW.seconds // 60} minutes."]})
    if not verify_password(user.password_hash, current):
        audit.record("user.password_change_refused", user, actor=user,
                     after={"reason": "wrong current password"})
        raise ValidationFailed({"current_password": ["That is not your current password."]})
    if new == current:
        raise ValidationFailed({"password": ["Choose a password different from the current "
                                             "one."]})
    set_password(user, new)


def deactivate(user: User, *, by: User | None = None) -> None:
    """End the account and its sessions; raises ServiceError when an admin aims at themself."""
    if by is not None and by.id == user.id:
        raise ServiceError("You cannot deactivate your own account. Ask another administrator "
                           "to do it.")
    if not user.active:
        return
    user.active = False
    user.session_version += 1  # ends every session of this user at their next request
    sessions.end_all(user, "deactivated")
    revoke_open_links(user)
    audit.record("user.deactivated", user, before={"active": True}, after={"active": False})


def reactivate(user: User) -> None:
    if user.active:
        return
    user.active = True
    audit.record("user.reactivated", user, before={"active": False}, after={"active": True})


class LoginThrottled(Exception):
    def __init__(self, minutes: int) -> None:
        self.minutes = minutes
        super().__init__(f"too many failed attempts; try again in {minutes} minutes")


def authenticate(email: str, password: str, *, window_minutes: int, per_account: int,
                 per_address: int, before_write: Callable[[], None] | None = None,
                 ) -> User | None:
    """The user for these credentials, or None; raises LoginThrottled after too many failures.

    Failures are counted per (account, address) with growing delays and per address
    (services/throttle.py), in the database, so every worker process sees the same count.
    ``before_write`` is called after the reads and the slow password check, before the
    first write (the login view passes ``begin_writes``: SQLite's write lock is then held
    for the audit rows only, never across argon2).
    """
    email = normalise_email(email)
    ip = audit.client_address()
    limits = throttle.limits(window_minutes, per_account, per_address)
    user = find_by_email(email)
    refusal = throttle.check(email, ip, limits)
    throttled = refusal is not None
    verified_hash = None  # the hash the password matched, if it did
    if not throttled:
        if user is None:
            dummy_verify(password)
        elif verify_password(user.password_hash, password):
            verified_hash = user.password_hash
    # Writes from here on. ``user`` is read again in the write transaction: a password
    # changed or an account deactivated while the password was being checked wins.
    if before_write is not None:
        before_write()
    if refusal is not None:
        throttle.record_refusal(email, ip, limits)  # counted, not audited try by try
        raise LoginThrottled(refusal.minutes)
    if (user is None or verified_hash is None or user.password_hash != verified_hash
            or not user.active):
        throttle.record_failure(email, ip, user, limits)
        return None
    throttle.record_success(email, ip)
    audit.record("auth.login", user, actor=user)
    return user


def users_with_role(role: str, *, active_only: bool = True) -> list[User]:
    query = select(User).join(UserRole).where(UserRole.role == role).order_by(User.name)
    if active_only:
        query = query.where(User.active.is_(True))
    return list(db.session.scalars(query))


def user_search(text: str = "", *, role: str = "", active: bool | None = None,
                ) -> Select[tuple[User]]:
    """Users whose name or email contains ``text``, accents and case aside (wildcards taken
    literally), by name."""
    query = select(User).order_by(bytewise(User.search_key), User.id)
    if (found := matches_text(User.search_key, text)) is not None:
        query = query.where(found)
    if role:
        query = query.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    if active is not None:
        query = query.where(User.active.is_(active))
    return query


def search_users(text: str = "", *, role: str = "", active: bool | None = None) -> list[User]:
    return list(db.session.scalars(user_search(text, role=role, active=active)))
