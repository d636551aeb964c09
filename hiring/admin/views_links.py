"""An administrator issues a one-time link (invitation or reset) for an account.

With SMTP configured the link goes out by mail only. Without it, nothing would reach the
person, so the admin is shown the link once, on the page that answers the POST (it is
stored hashed and cannot be shown again), to hand it over.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from hiring.admin import bp
from hiring.extensions import db
from hiring.models import User
from hiring.permissions import role_required
from hiring.queries.audit import last_login
from hiring.security import no_store
from hiring.services import account_links


def issued_link_page(user: User, issued: account_links.IssuedLink) -> Response | str:
    """After issuing: back to the user's page when mailed, else the link, shown once."""
    kind = "invitation" if issued.link.purpose == "invitation" else "password-reset link"
    if issued.mailed:
        flash(f"An {kind} is on its way to {user.email}." if kind[0] == "i" else
              f"A {kind} is on its way to {user.email}.", "success")
        return redirect(url_for("admin.user_edit", user_id=user.id))
    no_store()
    return render_template("admin/user_link.html", user=user, issued=issued)


@bp.route("/admin/users/<int:user_id>/link", methods=["POST"])
@role_required("admin")
def user_link(user_id: int) -> Response | str:
    """A new link for the account: an invitation while it has never logged in, a reset
    after. Older links stop working."""
    user = db.get_or_404(User, user_id)
    if not FlaskForm().validate_on_submit():
        return redirect(url_for("admin.user_edit", user_id=user.id))
    if not user.active:
        flash(f"{user.name} is deactivated: reactivate the account before sending a link.",
              "error")
        return redirect(url_for("admin.user_edit", user_id=user.id))
    purpose = "invitation" if last_login(user.id) is None else "reset"
    issued = account_links.issue(user, purpose)
    db.session.commit()
    return issued_link_page(user, issued)
