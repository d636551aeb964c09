"""A reminder sent by hand from the overdue page (the scheduled ones: ``hiring remind``)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response

from hiring.database import utcnow
from hiring.extensions import db
from hiring.mail.reminders import remind_by_hand
from hiring.models import Interview
from hiring.permissions import can_send_reminder, require, role_required
from hiring.queries.overdue import OVERDUE_SORTS
from hiring.recruiter import bp
from hiring.recruiter.common import me
from hiring.services.errors import ServiceError


@bp.route("/interviews/<int:interview_id>/remind", methods=["POST"])
@role_required("recruiter")
def interview_remind(interview_id: int) -> Response:
    interview = db.get_or_404(Interview, interview_id)
    require(can_send_reminder(me(), interview))
    back = redirect(url_for("recruiter.overdue", page=request.args.get("page", type=int),
                            sort=OVERDUE_SORTS.args(OVERDUE_SORTS.parse(
                                request.args.get("sort"))).get("sort")))
    name = interview.interviewer.name
    try:
        queued = remind_by_hand(interview, utcnow())
    except ServiceError as exc:
        flash(str(exc), "error")
        return back
    db.session.commit()
    if queued:
        flash(f"A reminder to {name} is on its way.", "success")
    else:
        flash(f"{name} was reminded within this hour already; nothing more was sent.", "info")
    return back
