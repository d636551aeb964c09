"""The user's own account: change the password, set up or turn off two-step verification.

An admin without an active authenticator is sent to its set-up before any other page
(``permissions.must_enrol_mfa``); these pages and logging out stay open to them.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from hiring.auth import bp
from hiring.auth.forms_account import (
    ChangePasswordForm,
    ConfirmTotpForm,
    DisableTotpForm,
    RecoveryCodesForm,
)
from hiring.extensions import db
from hiring.forms_util import apply_errors
from hiring.models import User
from hiring.permissions import authenticated, must_enrol_mfa
from hiring.services import mfa
from hiring.services import users as accounts
from hiring.services.errors import ServiceError, ValidationFailed

RenderResult = Response | str | tuple[str, int]
# What an admin without an authenticator may still reach.
OPEN_BEFORE_ENROLMENT = frozenset({"static", "auth.logout", "auth.mfa", "auth.mfa_begin",
                                   "auth.mfa_confirm", "auth.login", "auth.login_code"})


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined, no-any-return]


@bp.before_app_request
def _enrol_admins_first() -> Response | None:
    if request.endpoint is None or request.endpoint in OPEN_BEFORE_ENROLMENT:
        return None
    if current_user.is_authenticated and must_enrol_mfa(_me()):
        flash("Administrators must set up two-step verification before anything else.", "info")
        return redirect(url_for("auth.mfa"))
    return None


@bp.route("/account/password", methods=["GET", "POST"])
@authenticated
def change_password() -> RenderResult:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        me = _me()
        try:
            accounts.change_own_password(me, form.current_password.data or "",
                                         form.password.data or "")
        except ValidationFailed as exc:
            db.session.commit()  # a wrong current password is audited and counted
            apply_errors(form, exc)
        else:
            # set_password ended every other session on the server; this one carries on
            # under the new session version.
            login_user(me)
            db.session.commit()
            flash("Your password is changed; your other sessions have ended.", "success")
            return redirect(url_for("auth.mfa"))
    return render_template("auth/password.html", form=form)


def _mfa_page(confirm_form: ConfirmTotpForm | None = None,
              disable_form: DisableTotpForm | None = None,
              codes_form: RecoveryCodesForm | None = None) -> str:
    me = _me()
    uri = mfa.provisioning_uri(me) if mfa.pending_enrolment(me) is not None else None
    return render_template(
        "auth/mfa.html", active=mfa.has_totp(me), required=me.has_role("admin"),
        qr=mfa.qr_code_data_uri(uri) if uri else None,
        secret=mfa.secret_for_display(uri) if uri else None,
        codes_left=mfa.recovery_codes_left(me), start_form=FlaskForm(formdata=None),
        confirm_form=confirm_form or ConfirmTotpForm(formdata=None),
        disable_form=disable_form or DisableTotpForm(formdata=None),
        codes_form=codes_form or RecoveryCodesForm(formdata=None))


@bp.route("/account/mfa", endpoint="mfa")
@authenticated
def mfa_page() -> str:
    return _mfa_page()


@bp.route("/account/mfa/begin", methods=["POST"])
@authenticated
def mfa_begin() -> Response:
    if FlaskForm().validate_on_submit():
        try:
            mfa.begin_enrolment(_me())
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
    return redirect(url_for("auth.mfa"))


def _codes_page(codes: list[str]) -> str:
    """Recovery codes, in this response only: they are stored hashed and never shown again."""
    return render_template("auth/mfa_codes.html", codes=codes)


@bp.route("/account/mfa/confirm", methods=["POST"])
@authenticated
def mfa_confirm() -> RenderResult:
    form = ConfirmTotpForm()
    if form.validate_on_submit():
        try:
            codes = mfa.confirm_enrolment(_me(), form.code.data or "")
        except ValidationFailed as exc:
            apply_errors(form, exc)
        except ServiceError as exc:
            flash(str(exc), "error")
            return redirect(url_for("auth.mfa"))
        else:
            db.session.commit()
            return _codes_page(codes)
    return _mfa_page(confirm_form=form), 200


@bp.route("/account/mfa/disable", methods=["POST"])
@authenticated
def mfa_disable() -> RenderResult:
    form = DisableTotpForm()
    if form.validate_on_submit():
        try:
            mfa.disable(_me(), form.password.data or "", form.code.data or "")
        except ValidationFailed as exc:
            db.session.commit()  # a wrong code counts towards the pause
            apply_errors(form, exc)
        else:
            db.session.commit()
            flash("Two-step verification is off.", "success")
            return redirect(url_for("auth.mfa"))
    return _mfa_page(disable_form=form), 200


@bp.route("/account/mfa/recovery-codes", methods=["POST"])
@authenticated
def mfa_recovery_codes() -> RenderResult:
    form = RecoveryCodesForm()
    if form.validate_on_submit():
        try:
            codes = mfa.new_recovery_codes(_me(), form.current_code.data or "")
        except mfa.CodeRefused as exc:
            db.session.commit()  # a wrong code counts towards the pause
            form.current_code.errors = [str(exc)]  # type: ignore[assignment]
        else:
            db.session.commit()
            return _codes_page(codes)
    return _mfa_page(codes_form=form), 200
