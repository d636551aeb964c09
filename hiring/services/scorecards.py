"""Writing scorecards: drafts, the submission, amendments, all checked against the rubric.

Everything is validated again here against the requisition's pinned rubric version, so a
tampered request (a score off the scale, a criterion of another stage, an unknown flag)
changes nothing. Saves are optimistic: the form carries the scorecard's ``lock_version``
and a save made from an older copy is refused as stale, never merged. A re-sent submit
whose content is what was already submitted succeeds without storing anything, so a
double click stores exactly one submission.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from hiring.database import utcnow
from hiring.domain.rubric import Rubric, Stage
from hiring.extensions import db
from hiring.filters import format_datetime
from hiring.mail import debrief as debrief_mail
from hiring.models import (
    Interview,
    Scorecard,
    ScorecardFlag,
    ScorecardRevision,
    ScorecardScore,
    User,
)
from hiring.permissions import can_score_interview, is_open_for_scoring, is_open_for_submission
from hiring.queries.interviews import standing_decision
from hiring.services import audit, evaluations
from hiring.services.errors import ServiceError, StaleEdit, ValidationFailed
from hiring.services.scorecard_input import (
    MAX_TEXT,
    CriterionEntry,
    FlagEntry,
    ScorecardData,
    clean,
    content_of,
    draft_warnings,
    field_errors,
    refuse_tampering,
    same_content,
)

# The input types are part of this module's interface: callers build ScorecardData from here.
__all__ = ["CriterionEntry", "FlagEntry", "NotYetOpen", "Saved", "ScorecardChanged",
           "ScorecardData", "amend", "pinned_rubric", "save_draft", "submit"]

# -- results and errors ---------------------------------------------------------------------

@dataclass(frozen=True)
class Saved:
    scorecard: Scorecard
    already: bool = False  # a re-sent submit or amendment: nothing new was stored
    warnings: tuple[str, ...] = ()


class ScorecardChanged(StaleEdit):
    """The scorecard was saved elsewhere (another tab) since this form was loaded.

    ``lock_version`` is the stored row's: a form resent with it saves over that version.
    """

    def __init__(self, scorecard: Scorecard | None) -> None:
        self.saved_at: dt.datetime | None = scorecard.updated_at if scorecard else None
        self.submitted = bool(scorecard and scorecard.submitted)
        self.lock_version: int | None = scorecard.lock_version if scorecard else None
        when = f" at {format_datetime(self.saved_at, '%H:%M')}" if self.saved_at else ""
        what = "submitted" if self.submitted else "saved"
        super().__init__(f"This scorecard was {what} in another tab or window{when}. Nothing "
                         "was overwritten: what you typed is still below.")


# -- checks ---------------------------------------------------------------------------------

def pinned_rubric(interview: Interview) -> Rubric:
    return interview.candidate.requisition.rubric_version.rubric


def _context(interview: Interview, user: User) -> tuple[Rubric, Stage]:
    """The rubric and stage to score against; ServiceError when no scorecard may be written."""
    if not can_score_interview(user, interview):
        raise ServiceError("This interview is not assigned to you.")
    decision = standing_decision(interview.candidate_id)
    if not is_open_for_scoring(interview, decision):
        if decision is None:
            raise ServiceError("This interview was cancelled: it takes no scorecard. If it "
                               "should still take place, ask a recruiter of the requisition "
                               "to schedule it again.")
        # Never the decision itself: the interviewer may not have submitted yet.
        raise ServiceError(f"The committee has decided on {interview.candidate.name}: "
                           "scorecards for this candidate are closed. To submit or change "
                           "yours, ask an administrator to reopen the decision.")
    rubric = pinned_rubric(interview)
    stage = rubric.stage(interview.stage)
    if stage is None:
        raise ServiceError(f"The stage {interview.stage!r} is not in this requisition's rubric "
                           f"({rubric.title}); ask the recruiter to fix the interview.")
    return rubric, stage


class NotYetOpen(ServiceError):
    """Submitting (or amending) before the interview's scheduled start."""

    def __init__(self, interview: Interview) -> None:
        self.opens_at = interview.scheduled_at
        super().__init__(f"Submitting opens when the interview starts, on "
                         f"{format_datetime(self.opens_at)}. Until then you can save a draft.")


def _ensure_started(interview: Interview) -> None:
    """A scorecard describes an interview that happened: NotYetOpen before its start."""
    if not is_open_for_submission(interview, utcnow()):
        raise NotYetOpen(interview)


# -- storage --------------------------------------------------------------------------------

def _locked(interview: Interview, user: User) -> Scorecard | None:
    """The user's scorecard for the interview, read fresh and locked until commit.

    FOR UPDATE makes a concurrent save wait and then see the committed row (PostgreSQL);
    SQLite's write transactions are serialised already (BEGIN IMMEDIATE).
    """
    return db.session.scalar(
        select(Scorecard).where(Scorecard.interview_id == interview.id,
                                Scorecard.interviewer_id == user.id)
        .with_for_update().execution_options(populate_existing=True))


class _Raced(Exception):
    def __init__(self, existing: Scorecard | None) -> None:
        self.existing = existing


def _create(interview: Interview, user: User) -> Scorecard:
    """A new draft row; two first saves racing: the loser sees the winner's row."""
    card = Scorecard(interview_id=interview.id, interviewer_id=user.id,
                     rubric_version_id=interview.candidate.requisition.rubric_version_id,
                     status="draft", summary="", revision=0)
    try:
        with db.session.begin_nested():
            db.session.add(card)
            db.session.flush()
    except IntegrityError:
        raise _Raced(_locked(interview, user)) from None
    return card


def _write(card: Scorecard, interview: Interview, content: Mapping[str, Any]) -> None:
    """Make the rows say ``content``, updating rows in place (ids and uniqueness hold)."""
    card.rubric_version_id = interview.candidate.requisition.rubric_version_id
    wanted = content["scores"]
    for row in list(card.scores):
        if row.criterion_id not in wanted:
            card.scores.remove(row)
    for criterion_id, values in wanted.items():
        row = card.score_for(criterion_id)
        if row is None:
            row = ScorecardScore(criterion_id=criterion_id)
            card.scores.append(row)
        row.score = values["score"]
        row.not_assessed = values["not_assessed"]
        row.not_assessed_reason = values["not_assessed_reason"]
        row.evidence = values["evidence"]
    flags = {f["id"]: f for f in content["flags"]}
    for row in list(card.flags):
        if row.flag_id not in flags:
            card.flags.remove(row)
    for flag_id, values in flags.items():
        row = next((r for r in card.flags if r.flag_id == flag_id), None)
        if row is None:
            row = ScorecardFlag(flag_id=flag_id)
            card.flags.append(row)
        row.label, row.note = values["label"], values["note"]
    card.summary = content["summary"]
    card.recommendation = content["recommendation"]
    card.updated_at = utcnow()  # always an UPDATE of the row, so lock_version moves on


def _flush() -> None:
    try:
        db.session.flush()
    except StaleDataError:
        raise ScorecardChanged(None) from None


def _filled(content: Mapping[str, Any]) -> list[str]:
    return [cid for cid, s in content["scores"].items()
            if s["score"] is not None or s["not_assessed"]]


def _scores(content: Mapping[str, Any]) -> dict[str, int | None]:
    return {cid: s["score"] for cid, s in content["scores"].items()}


def _open_card(interview: Interview, user: User, lock_version: int | None,
               content: Mapping[str, Any], resend_ok: bool) -> tuple[Scorecard | None, bool]:
    """The locked row to write (None: none yet) and whether this is a harmless re-send.

    Raises ScorecardChanged when the form is older than the row.
    """
    card = _locked(interview, user)
    if card is not None and resend_ok and card.submitted and same_content(card, content):
        return card, True
    if card is not None and lock_version != card.lock_version:
        raise ScorecardChanged(card)
    return card, False


def _first_row(interview: Interview, user: User, content: Mapping[str, Any],
               resend_ok: bool) -> tuple[Scorecard, bool]:
    try:
        return _create(interview, user), False
    except _Raced as raced:
        other = raced.existing
        if other is not None and resend_ok and other.submitted and same_content(other, content):
            return other, True
        raise ScorecardChanged(other) from None


# -- use cases ------------------------------------------------------------------------------

def save_draft(interview: Interview, user: User, data: ScorecardData,
               lock_version: int | None) -> Saved:
    """Store what is typed so far (incomplete is fine); the scorecard is created on first save.

    Raises ServiceError (not allowed / tampered input), ScorecardChanged (stale form) or
    ValidationFailed (input that cannot be stored as typed).
    """
    rubric, stage = _context(interview, user)
    refuse_tampering(rubric, stage, data)
    content = content_of(rubric, stage, data)
    card, _ = _open_card(interview, user, lock_version, content, resend_ok=False)
    if card is not None and card.submitted:
        raise ServiceError("This scorecard is submitted: it can no longer be saved as a draft. "
                           "Use “Amend” to change it.")
    if errors := field_errors(rubric, stage, data, complete=False):
        raise ValidationFailed(errors)
    created = card is None
    if card is None:
        card, _ = _first_row(interview, user, content, resend_ok=False)
    _write(card, interview, content)
    _flush()
    audit.record("scorecard.draft_saved", card, actor=user,
                 after={"interview_id": interview.id, "filled": _filled(content),
                        "flags": len(content["flags"])})
    if created:  # a draft is never shown, but its author's name tells namesakes apart
        evaluations.refresh_one(interview.candidate)
    return Saved(card, warnings=draft_warnings(rubric, stage, data))


def submit(interview: Interview, user: User, data: ScorecardData,
           lock_version: int | None) -> Saved:
    """Submit the scorecard: every criterion scored (with evidence) or not assessed (with a
    reason), every raised flag explained. Stores revision 1. A re-sent identical submit
    answers ``already=True`` and stores nothing.

    Raises ServiceError (NotYetOpen before the interview's start), ScorecardChanged or
    ValidationFailed.
    """
    rubric, stage = _context(interview, user)
    _ensure_started(interview)
    refuse_tampering(rubric, stage, data)
    content = content_of(rubric, stage, data)
    card, already = _open_card(interview, user, lock_version, content, resend_ok=True)
    if already:
        return Saved(card, already=True)  # type: ignore[arg-type]
    if card is not None and card.submitted:
        raise ServiceError("This scorecard is submitted already. Use “Amend” to change it.")
    if errors := field_errors(rubric, stage, data, complete=True):
        raise ValidationFailed(errors)
    if card is None:
        card, already = _first_row(interview, user, content, resend_ok=True)
        if already:
            return Saved(card, already=True)
    _write(card, interview, content)
    now = utcnow()
    card.status, card.revision = "submitted", 1
    card.first_submitted_at = card.submitted_at = now
    _flush()
    db.session.add(ScorecardRevision(scorecard_id=card.id, number=1, content=card.content(),
                                     submitted_by_id=user.id, submitted_at=now))
    _flush()
    audit.record("scorecard.submitted", card, actor=user,
                 after={"interview_id": interview.id, "revision": 1,
                        "scores": _scores(content),
                        "flags": [f["id"] or "other" for f in content["flags"]]})
    evaluations.refresh_one(interview.candidate)
    debrief_mail.notify_if_ready(interview.candidate)
    return Saved(card)


def amend(interview: Interview, user: User, data: ScorecardData, reason: str,
          lock_version: int | None) -> Saved:
    """Change a submitted scorecard before the committee decides: a new revision with a
    reason; revision 1 stays as it was. A re-sent identical amendment stores nothing.

    Raises ServiceError (NotYetOpen before the interview's start), ScorecardChanged or
    ValidationFailed.
    """
    rubric, stage = _context(interview, user)
    _ensure_started(interview)
    refuse_tampering(rubric, stage, data)
    content = content_of(rubric, stage, data)
    card = _locked(interview, user)
    if card is None or not card.submitted:
        raise ServiceError("Only a submitted scorecard can be amended; submit it first.")
    if lock_version != card.lock_version:
        if same_content(card, content):
            return Saved(card, already=True)
        raise ScorecardChanged(card)
    errors = field_errors(rubric, stage, data, complete=True)
    reason = clean(reason)
    if not reason:
        errors.setdefault("reason", []).append("Say why you are amending the scorecard.")
    elif len(reason) > MAX_TEXT:
        errors.setdefault("reason", []).append(f"Keep this under {MAX_TEXT:,} characters.")
    if not errors and same_content(card, content):
        errors[""] = ["Nothing changed: change a score, a note, a flag or your "
                      "recommendation, or cancel."]
    if errors:
        raise ValidationFailed(errors)
    old_scores, new_scores = audit.changes(_scores(card.content()), _scores(content))
    _write(card, interview, content)
    now = utcnow()
    card.revision += 1
    card.submitted_at = now
    _flush()
    db.session.add(ScorecardRevision(scorecard_id=card.id, number=card.revision,
                                     content=card.content(), reason=reason,
                                     submitted_by_id=user.id, submitted_at=now))
    _flush()
    audit.record("scorecard.amended", card, actor=user,
                 before={"revision": card.revision - 1, "scores": old_scores},
                 after={"revision": card.revision, "scores": new_scores})
    evaluations.refresh_one(interview.candidate)
    return Saved(card)
