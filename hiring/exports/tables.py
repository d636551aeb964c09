"""The rows of each CSV download, read with the same queries and predicates as the pages."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from hiring.extensions import db
from hiring.models import AuditEvent, Candidate, Interview, Requisition, Scorecard, User
from hiring.permissions import can_view_colleague_scorecards

Rows = tuple[tuple[str, ...], Iterable[Sequence[object]]]
EXPORT_LIMIT = 50_000  # rows: a download is for a spreadsheet, not a backup


def _when(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def candidate_rows(query: Select[Any], titles: Mapping[int, str]) -> Rows:
    """The candidate list's column query (its filters applied), every row rather than one
    page; ``titles`` names the requisitions the list covers."""
    headers = ("id", "name", "email", "requisition", "stage", "source", "added")
    rows = ((r.id, r.name, r.email, titles[r.requisition_id], r.stage, r.source,
             _when(r.created_at))
            for r in db.session.execute(query.limit(EXPORT_LIMIT)))
    return headers, rows


def scorecard_rows(user: User, requisition: Requisition) -> Rows:
    """One row per scored criterion of the scorecards ``user`` may read on the requisition:
    their own, and colleagues' submitted ones only where ``can_view_colleague_scorecards``
    holds (nothing of the viewer's on that candidate is pending), exactly as the pages."""
    headers = ("candidate id", "candidate", "interview stage", "interviewer", "status",
               "revision", "submitted", "criterion", "score", "not assessed", "evidence",
               "red flags", "summary")
    candidates = list(db.session.scalars(
        select(Candidate).where(Candidate.requisition_id == requisition.id)
        .order_by(Candidate.name, Candidate.id)))
    readable = {c.id for c in candidates if can_view_colleague_scorecards(user, c)}
    cards = db.session.scalars(
        select(Scorecard).join(Interview, Scorecard.interview_id == Interview.id)
        .join(Candidate, Interview.candidate_id == Candidate.id)
        .where(Candidate.requisition_id == requisition.id, Interview.status != "cancelled",
               Scorecard.interviewer_id == Interview.interviewer_id)
        .options(joinedload(Scorecard.interview).joinedload(Interview.candidate),
                 joinedload(Scorecard.interviewer), selectinload(Scorecard.scores),
                 selectinload(Scorecard.flags))
        .order_by(Candidate.name, Candidate.id, Interview.scheduled_at, Scorecard.id)).unique()
    rows = []
    for card in cards:
        candidate = card.interview.candidate
        own = card.interviewer_id == user.id
        if not own and not (card.submitted and candidate.id in readable):
            continue
        flags = "; ".join(f"{f.flag_id or f.label}: {f.note}".rstrip(": ") for f in card.flags)
        for score in card.scores or [None]:
            rows.append((candidate.id, candidate.name, card.interview.stage,
                         card.interviewer.name, card.status, card.revision,
                         _when(card.submitted_at), score.criterion_id if score else "",
                         score.score if score else "", "yes" if score and score.not_assessed
                         else "", score.evidence if score else "", flags, card.summary))
    return headers, rows


def overdue_rows(query: Select[Any], now: dt.datetime) -> Rows:
    """The overdue page's column query (``hiring.queries.overdue.overdue_rows``), every row."""
    headers = ("interview id", "candidate", "requisition", "stage", "interviewer",
               "interviewer email", "ended", "hours overdue")
    rows = ((r.interview_id, r.candidate_name, r.requisition_title, r.stage, r.interviewer_name,
             r.interviewer_email, _when(r.ends_at),
             int((now - r.ends_at).total_seconds() // 3600))
            for r in db.session.execute(query.limit(EXPORT_LIMIT)))
    return headers, rows


def audit_rows(query: Select[tuple[AuditEvent]]) -> Rows:
    headers = ("id", "at", "actor", "action", "object type", "object id", "before", "after",
               "address")
    rows = ((e.id, _when(e.at), e.actor_label, e.action, e.object_type, e.object_id,
             _json(e.before), _json(e.after), e.ip)
            for e in db.session.scalars(query.limit(EXPORT_LIMIT)))
    return headers, rows


def _json(value: object) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
