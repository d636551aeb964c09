"""A small world with one object of each kind that a user owns and one they do not.

``side`` is "own" (the A side, which the role-holding users are attached to), "other"
(the B side, attached to nobody in ROLE_USERS) or "missing" (ids that do not exist).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from hiring.database import utcnow
from tests.support.factories import Factory

MISSING_ID = 987654
ROLES = ("anonymous", "nobody", "admin", "recruiter", "interviewer", "committee")
SIDES = ("own", "other", "missing")


@dataclass
class World:
    users: dict[str, Any]
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)

    def id(self, kind: str, side: str) -> int:
        """The id of the object of ``kind`` on ``side`` (a made-up id for "missing")."""
        if side == "missing":
            return MISSING_ID
        return int(self.objects[kind][side].id)


def build_world(make: Factory) -> World:
    users = {
        "nobody": make.user(name="No Roles"),
        "admin": make.user("admin", name="Ada Admin"),
        "recruiter": make.user("recruiter", name="Rita Recruiter"),
        "interviewer": make.user("interviewer", name="Ivan Interviewer"),
        "committee": make.user("committee", name="Cora Committee"),
        # people on the other side
        "recruiter_b": make.user("recruiter", name="Rob Recruiter"),
        "interviewer_b": make.user("interviewer", name="Ines Interviewer"),
        "committee_b": make.user("committee", name="Carl Committee"),
    }
    req_a = make.requisition(recruiters=[users["recruiter"]], committee=[users["committee"]],
                             title="Req A")
    req_b = make.requisition(recruiters=[users["recruiter_b"]],
                             committee=[users["committee_b"]], title="Req B")
    cand_a = make.candidate(req_a, name="Alice A", stage="phone_screen")
    cand_b = make.candidate(req_b, name="Bob B", stage="phone_screen")
    past = utcnow() - dt.timedelta(hours=3)
    iv_a = make.interview(cand_a, users["interviewer"], "phone_screen", when=past)
    iv_b = make.interview(cand_b, users["interviewer_b"], "phone_screen", when=past)
    # Interviews whose scorecard the interviewer submitted (on a candidate of their own),
    # for the pages that open only after submitting: colleagues' scorecards, amending.
    scored_a = make.candidate(req_a, name="Sam Scored", stage="phone_screen")
    scored_b = make.candidate(req_b, name="Sue Scored", stage="phone_screen")
    done_a = make.interview(scored_a, users["interviewer"], "phone_screen", when=past)
    done_b = make.interview(scored_b, users["interviewer_b"], "phone_screen", when=past)
    make.scorecard(done_a, {"coding": 4})
    make.scorecard(done_b, {"coding": 4})
    # Candidates with a standing committee decision, for the admin's reopen page.
    decided_a = make.candidate(req_a, name="Dee Decided", stage="offer")
    decided_b = make.candidate(req_b, name="Dan Decided", stage="offer")
    decision_a = make.decision(decided_a, by=users["committee"])
    decision_b = make.decision(decided_b, by=users["committee_b"])
    # Calibration attempts (Training): each interviewer's own results.
    attempt_a = make.calibration_attempt(users["interviewer"])
    attempt_b = make.calibration_attempt(users["interviewer_b"])
    # API tokens (the account's token page): each interviewer's own.
    token_a = make.api_token(users["interviewer"])
    token_b = make.api_token(users["interviewer_b"])
    # Mail outbox messages (admins read every one): to each interviewer.
    mail_a = _outbox_message(make, users["interviewer"])
    mail_b = _outbox_message(make, users["interviewer_b"])
    world = World(users=users)
    world.objects = {
        "document": {"own": _document(make, cand_a), "other": _document(make, cand_b)},
        "outbox_message": {"own": mail_a, "other": mail_b},
        "api_token": {"own": token_a, "other": token_b},
        "calibration_attempt": {"own": attempt_a, "other": attempt_b},
        "decision": {"own": decision_a, "other": decision_b},
        "scored_candidate": {"own": scored_a, "other": scored_b},
        "scored_interview": {"own": done_a, "other": done_b},
        "requisition": {"own": req_a, "other": req_b},
        "candidate": {"own": cand_a, "other": cand_b},
        "interview": {"own": iv_a, "other": iv_b},
        "user": {"own": users["interviewer"], "other": users["interviewer_b"]},
    }
    return world


def _document(make: Factory, candidate: Any) -> Any:
    """A résumé of the candidate (read by their recruiters, committee and interviewers)."""
    from hiring.documents.sample import simple_pdf
    from hiring.models import CandidateDocument

    data = simple_pdf("CV")
    with make.session() as s:
        document = CandidateDocument(candidate_id=candidate.id, filename="CV.pdf", size=len(data),
                                     sha256="0" * 64, data=data)
        s.add(document)
        s.flush()
        return document


def _outbox_message(make: Factory, user: Any) -> Any:
    from hiring.models import OutboxMessage

    with make.session() as s:
        message = OutboxMessage(kind="reminder", recipient_id=user.id, to_address=user.email,
                                subject="Scorecard due", text_body="Text", html_body="<p>HTML</p>")
        s.add(message)
        s.flush()
        return message
