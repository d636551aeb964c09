"""The login's second step: after the password, a TOTP or recovery code.

Between the two steps the signed session holds only ``mfa_pending`` (the user's id, their
session version, when the password was checked, where to go next), never Flask-Login's user
id: until the code is accepted every page answers as to an anonymous visitor. The wrong-code
count lives in the database (services/mfa.py), so replaying an old cookie gains nothing.
"""

from __future__ import annotations

import time
from typing import Any

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hiring.auth import bp
from hiring.auth.forms_account import LoginCodeForm
from hiring.extensions import db
from hiring.models import User
from hiring.permissions import public
from hiring.services import mfa, sessions

PENDING_KEY = "mfa_pending"


def start_second_step(user: User, target: str | None) -> Response:
    """Called by the login once the password is right and the user has TOTP."""
    session.clear()
    session[PENDING_KEY] = {"user": user.id, "version": user.session_version,
                            "at": int(time.time()), "next": target or ""}
    return redirect(url_for("auth.login_code"))


def _pending_user() -> tuple[User | None, dict[str, Any]]:
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None, {}
    max_age = current_app.config["MFA_PENDING_SECONDS"]
    if not 0 <= time.time() - int(pending.get("at", 0)) <= max_age:
        return None, {}
    user = db.session.get(User, int(pending.get("user", 0)))
    if (user is None or not user.active or user.session_version != pending.get("version")
            or not mfa.has_totp(user)):
        return None, {}
    return user, pending


@bp.route("/login/code", methods=["GET", "POST"])
@public
def login_code() -> Response | str | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    user, pending = _pending_user()
    if user is None:
        session.pop(PENDING_KEY, None)
        flash("Log in with your email and password first.", "info")
        return redirect(url_for("auth.login"))
    form = LoginCodeForm()
    if form.validate_on_submit():
        try:
            kind = mfa.check_code(user, form.code.data or "")
        except mfa.CodeRefused as exc:
            db.session.commit()  # the failure counts
            form.form_errors.append(str(exc))
            form.code.data = ""
            return render_template("auth/login_code.html", form=form), 200
        sessions.sign_in(user)
        db.session.commit()
        if kind == "recovery":
            left = mfa.recovery_codes_left(user)
            flash(f"You used a recovery code; {left} left. Make new ones from your account "
                  "page if you are running low.", "info")
        return redirect(pending.get("next") or url_for("auth.home"))
    return render_template("auth/login_code.html", form=form)
