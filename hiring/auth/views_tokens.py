"""The user's own API tokens: create one (shown once, on the page that answers the form),
see each one's last use and expiry, revoke. Revoking is POST-only and audited."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from hiring.auth import bp
from hiring.auth.forms_tokens import TokenForm
from hiring.database import utcnow
from hiring.extensions import db
from hiring.forms_util import apply_errors
from hiring.models import ApiToken, User
from hiring.permissions import authenticated, can_revoke_token, require
from hiring.security import no_store
from hiring.services import api_tokens
from hiring.services.errors import ValidationFailed


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined, no-any-return]


def _page(form: TokenForm, secret: str | None = None) -> str:
    no_store()
    return render_template("auth/tokens.html", form=form, secret=secret, now=utcnow(),
                           tokens=api_tokens.tokens_of(_me()))


@bp.route("/account/tokens", methods=["GET", "POST"])
@authenticated
def tokens_page() -> str:
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form)
    try:
        new = api_tokens.create_token(_me(), form.name.data or "", form.expires_days.data)
    except ValidationFailed as exc:
        db.session.rollback()
        apply_errors(form, exc)
        return _page(form)
    db.session.commit()
    # Answered on this page, not through a redirect: the token is never kept anywhere.
    return _page(TokenForm(formdata=None), secret=new.secret)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@authenticated
def revoke_token(token_id: int) -> Response:
    token = db.get_or_404(ApiToken, token_id)
    require(can_revoke_token(_me(), token))
    if FlaskForm().validate_on_submit():
        api_tokens.revoke_token(token, _me())
        db.session.commit()
        flash(f"Revoked the token {token.name} ({token.prefix}…): it no longer works.",
              "success")
    if token.user_id != _me().id:  # an administrator, from the owner's admin page
        return redirect(url_for("admin.user_edit", user_id=token.user_id, _anchor="tokens"))
    return redirect(url_for("auth.tokens_page"))
