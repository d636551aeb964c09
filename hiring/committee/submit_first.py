"""The "submit your scorecard first" page: independence, said plainly instead of a 404.

Also why the colleagues' scorecards stay closed to someone who may be told: until their
own scorecard is in, or for good on a requisition whose policy keeps interviewers apart.
"""

from __future__ import annotations

from flask import render_template

from hiring.database import utcnow
from hiring.models import Candidate, User
from hiring.permissions import (
    can_read_debrief,
    can_see_why_colleagues_closed,
    can_view_debrief,
    pending_interviews,
)
from hiring.queries.interviews import standing_decision

COLLEAGUES = "your colleagues' scorecards"


def submit_first_page(user: User, candidate: Candidate,
                      opens: str = "the debrief") -> tuple[str, int] | None:
    """The page for someone whom their role lets into the debrief (or the packet, or the
    colleagues' scorecards) but who still holds an interview of the candidate without a
    submitted scorecard; None when ``can_read_debrief`` lets them in (one query). Callers
    have checked the role gate first (a failing one answers 404, not this page).

    403, not 404: the person knows the candidate exists (they interview them) and may open
    the page by role, so "not found" would be false; they are refused for now, for a reason
    the page names along with the way out (the interview kit). Nothing on it is built from
    the colleagues' scorecards.
    """
    if can_read_debrief(user, candidate):
        return None
    pending = pending_interviews(user, candidate)
    if not pending:  # submitted meanwhile
        return None
    # A decision recorded meanwhile closes the pending scorecard: say what unblocks the page.
    closed = standing_decision(candidate.id) is not None
    return render_template("committee/submit_first.html", candidate=candidate,
                           pending=pending, opens=opens, closed=closed, now_utc=utcnow()), 403


def colleagues_closed_page(user: User, candidate: Candidate) -> tuple[str, int] | None:
    """Why ``can_view_colleague_scorecards`` refused, as a 403 page; None (the caller answers
    404) for someone ``can_see_why_colleagues_closed`` keeps out.

    A recruiter or committee member of the requisition, or an interviewer under the
    "after_submit" policy, is refused only while a scorecard of theirs is pending: the
    "submit yours first" page. An interviewer under "never" is told that submitting will
    not open them, and that the committee reads every scorecard at the debrief. Neither
    page depends on what the colleagues wrote (tests/test_independence.py checks).
    """
    if not can_see_why_colleagues_closed(user, candidate):
        return None
    requisition = candidate.requisition
    if can_view_debrief(user, candidate) or requisition.scorecard_visibility == "after_submit":
        return submit_first_page(user, candidate, opens=COLLEAGUES)
    return render_template("interviewer/colleagues_closed.html", candidate=candidate,
                           requisition=requisition,
                           pending=pending_interviews(user, candidate)), 403
