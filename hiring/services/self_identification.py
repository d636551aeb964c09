"""Voluntary self-identification: one-time links and the answers they collect.

A recruiter creates a link for a candidate; only the token's SHA-256 is stored, so the link
is shown once and never again. The answer is written to its own table and changes nothing
else about the candidate. Services only flush; the view commits.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from hiring.database import utcnow
from hiring.domain.tokens import token_hash
from hiring.extensions import db
from hiring.models import Candidate, SelfIdentification, SelfIdInvitation, User
from hiring.models.self_identification import GENDER_VALUES, INVITATION_DAYS, RACE_VALUES
from hiring.services import audit
from hiring.services.errors import ServiceError, ValidationFailed

TOKEN_BYTES = 32
MAX_TOKEN = 100  # longer input cannot be one of ours: refused before hashing


@dataclass(frozen=True)
class NewInvitation:
    invitation: SelfIdInvitation
    token: str  # shown once to the recruiter; never stored


def create_invitation(candidate: Candidate, actor: User | None,
                      days: int = INVITATION_DAYS, now: dt.datetime | None = None
                      ) -> NewInvitation:
    """A new one-time link for the candidate, valid ``days`` days. Earlier open links stay
    valid until used or expired (a recruiter may have sent one already).

    Raises ServiceError for an erased candidate (a tombstone takes no new personal data).
    Audits "self_identification.link_created" with the expiry only.
    """
    if candidate.erased:
        raise ServiceError("This candidate's data was erased: no new link can be created.")
    now = now or utcnow()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation = SelfIdInvitation(candidate_id=candidate.id, token_hash=token_hash(token),
                                  created_by_id=actor.id if actor else None, created_at=now,
                                  expires_at=now + dt.timedelta(days=days))
    db.session.add(invitation)
    db.session.flush()
    audit.record("self_identification.link_created", object_type="candidate",
                 object_id=candidate.id, actor=actor,
                 after={"invitation": invitation.id,
                        "expires_at": invitation.expires_at.isoformat()})
    return NewInvitation(invitation, token)


def find_invitation(token: str) -> SelfIdInvitation | None:
    """The invitation of a token, whatever its state; None for anything unknown."""
    if not token or len(token) > MAX_TOKEN:
        return None
    return db.session.scalar(select(SelfIdInvitation)
                             .where(SelfIdInvitation.token_hash == token_hash(token)))


class InvitationClosed(ServiceError):
    """The link was used already or has expired."""


def answer(invitation: SelfIdInvitation, gender: str, race_ethnicity: str,
           now: dt.datetime | None = None) -> SelfIdentification:
    """Store the candidate's answers and use up the link.

    The row is locked first, so two tabs posting at once store one answer. Raises
    InvitationClosed (used or expired) or ValidationFailed (a value no form of ours sends).
    Not audited with the answers: the trail is append-only and the answers are personal.
    """
    now = now or utcnow()
    locked = db.session.scalar(select(SelfIdInvitation).where(
        SelfIdInvitation.id == invitation.id).with_for_update()
        .execution_options(populate_existing=True))
    if locked is None or locked.state(now) != "open":
        raise InvitationClosed("This link was used already or has expired.")
    errors: dict[str, list[str]] = {}
    if gender not in GENDER_VALUES:
        errors["gender"] = ["Choose one of the options (or “Decline to answer”)."]
    if race_ethnicity not in RACE_VALUES:
        errors["race_ethnicity"] = ["Choose one of the options (or “Decline to answer”)."]
    if errors:
        raise ValidationFailed(errors)
    record = db.session.scalar(select(SelfIdentification).where(
        SelfIdentification.candidate_id == locked.candidate_id))
    if record is None:
        record = SelfIdentification(candidate_id=locked.candidate_id)
        db.session.add(record)
    record.gender, record.race_ethnicity, record.answered_at = gender, race_ethnicity, now
    locked.used_at = now
    db.session.flush()
    return record
