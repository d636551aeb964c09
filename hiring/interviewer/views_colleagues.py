"""Colleagues' submitted scorecards, once independence allows (``can_view_colleague_scorecards``:
the requisition's policy for interviewers; for its recruiters and committee, once nothing of
theirs on the candidate is pending)."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from hiring.committee.submit_first import colleagues_closed_page
from hiring.extensions import db
from hiring.interviewer import bp
from hiring.models import Candidate
from hiring.permissions import can_view_colleague_scorecards, role_required
from hiring.queries.interviews import colleague_and_own_scorecards
from hiring.queries.pipeline import with_rubric
from hiring.security import no_store


@bp.route("/my/candidates/<int:candidate_id>/scorecards")
@role_required("interviewer")
def colleagues(candidate_id: int) -> str | tuple[str, int]:
    candidate = db.get_or_404(Candidate, candidate_id, options=[with_rubric()])
    if not can_view_colleague_scorecards(current_user, candidate):
        # Told why (submit yours first, or the policy keeps them closed) when the person
        # interviews the candidate or their role would open the page; else not found.
        blocked = colleagues_closed_page(current_user, candidate)
        if blocked is None:
            abort(404)
        return blocked
    no_store()
    cards, mine = colleague_and_own_scorecards(candidate.id, current_user)
    return render_template("interviewer/colleagues.html", candidate=candidate,
                           requisition=candidate.requisition, cards=cards, mine=mine)
