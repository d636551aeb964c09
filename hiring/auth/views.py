"""Logging in and out, and the home page that sends each role where it works."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from hiring.auth import bp
from hiring.auth.forms import LoginForm
from hiring.extensions import db
from hiring.permissions import authenticated, public
from hiring.services import audit
from hiring.services.users import LoginThrottled, authenticate

HOME_BY_ROLE = (("recruiter", "recruiter.requisitions"), ("committee", "committee.index"),
                ("interviewer", "interviewer.queue"), ("admin", "admin.users"))


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: no scheme, no host, no protocol-relative '//' trick."""
    if not target:
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


@bp.route("/login", methods=["GET", "POST"])
@public
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
                per_address=config["LOGIN_THROTTLE_PER_ADDRESS"])
        except LoginThrottled as exc:
            db.session.commit()
            form.form_errors.append(f"Too many failed attempts. Try again in {exc.minutes} "
                                    "minutes, or ask an administrator to set a new password.")
            return render_template("auth/login.html", form=form), 429
        if user is None:
            db.session.commit()
            form.form_errors.append("Email or password is not right, or the account is "
                                    "inactive.")
            form.password.data = ""
            return render_template("auth/login.html", form=form), 200
        db.session.commit()
        session.clear()  # a fresh session at login: nothing carried over from before
        session["nonce"] = secrets.token_urlsafe(16)
        login_user(user)
        return redirect(safe_next(request.args.get("next")) or url_for("auth.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@authenticated
def logout() -> Response:
    form = FlaskForm()
    if form.validate_on_submit():
        audit.record("auth.logout", current_user._get_current_object())
        db.session.commit()
        logout_user()
        session.clear()
        flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))
