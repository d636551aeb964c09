"""A candidate in debrief with a panel whose scorecards give the engine outcome asked for."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hiring.extensions import db
from hiring.models import AuditEvent, Scorecard, ScorecardRevision
from tests.support.factories import Factory

# The senior-engineer rubric, every criterion scored: weighted 4.27 (exactly 171/40).
STRONG = {"pair_programming": {"coding": 5, "cultural_fit": 4},
          "architecture_review": {"system_design": 4, "ownership": 5},
          "behavioral_interview": {"ownership": 4, "mentoring": 4},
          "debugging_interview": {"debugging": 4}}
PEOPLE = {"pair_programming": "Pia Pairing", "architecture_review": "Arlo Architect",
          "behavioral_interview": "Bea Behaviour", "debugging_interview": "Dev Debugger"}
FLAG_NOTE = "Wanted Kafka for a nightly cron job."


def panel(make: Factory, outcome: str = "offer", *, committee: Any = None, req: Any = None,
          name: str = "Casey Candidate", recruiter: Any = None) -> dict[str, Any]:
    """offer: strong everywhere; no_offer: all 3s; discuss: strong with a red flag;
    incomplete: strong, but the debugging interview has no submitted scorecard (awaited)."""
    committee = committee or make.user("committee", name="Cora Committee")
    if req is None:
        req = make.requisition(committee=[committee], recruiters=[recruiter] if recruiter else [])
    candidate = make.candidate(req, name=name, stage="debrief")
    interviews, cards, people = {}, {}, {}
    for stage, scores in STRONG.items():
        person = make.user("interviewer", name=PEOPLE[stage])
        people[stage] = person
        interviews[stage] = make.interview(candidate, person, stage)
        if outcome == "incomplete" and stage == "debugging_interview":
            continue
        if outcome == "no_offer":
            scores = dict.fromkeys(scores, 3)
        flags = [("over_engineers", FLAG_NOTE)] if (
            outcome == "discuss" and stage == "architecture_review") else []
        cards[stage] = make.scorecard(interviews[stage], scores, flags=flags,
                                      evidence=f"Evidence from {PEOPLE[stage]}.",
                                      summary=f"Summary by {PEOPLE[stage]}.")
    return {"req": req, "candidate": candidate, "committee": committee,
            "interviews": interviews, "cards": cards, "people": people}


def amend_in_db(make: Factory, card: Any, criterion: str, score: int, reason: str) -> None:
    """What the scorecard service does on an amendment: new scores, revision 2 kept apart."""
    with make.session() as s:
        row = s.get(Scorecard, card.id)
        row.score_for(criterion).score = score
        row.revision = 2
        s.flush()
        s.add(ScorecardRevision(scorecard_id=row.id, number=2, content=row.content(),
                                reason=reason, submitted_by_id=row.interviewer_id))


def audit_events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))
