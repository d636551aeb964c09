"""The recruiter creates a one-time link (shown once); the candidate answers without an account.

A link that is unknown, used or expired gets a plain page that says so (404 or 410), never
an error: the candidate did nothing wrong and may simply ask the recruiter for a new one.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hiring.database import utcnow
from hiring.extensions import db
from hiring.forms_util import apply_errors
from hiring.models import Candidate, SelfIdInvitation
from hiring.permissions import can_invite_self_identification, public, require, role_required
from hiring.security import no_store
from hiring.self_id import bp
from hiring.self_id.forms import SelfIdentificationForm
from hiring.services.errors import ServiceError
from hiring.services.self_identification import (
    InvitationClosed,
    answer,
    create_invitation,
    find_invitation,
)


@bp.route("/candidates/<int:candidate_id>/self-identification/link", methods=["POST"])
@role_required("recruiter")
def invite(candidate_id: int) -> Response | str:
    """Create a link and show it once: only its hash is stored, so it cannot be shown again."""
    candidate = db.get_or_404(Candidate, candidate_id)
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    require(can_invite_self_identification(user, candidate))
    try:
        created = create_invitation(candidate, user)
    except ServiceError as exc:
        flash(str(exc), "error")
        return redirect(url_for("recruiter.candidate", candidate_id=candidate.id))
    db.session.commit()
    no_store()  # the page holds a live link
    return render_template("self_id/link.html", candidate=candidate,
                           invitation=created.invitation,
                           link=url_for("self_id.form", token=created.token, _external=True))


def _closed(invitation: SelfIdInvitation | None) -> tuple[str, int]:
    state = "unknown" if invitation is None else invitation.state(utcnow())
    return render_template("self_id/closed.html", state=state), 404 if state == "unknown" else 410


@bp.route("/self-id/<token>", methods=["GET", "POST"])
@public
def form(token: str) -> Response | str | tuple[str, int]:
    no_store()
    invitation = find_invitation(token)
    if invitation is None or invitation.state(utcnow()) != "open":
        return _closed(invitation)
    form = SelfIdentificationForm()
    if form.validate_on_submit():
        try:
            answer(invitation, form.gender.data or "", form.race_ethnicity.data or "")
        except InvitationClosed:
            db.session.rollback()
            return _closed(find_invitation(token))
        except ServiceError as exc:
            db.session.rollback()
            apply_errors(form, exc)
        else:
            db.session.commit()
            return redirect(url_for("self_id.thanks"))
    return render_template("self_id/form.html", form=form)


@bp.route("/self-id/thanks")
@public
def thanks() -> str:
    return render_template("self_id/thanks.html")
