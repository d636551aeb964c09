"""Public pages of the one-time links: "forgot your password?" and the link itself.

The link's page never spends it on GET (mail scanners open links): only the form's POST
does. It answers with no Referer (the token is in the path) and is never cached.
"""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hiring.auth import bp
from hiring.auth.forms_links import ForgotPasswordForm, LinkPasswordForm
from hiring.extensions import db
from hiring.forms_util import apply_errors
from hiring.models import AccountLink
from hiring.permissions import public
from hiring.security import no_store
from hiring.services import account_links
from hiring.services.account_links import LinkRefused, ResetThrottled
from hiring.services.errors import ValidationFailed

RenderResult = Response | str | tuple[str, int]
# Unknown: as if there were no such page; the others did exist and are gone.
REFUSED_STATUS = {"unknown": 404, "used": 410, "revoked": 410, "expired": 410, "inactive": 403}


@bp.route("/account/forgot", methods=["GET", "POST"])
@public
def forgot_password() -> RenderResult:
    if current_user.is_authenticated:
        return redirect(url_for("auth.change_password"))
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            account_links.request_reset(form.email.data or "")
        except ResetThrottled as exc:
            db.session.commit()
            form.form_errors.append(str(exc))
            return render_template("auth/forgot.html", form=form), 429
        db.session.commit()
        # The same page whether the email has an account or not.
        return render_template("auth/forgot_sent.html", email=form.email.data)
    return render_template("auth/forgot.html", form=form)


def _refused(exc: LinkRefused) -> tuple[str, int]:
    return render_template("auth/link_refused.html", message=str(exc),
                           reason=exc.reason), REFUSED_STATUS[exc.reason]


def _link_page(link: AccountLink, form: LinkPasswordForm) -> str:
    return render_template("auth/link_password.html", form=form, link=link,
                           invitation=link.purpose == "invitation")


def _private(result: RenderResult) -> Response:
    no_store()
    response = make_response(result)
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in this page's path
    return response


@bp.route("/account/link/<token>", methods=["GET", "POST"])
@public
def account_link(token: str) -> Response:
    """Choose a password with an invitation or reset link: once, before it expires."""
    try:
        link = account_links.open_link(token)
    except LinkRefused as exc:
        return _private(_refused(exc))
    form = LinkPasswordForm()
    if form.validate_on_submit():
        purpose = link.purpose
        try:
            account_links.set_password_with_link(token, form.password.data or "")
        except ValidationFailed as exc:
            db.session.rollback()
            apply_errors(form, exc)
        except LinkRefused as exc:
            db.session.rollback()
            return _private(_refused(exc))
        else:
            db.session.commit()
            flash("Your password is set. Log in with it." if purpose == "invitation" else
                  "Your new password is set; every other session has ended. Log in with it.",
                  "success")
            return redirect(url_for("auth.login"))
    return _private(_link_page(link, form))
