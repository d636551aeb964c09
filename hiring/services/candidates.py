"""Candidates: adding them to a requisition, editing them, and moving them through the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select

from hiring.database import utcnow
from hiring.domain.pipeline import (
    APPLIED,
    PassedRound,
    allowed_move,
    passed_rounds,
    stage_ids,
    stage_label,
)
from hiring.extensions import db
from hiring.models import Candidate, Requisition, StageMove, User
from hiring.queries.interviews import standing_decision
from hiring.queries.rounds import scored_stages
from hiring.services import audit, evaluations
from hiring.services.errors import ServiceError, ValidationFailed

LIMITS = {"name": 200, "email": 254, "source": 120, "links": 10_000, "notes": 20_000}
MAX_LINK = 2000
MAX_NOTE = 2000  # a move's note


@dataclass(frozen=True)
class CandidateData:
    name: str
    email: str = ""
    source: str = ""
    links: str = ""  # one URL per line, as typed
    notes: str = ""


def parse_links(text: str) -> tuple[list[str], list[str]]:
    """(the web addresses, one per non-empty line; a message per line that is not one)."""
    links, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        link = line.strip()
        if not link:
            continue
        parts = urlsplit(link)
        if (parts.scheme.lower() not in ("http", "https") or not parts.hostname
                or any(ch.isspace() for ch in link) or len(link) > MAX_LINK):
            problems.append(f"Line {number} is not an http(s) web address: {link[:80]}")
        else:
            links.append(link)
    return links, problems


def _clean(data: CandidateData, requisition: Requisition,
           candidate: Candidate | None = None) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    values = {"name": data.name.strip(), "email": data.email.strip().lower(),
              "source": data.source.strip(), "notes": data.notes.strip()}
    if not values["name"]:
        errors["name"] = ["Enter the candidate's name."]
    links, problems = parse_links(data.links)
    if problems:
        errors["links"] = problems
    values["links"] = "\n".join(links)
    for field, limit in LIMITS.items():
        if len(values[field]) > limit and field not in errors:
            errors[field] = [f"Use at most {limit} characters."]
    if values["email"] and "email" not in errors:
        if "@" not in values["email"].strip("@"):
            errors["email"] = ["Enter an email address like name@example.com."]
        elif _email_taken(requisition, values["email"], candidate):
            errors["email"] = ["A candidate with this email is on this requisition already."]
    if errors:
        raise ValidationFailed(errors)
    return values


def _email_taken(requisition: Requisition, email: str, candidate: Candidate | None) -> bool:
    query = select(Candidate.id).where(Candidate.requisition_id == requisition.id,
                                       func.lower(Candidate.email) == email)
    if candidate is not None:
        query = query.where(Candidate.id != candidate.id)
    return db.session.scalar(query.limit(1)) is not None


def _facts(candidate: Candidate) -> dict[str, Any]:
    return {"name": candidate.name, "email": candidate.email, "source": candidate.source,
            "links": candidate.link_list, "notes": candidate.notes}


def add_candidate(requisition: Requisition, data: CandidateData,
                  actor: User | None = None) -> Candidate:
    """A new candidate in the ``applied`` stage, with that first step in their history.

    Raises ValidationFailed for bad fields and ServiceError on a closed requisition.
    """
    if not requisition.is_open:
        raise ServiceError("This requisition is closed: reopen it to add candidates.")
    values = _clean(data, requisition)
    now = utcnow()
    candidate = Candidate(requisition=requisition, stage=APPLIED, stage_entered_at=now,
                          **values)
    candidate.moves.append(StageMove(from_stage=None, to_stage=APPLIED, moved_by=actor,
                                     moved_at=now))
    db.session.add(candidate)
    db.session.flush()
    audit.record("candidate.created", candidate, actor=actor,
                 after={"requisition_id": requisition.id, "stage": APPLIED, **_facts(candidate)})
    evaluations.refresh_one(candidate)
    return candidate


def update_candidate(candidate: Candidate, data: CandidateData,
                     actor: User | None = None) -> bool:
    """Change a candidate's facts; True when something changed (audited with before/after)."""
    values = _clean(data, candidate.requisition, candidate)
    before = _facts(candidate)
    for field, value in values.items():
        setattr(candidate, field, value)
    old, new = audit.changes(before, _facts(candidate))
    if not new:
        return False
    db.session.flush()
    audit.record("candidate.updated", candidate, actor=actor, before=old, after=new)
    evaluations.refresh_one(candidate)
    return True


def has_standing_offer(candidate: Candidate) -> bool:
    """Does the committee's standing (not reopened) decision on the candidate make an offer?"""
    decision = standing_decision(candidate.id)
    return decision is not None and decision.decision == "offer"


class ConfirmationNeeded(ValidationFailed):
    """The move passes rounds with unscored interviews; the recruiter must confirm it."""

    def __init__(self, rounds: list[PassedRound]) -> None:
        self.rounds = rounds
        lines = "; ".join(r.describe() for r in rounds if r.needs_confirmation)
        super().__init__({"confirm": [
            f"This move passes interviews with no submitted scorecard ({lines}). Tick "
            "the box to confirm the move; it is recorded with the candidate's history."]})


def move_candidate(candidate: Candidate, to_stage: str, note: str = "",
                   actor: User | None = None, confirm_unscored: bool = False) -> StageMove:
    """Move a candidate to another stage of their requisition's pipeline, recording who and when.

    The pipeline's rules decide which moves are allowed (``allowed_move``): ``offer`` needs
    the committee's standing offer decision and ``hired`` follows ``offer``. A forward move
    past a round with interviews that have no submitted scorecard needs
    ``confirm_unscored`` (ConfirmationNeeded otherwise), except skipping an optional round
    outright; either way the move records those rounds. Raises ValidationFailed (field
    ``stage``, ``note`` or ``confirm``).
    """
    rubric = candidate.requisition.rubric_version.rubric
    note = note.strip()
    if to_stage not in stage_ids(rubric):
        raise ValidationFailed({"stage": ["Choose a stage of this requisition's pipeline."]})
    if to_stage == candidate.stage:
        raise ValidationFailed({"stage": [
            f"{candidate.name} is in {stage_label(rubric, to_stage)} already."]})
    if len(note) > MAX_NOTE:
        raise ValidationFailed({"note": [f"Use at most {MAX_NOTE} characters."]})
    if reason := allowed_move(candidate.stage, to_stage, has_standing_offer(candidate)):
        raise ValidationFailed({"stage": [reason]})
    passed = passed_rounds(rubric, candidate.stage, to_stage, scored_stages(candidate.id))
    if not confirm_unscored and any(r.needs_confirmation for r in passed):
        raise ConfirmationNeeded(passed)
    record = [{"round": r.round.id, "name": r.round.name, "skipped": r.skipped,
               "unscored": [s.id for s in r.unscored], "confirmed": r.needs_confirmation}
              for r in passed]
    now = utcnow()
    before = candidate.stage
    move = StageMove(from_stage=before, to_stage=to_stage, note=note, moved_by=actor,
                     moved_at=now, passed_rounds=record)
    candidate.moves.append(move)
    candidate.stage = to_stage
    candidate.stage_entered_at = now
    db.session.flush()
    after: dict[str, Any] = {"stage": to_stage, "note": note}
    if record:
        after["passed_rounds"] = record
    audit.record("candidate.moved", candidate, actor=actor, before={"stage": before},
                 after=after)
    evaluations.refresh_one(candidate)
    return move
