"""Erasing a candidate's personal data (GDPR Art. 17) and purging it after retention (Art. 5).

Erasure blanks every place that holds data about the person: the candidate's own fields,
stage-move notes, interview cancel reasons, scorecards (summaries, evidence, reasons, flag
notes, every revision's copy), committee decision texts, and deletes the cached PDF packets,
the attached documents (résumés) and the voluntary self-identification (answers and links).
The candidate row stays as a tombstone ("Erased candidate #ID") with its stage, times and
scores, so counts, the funnel and the committee's arithmetic stay right. The audit trail is
not touched: it never held the person's data (``hiring.services.audit`` withholds it), so it
stays append-only and countable; the access log names the candidate by id only.

Services only flush; the CLI command or view commits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, update

from hiring.database import utcnow
from hiring.domain.pipeline import TERMINAL
from hiring.extensions import db
from hiring.mail import outbox
from hiring.models import (
    Candidate,
    CommitteeDecision,
    Interview,
    Packet,
    Scorecard,
    ScorecardFlag,
    ScorecardRevision,
    ScorecardScore,
    SelfIdentification,
    SelfIdInvitation,
    StageMove,
    User,
)
from hiring.services import audit, evaluations
from hiring.services.documents import erase_documents
from hiring.services.errors import ServiceError, ValidationFailed

ERASED = "(erased)"  # stands in for a text that a check constraint wants non-empty
MAX_REASON = 500


def tombstone_name(candidate_id: int) -> str:
    return f"Erased candidate #{candidate_id}"


@dataclass(frozen=True)
class Erasure:
    """What one erasure blanked or deleted (counts only: they are safe to print and audit)."""

    candidate_id: int
    scorecards: int
    revisions: int
    decisions: int
    packets: int
    documents: int = 0

    def describe(self) -> str:
        return (f"candidate #{self.candidate_id} erased: {self.scorecards} scorecard(s), "
                f"{self.revisions} revision(s), {self.decisions} decision(s) blanked, "
                f"{self.packets} packet(s), {self.documents} document(s) deleted")


class AlreadyErased(ServiceError):
    """The candidate's data was erased before; nothing is left to erase."""


def check_reason(candidate: Candidate, reason: str) -> str:
    """The reason, stripped; it is kept on the append-only trail, so it must not name the
    person (ValidationFailed on ``reason`` when it is empty, too long or holds their name or
    email)."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": ["Say why the data is erased (e.g. the request's "
                                           "reference)."]})
    if len(reason) > MAX_REASON:
        raise ValidationFailed({"reason": [f"Use at most {MAX_REASON} characters."]})
    if "\x00" in reason:
        raise ValidationFailed({"reason": ["Remove the NUL character."]})
    for value in (candidate.name, candidate.email):
        value = (value or "").strip()
        if value and re.search(rf"(?<!\w){re.escape(value)}(?!\w)", reason, re.IGNORECASE):
            raise ValidationFailed({"reason": [
                "The reason is kept on the audit trail for good: do not name the candidate "
                "or give their email; use a reference such as the request's number."]})
    return reason


def _blank(text: str) -> str:
    return ERASED if text else ""


def _blank_content(content: dict[str, Any]) -> dict[str, Any]:
    """A scorecard revision's stored copy with every free text blanked (scores kept)."""
    scores = {cid: {**s, "evidence": "", "not_assessed_reason": _blank(
                        s.get("not_assessed_reason") or "")}
              for cid, s in (content.get("scores") or {}).items()}
    flags = [{**f, "note": "", "label": f.get("label") if f.get("id") else ERASED}
             for f in content.get("flags") or []]
    return {**content, "scores": scores, "flags": flags, "summary": ""}


def erase_candidate(candidate: Candidate, reason: str, actor: User | None = None,
                    *, via: str = "admin") -> Erasure:
    """Remove the candidate's personal data everywhere and keep a tombstone row.

    Raises AlreadyErased, or ValidationFailed (``reason``). Audits "candidate.erased" with
    counts and the reason, never the erased values.
    """
    if candidate.erased:
        raise AlreadyErased(f"{tombstone_name(candidate.id)} was erased already.")
    if via != "retention":  # the purge writes its own reason
        reason = check_reason(candidate, reason)
    cid = candidate.id
    now = utcnow()
    session = db.session
    card_ids = select(Scorecard.id).join(Interview, Scorecard.interview_id == Interview.id
                                         ).where(Interview.candidate_id == cid)
    cards = session.execute(
        update(Scorecard).where(Scorecard.id.in_(card_ids))
        .values(summary="", lock_version=Scorecard.lock_version + 1)  # open forms go stale
        .execution_options(synchronize_session=False)).rowcount
    session.execute(update(ScorecardScore).where(ScorecardScore.scorecard_id.in_(card_ids))
                    .values(evidence="")
                    .execution_options(synchronize_session=False))
    session.execute(update(ScorecardScore).where(ScorecardScore.scorecard_id.in_(card_ids),
                                                 ScorecardScore.not_assessed_reason != "")
                    .values(not_assessed_reason=ERASED)
                    .execution_options(synchronize_session=False))
    session.execute(update(ScorecardFlag).where(ScorecardFlag.scorecard_id.in_(card_ids))
                    .values(note="").execution_options(synchronize_session=False))
    session.execute(update(ScorecardFlag).where(ScorecardFlag.scorecard_id.in_(card_ids),
                                                ScorecardFlag.flag_id.is_(None))
                    .values(label=ERASED).execution_options(synchronize_session=False))
    revisions = session.scalars(select(ScorecardRevision).where(
        ScorecardRevision.scorecard_id.in_(card_ids))).all()
    for revision in revisions:
        revision.content = _blank_content(revision.content)
        revision.reason = _blank(revision.reason)
    session.execute(update(Interview).where(Interview.candidate_id == cid,
                                            Interview.cancel_reason != "")
                    .values(cancel_reason=ERASED).execution_options(synchronize_session=False))
    session.execute(update(StageMove).where(StageMove.candidate_id == cid)
                    .values(note="").execution_options(synchronize_session=False))
    decisions = session.scalars(select(CommitteeDecision).where(
        CommitteeDecision.candidate_id == cid)).all()
    for decision in decisions:
        decision.rationale = ERASED
        decision.override_justification = _blank(decision.override_justification)
        decision.reopen_reason = _blank(decision.reopen_reason)
    packets = session.execute(delete(Packet).where(Packet.candidate_id == cid)
                              .execution_options(synchronize_session=False)).rowcount
    documents = erase_documents(cid)
    for self_id_table in (SelfIdentification, SelfIdInvitation):  # kept apart, gone with them
        session.execute(delete(self_id_table).where(self_id_table.candidate_id == cid)
                        .execution_options(synchronize_session=False))
    outbox.forget_candidate(cid)  # queued and sent mails name them (reminders, invitations)
    candidate.name = tombstone_name(cid)
    candidate.email = candidate.source = candidate.links = candidate.notes = ""
    candidate.erased_at = now
    session.flush()
    session.expire_all()  # objects loaded before the bulk updates must not write old text back
    erasure = Erasure(cid, cards, len(revisions), len(decisions), packets, documents)
    audit.record("candidate.erased", object_type="candidate", object_id=cid, actor=actor,
                 actor_label=None if actor else f"hiring ({via})",
                 after={"erasure_reason": reason, "via": via, "scorecards": cards,
                        "revisions": erasure.revisions, "decisions": erasure.decisions,
                        "packets": packets, "documents": documents})
    evaluations.refresh_one(candidate)
    return erasure


# -- retention ------------------------------------------------------------------------------

def retention_cutoff(days: int, now: dt.datetime | None = None) -> dt.datetime:
    return (now or utcnow()) - dt.timedelta(days=days)


def _due(days: int, now: dt.datetime | None) -> tuple[ColumnElement[bool], ...]:
    """Not erased yet, and the terminal state (hired, rejected, ...) began before the
    retention period."""
    return (Candidate.erased_at.is_(None), Candidate.stage.in_(TERMINAL),
            Candidate.stage_entered_at < retention_cutoff(days, now))


def due_for_purge(days: int, now: dt.datetime | None = None) -> Sequence[Candidate]:
    """The candidates ``purge`` would erase now; oldest first."""
    return db.session.scalars(select(Candidate).where(*_due(days, now))
                              .order_by(Candidate.stage_entered_at, Candidate.id)).all()


def due_count(days: int, now: dt.datetime | None = None) -> int:
    """How many candidates ``purge`` would erase now (one COUNT, for the privacy page)."""
    return db.session.scalar(select(func.count(Candidate.id)).where(*_due(days, now))) or 0


def purge(days: int, now: dt.datetime | None = None) -> list[Erasure]:
    """Erase every candidate past retention. Safe to repeat and to overlap with another run:
    each row is locked before it is erased (PostgreSQL skips rows another run holds; SQLite
    serialises writers), and re-checked, so nobody is erased twice."""
    erased: list[Erasure] = []
    reason = f"Retention period of {days} days after the candidate's final state ended."
    for candidate_id in [due.id for due in due_for_purge(days, now)]:
        candidate = db.session.scalar(
            select(Candidate).where(Candidate.id == candidate_id, Candidate.erased_at.is_(None))
            .with_for_update(skip_locked=True).execution_options(populate_existing=True))
        if candidate is None:
            continue  # erased meanwhile, or another run holds it
        erased.append(erase_candidate(candidate, reason, via="retention"))
    return erased


def erased_count() -> int:
    return db.session.scalar(select(func.count(Candidate.id))
                             .where(Candidate.erased_at.is_not(None))) or 0
