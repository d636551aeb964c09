"""The administrator's user pages: list, create, edit, deactivate, reactivate, set password."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from hiring.admin import bp
from hiring.admin.forms import (
    ROLE_HINTS,
    NewUserForm,
    SetPasswordForm,
    UserFilterForm,
    UserProfileForm,
)
from hiring.admin.views_links import issued_link_page
from hiring.database import utcnow
from hiring.extensions import db
from hiring.forms_util import apply_errors, valid_filters
from hiring.models import User
from hiring.models.user import ROLE_LABELS
from hiring.permissions import role_required
from hiring.queries.audit import changes_of, changes_to_user, last_login
from hiring.queries.paging import page_number
from hiring.queries.people import USER_SORTS, user_rows
from hiring.services import account_links, api_tokens
from hiring.services import users as accounts
from hiring.services.errors import ServiceError, ValidationFailed

RenderResult = Response | str | tuple[str, int]


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined, no-any-return]


@bp.route("/admin/users")
@role_required("admin")
def users() -> str:
    filters = UserFilterForm(request.args)
    filters.validate()  # a tampered filter is shown with its error and ignored
    args = valid_filters(filters)
    state = {"active": True, "inactive": False}.get(args.get("state", ""))
    sort = USER_SORTS.parse(request.args.get("sort"))
    page = user_rows(accounts.user_search(args.get("q", ""), role=args.get("role", ""),
                                          active=state),
                     page_number(), current_app.config["PAGE_SIZE"], sort)
    return render_template("admin/users.html", page=page, filters=filters, args=args,
                           filtered=bool(args), role_labels=ROLE_LABELS, sort=sort,
                           sorts=USER_SORTS, list_args={**args, **USER_SORTS.args(sort)})


@bp.route("/admin/users/new", methods=["GET", "POST"])
@role_required("admin")
def user_new() -> RenderResult:
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.email.data or "", form.name.data or "",
                                        form.password.data or None, form.roles.data or [])
            issued = None if form.password.data else account_links.issue(user, "invitation")
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            db.session.commit()
            if issued is not None:
                return issued_link_page(user, issued)
            flash(f"{user.name} can now log in as {user.email}.", "success")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    return render_template("admin/user_new.html", form=form, role_hints=ROLE_HINTS)


def _edit_page(user: User, form: UserProfileForm | None = None,
               password_form: SetPasswordForm | None = None) -> str:
    if form is None:
        form = UserProfileForm(obj=user)
        form.roles.data = sorted(user.roles)
    password_form = password_form or SetPasswordForm(formdata=None)
    return render_template("admin/user_edit.html", user=user, form=form,
                           password_form=password_form, role_hints=ROLE_HINTS,
                           open_link=account_links.latest_link(user),
                           account_links_status=account_links.link_status,
                           events=changes_to_user(user.id), last_login=last_login(user.id),
                           changes_of=changes_of, is_me=user.id == _me().id,
                           tokens=api_tokens.tokens_of(user), now=utcnow())


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def user_edit(user_id: int) -> RenderResult:
    user = db.get_or_404(User, user_id)
    if request.method == "GET":
        return _edit_page(user)
    form = UserProfileForm()
    if form.validate_on_submit():
        try:
            accounts.update_user(user, name=form.name.data or "", email=form.email.data or "",
                                 roles=form.roles.data or [], by=_me())
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            db.session.commit()
            flash(f"Saved the changes to {user.name}.", "success")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    return _edit_page(user, form=form)


@bp.route("/admin/users/<int:user_id>/password", methods=["POST"])
@role_required("admin")
def user_password(user_id: int) -> RenderResult:
    user = db.get_or_404(User, user_id)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(user, form.password.data or "")
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            db.session.commit()
            if user.id == _me().id:
                login_user(user)  # this session carries on under the new session version
                flash("Your password is changed; your other sessions have ended.", "success")
            else:
                flash(f"{user.name} has a new password; their sessions have ended.", "success")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    return _edit_page(user, password_form=form)


def _state_change(user_id: int, change: str) -> Response:
    user = db.get_or_404(User, user_id)
    if FlaskForm().validate_on_submit():
        try:
            if change == "deactivate":
                accounts.deactivate(user, by=_me())
            else:
                accounts.reactivate(user)
        except ServiceError as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(f"{user.name} is deactivated; their sessions have ended."
                  if change == "deactivate" else f"{user.name} can log in again.", "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.route("/admin/users/<int:user_id>/deactivate", methods=["POST"])
@role_required("admin")
def user_deactivate(user_id: int) -> Response:
    return _state_change(user_id, "deactivate")


@bp.route("/admin/users/<int:user_id>/reactivate", methods=["POST"])
@role_required("admin")
def user_reactivate(user_id: int) -> Response:
    return _state_change(user_id, "reactivate")
