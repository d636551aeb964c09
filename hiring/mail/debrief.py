"""The committee's notice: a candidate's last awaited scorecard is in, the debrief is ready.

Called by ``hiring.services.scorecards.submit`` in the submission's transaction. Ready means:
at least one live (not cancelled) interview, each with a scorecard submitted by the
interviewer who holds it, no standing decision, not erased. The dedupe key carries a digest
of the live interviews, so each readiness is announced once per member however often it is
checked, and a candidate made ready again by a further interview is announced again.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import exists, select

from hiring.extensions import db
from hiring.mail.compose import absolute_url, compose
from hiring.mail.outbox import enqueue
from hiring.models import Candidate, CommitteeDecision, Interview
from hiring.queries.overdue import submitted_by_assignee


def _ready_interviews(candidate: Candidate) -> list[int] | None:
    """The ids of the live interviews when every one has its scorecard; None otherwise."""
    if candidate.erased:
        return None
    decided = db.session.scalar(select(exists().where(
        CommitteeDecision.candidate_id == candidate.id, CommitteeDecision.reopened_at.is_(None))))
    if decided:
        return None
    rows = db.session.execute(
        select(Interview.id, submitted_by_assignee().label("done"))
        .where(Interview.candidate_id == candidate.id, Interview.status == "scheduled")
        .order_by(Interview.id)).all()
    if not rows or not all(done for _, done in rows):
        return None
    return [interview_id for interview_id, _ in rows]


def notify_if_ready(candidate: Candidate) -> int:
    """Queue "ready for debrief" for each member of the requisition's committee when the
    candidate has just become ready; returns how many messages were queued."""
    ready = _ready_interviews(candidate)
    if ready is None:
        return 0
    digest = hashlib.sha256(",".join(map(str, ready)).encode()).hexdigest()[:16]
    requisition = candidate.requisition
    link = absolute_url("committee.debrief", candidate_id=candidate.id)
    queued = 0
    for member in requisition.committee:
        if not member.active:
            continue
        letter = compose("debrief_ready", f"Ready for debrief: {candidate.name}",
                         person=member, candidate=candidate, requisition=requisition,
                         scorecards=len(ready), link=link)
        queued += enqueue("debrief-ready", member, letter,
                          dedupe_key=f"debrief-ready:{candidate.id}:{digest}:{member.id}",
                          candidate_id=candidate.id)
    return queued
