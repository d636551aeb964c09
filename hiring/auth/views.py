"""Logging in and out, and the home page that sends each role where it works."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from hiring.auth import bp
from hiring.auth.forms import LoginForm
from hiring.auth.views_second_step import start_second_step
from hiring.database import begin_writes, reads_first
from hiring.errors import BUSY_MESSAGE, when_busy
from hiring.extensions import db
from hiring.permissions import authenticated, public
from hiring.services import audit, sessions
from hiring.services.mfa import has_totp
from hiring.services.users import LoginThrottled, authenticate

HOME_BY_ROLE = (("recruiter", "recruiter.requisitions"), ("committee", "committee.index"),
                ("interviewer", "interviewer.queue"), ("admin", "admin.users"))


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: no scheme, no host, no protocol-relative '//' trick, and no
    control character (a CR/LF in a Location header was a 500, and is header injection)."""
    if not target or any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return None
    target = target.replace("\\", "/").strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/")
@authenticated
def home() -> Response:
    for role, endpoint in HOME_BY_ROLE:
        if current_user.has_role(role):
            return redirect(url_for(endpoint))
    return redirect(url_for("auth.no_roles"))


@bp.route("/welcome")
@authenticated
def no_roles() -> str:
    return render_template("auth/no_roles.html")


def _login_busy() -> tuple[str, int]:
    """A lock timeout while logging in: the form again with the email typed (errors.py
    answers 503 with Retry-After)."""
    form = LoginForm()
    form.password.data = ""
    form.form_errors.append(BUSY_MESSAGE)
    return render_template("auth/login.html", form=form), 503


@bp.route("/login", methods=["GET", "POST"])
@public
@reads_first  # reads, then argon2 outside any write transaction, then a short write
@when_busy(_login_busy)
def login() -> Response | str | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    if form.validate_on_submit():
        config = current_app.config
        try:
            user = authenticate(
                form.email.data or "", form.password.data or "",
                window_minutes=config["LOGIN_THROTTLE_WINDOW_MINUTES"],
                per_account=config["LOGIN_THROTTLE_PER_ACCOUNT"],
                per_address=config["LOGIN_THROTTLE_PER_ADDRESS"],
                before_write=begin_writes)  # the write lock only after the password check
        except LoginThrottled as exc:
            db.session.commit()
            minutes = f"{exc.minutes} minute{'' if exc.minutes == 1 else 's'}"
            form.form_errors.append(f"Too many failed attempts. Try again in {minutes}, or "
                                    "ask an administrator to set a new password.")
            return render_template("auth/login.html", form=form), 429
        if user is None:
            db.session.commit()
            form.form_errors.append("Email or password is not right, or the account is "
                                    "inactive.")
            form.password.data = ""
            return render_template("auth/login.html", form=form), 200
        if has_totp(user):  # not logged in until the second step accepts a code
            db.session.commit()
            return start_second_step(user, safe_next(request.args.get("next")))
        sessions.sign_in(user)  # a fresh cookie, tied to a new server-side session row
        db.session.commit()
        return redirect(safe_next(request.args.get("next")) or url_for("auth.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@authenticated
def logout() -> Response:
    form = FlaskForm()
    if form.validate_on_submit():
        audit.record("auth.logout", current_user._get_current_object())
        sessions.end_current("logout")  # a copy of the cookie is worth nothing from now on
        db.session.commit()
        logout_user()
        session.clear()
        flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))
