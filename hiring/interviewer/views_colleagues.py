"""Colleagues' submitted scorecards, once the requisition's independence policy allows."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from hiring.extensions import db
from hiring.interviewer import bp
from hiring.models import Candidate
from hiring.permissions import can_view_colleague_scorecards, require, role_required
from hiring.queries.interviews import colleague_and_own_scorecards
from hiring.security import no_store


@bp.route("/my/candidates/<int:candidate_id>/scorecards")
@role_required("interviewer")
def colleagues(candidate_id: int) -> str:
    candidate = db.get_or_404(Candidate, candidate_id)
    require(can_view_colleague_scorecards(current_user, candidate))
    no_store()
    cards, mine = colleague_and_own_scorecards(candidate.id, current_user)
    return render_template("interviewer/colleagues.html", candidate=candidate,
                           requisition=candidate.requisition, cards=cards, mine=mine)
