"""The audit trail's rows as sentences: who and what each event names, as they are now.

The trail stores ids (and withholds a candidate's personal data, see
``hiring.services.audit``); this module loads, for one page of events at once, the people,
candidates, requisitions, interviews, scorecards and decisions those ids point at, and hands
``hiring.domain.audit_sentences`` plain ``Ref``s. An erased candidate reads as "an erased
candidate" and is never linked; a ref is openable only when the viewer may open its page
(the same predicates as the pages themselves).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hiring.domain.audit_sentences import Facts, Part, Ref, full_stop, sentence
from hiring.extensions import db
from hiring.models import Candidate, CommitteeDecision, Interview, Requisition, Scorecard, User
from hiring.permissions import can_score_interview, can_view_candidate, can_view_requisition

ERASED_CANDIDATE = "an erased candidate"
# Labels of events no signed-in user caused, as a sentence names them.
SYSTEM_ACTORS = {"cli": "someone at the command line", "hiring demo": "the demo loader"}


@dataclass(frozen=True)
class AuditLine:
    """One event of the page: the row, its sentence, the refs the viewer may open, and the
    row as JSON (the raw event, one click away)."""

    row: Any
    parts: tuple[Part, ...]
    openable: frozenset[tuple[str, str]]
    raw: str

    @property
    def stop(self) -> str:
        return full_stop(self.parts)


@dataclass
class _Loaded:
    users: dict[int, User] = field(default_factory=dict)
    candidates: dict[int, Candidate] = field(default_factory=dict)
    requisitions: dict[int, Requisition] = field(default_factory=dict)
    interviews: dict[int, Interview] = field(default_factory=dict)
    scorecards: dict[int, int] = field(default_factory=dict)  # scorecard id -> interview id
    decisions: dict[int, CommitteeDecision] = field(default_factory=dict)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _ids(values: Iterable[Any]) -> set[int]:
    return {i for i in (_int(v) for v in values) if i is not None}


def _object_ids(rows: Sequence[Any], kind: str) -> set[int]:
    return _ids(r.object_id for r in rows if r.object_type == kind)


def _after(row: Any, key: str) -> Any:
    return (row.after or {}).get(key)


def _load(rows: Sequence[Any]) -> _Loaded:
    """Everything the page's events name, a few statements whatever the page size."""
    found = _Loaded()
    card_ids = _object_ids(rows, "scorecard")
    if card_ids:
        rows_of_cards = db.session.execute(
            select(Scorecard.id, Scorecard.interview_id).where(Scorecard.id.in_(card_ids)))
        found.scorecards = {row.id: row.interview_id for row in rows_of_cards}
    interview_ids = (_object_ids(rows, "interview") | set(found.scorecards.values())
                     | _ids(_after(r, "interview_id") for r in rows))
    if interview_ids:
        found.interviews = {i.id: i for i in db.session.scalars(
            select(Interview).where(Interview.id.in_(interview_ids)))}
    decision_ids = _object_ids(rows, "committeedecision")
    if decision_ids:
        found.decisions = {d.id: d for d in db.session.scalars(
            select(CommitteeDecision).where(CommitteeDecision.id.in_(decision_ids)))}
    candidate_ids = (_object_ids(rows, "candidate") | _ids(_after(r, "candidate_id") for r in rows)
                     | {i.candidate_id for i in found.interviews.values()}
                     | {d.candidate_id for d in found.decisions.values()})
    if candidate_ids:
        found.candidates = {c.id: c for c in db.session.scalars(
            select(Candidate).where(Candidate.id.in_(candidate_ids)).options(
                selectinload(Candidate.requisition).selectinload(Requisition.recruiters),
                selectinload(Candidate.requisition).selectinload(Requisition.committee)))}
    requisition_ids = (_object_ids(rows, "requisition")
                       | _ids(_after(r, "requisition_id") for r in rows)) - {
        c.requisition_id for c in found.candidates.values()}
    found.requisitions = {c.requisition_id: c.requisition for c in found.candidates.values()}
    if requisition_ids:
        found.requisitions.update({r.id: r for r in db.session.scalars(
            select(Requisition).where(Requisition.id.in_(requisition_ids)).options(
                selectinload(Requisition.recruiters), selectinload(Requisition.committee)))})
    user_ids = (_ids(r.actor_id for r in rows) | _object_ids(rows, "user")
                | _ids(_after(r, "user_id") for r in rows)
                | _ids(_after(r, "interviewer_id") for r in rows)
                | _ids((r.before or {}).get("interviewer_id") for r in rows)
                | {i.interviewer_id for i in found.interviews.values()})
    if user_ids:
        found.users = {u.id: u for u in db.session.scalars(
            select(User).where(User.id.in_(user_ids)))}
    return found


def _user(found: _Loaded, user_id: Any, fallback: str = "") -> Ref | None:
    uid = _int(user_id)
    if uid is None:
        return None
    user = found.users.get(uid)
    if user is None:
        return Ref("user", str(uid), fallback or "a removed user", gone=True)
    return Ref("user", str(uid), user.name)


def _candidate(found: _Loaded, candidate_id: Any) -> Ref | None:
    cid = _int(candidate_id)
    if cid is None:
        return None
    candidate = found.candidates.get(cid)
    if candidate is None:
        return Ref("candidate", str(cid), "a removed candidate", gone=True)
    if candidate.erased:
        return Ref("candidate", str(cid), ERASED_CANDIDATE, gone=True)
    return Ref("candidate", str(cid), candidate.name)


def _requisition(found: _Loaded, requisition_id: Any) -> Ref | None:
    rid = _int(requisition_id)
    if rid is None:
        return None
    requisition = found.requisitions.get(rid)
    if requisition is None:
        return Ref("requisition", str(rid), "a removed requisition", gone=True)
    return Ref("requisition", str(rid), requisition.title)


def facts_of(row: Any, found: _Loaded) -> Facts:
    """The event's plain facts, from the objects ``_load`` found."""
    refs: dict[str, Ref | None] = {"actor": _user(found, row.actor_id, row.actor_label)}
    if row.actor_id is None and row.actor_label:
        label = SYSTEM_ACTORS.get(row.actor_label, row.actor_label)
        refs["actor"] = Ref("system", "", label, gone=True)
    kind, detail = row.object_type, ""  # detail: free text read from the object's row
    if kind == "user":
        refs["object"] = _user(found, row.object_id)
    elif kind == "candidate":
        refs["object"] = refs["candidate"] = _candidate(found, row.object_id)
    elif kind == "requisition":
        refs["object"] = _requisition(found, row.object_id)
    elif kind in ("interview", "scorecard"):
        interview_id = (_int(row.object_id) if kind == "interview"
                        else found.scorecards.get(_int(row.object_id) or 0))
        interview = found.interviews.get(interview_id or 0)
        if interview is not None:
            refs["object"] = Ref("interview", str(interview.id), "the interview")
            refs["candidate"] = _candidate(found, interview.candidate_id)
            refs["interviewer"] = _user(found, interview.interviewer_id)
        else:
            refs["candidate"] = _candidate(found, _after(row, "candidate_id"))
    elif kind == "committeedecision":
        decision = found.decisions.get(_int(row.object_id) or 0)
        if decision is not None:
            refs["decision"] = Ref("decision", str(decision.id), "the decision")
            refs["candidate"] = _candidate(found, decision.candidate_id)
            candidate = found.candidates.get(decision.candidate_id)
            if row.action == "decision.reopened" and candidate and not candidate.erased:
                detail = decision.reopen_reason
        else:
            refs["candidate"] = _candidate(found, _after(row, "candidate_id"))
    if "interviewer_id" in (row.after or {}):
        refs["interviewer"] = _user(found, _after(row, "interviewer_id"))
    refs["previous"] = _user(found, (row.before or {}).get("interviewer_id"))
    refs["user"] = _user(found, _after(row, "user_id"))
    refs["requisition"] = _requisition(found, _after(row, "requisition_id"))
    named = {k: v for k, v in refs.items() if v is not None}
    return Facts(row.action, named, row.before or {}, row.after or {}, detail)


def _may_open(ref: Ref, viewer: User, found: _Loaded) -> bool:
    if ref.gone:
        return False
    key = _int(ref.id) or 0
    if ref.kind in ("user", "decision"):
        return viewer.has_role("admin")  # admin pages: role_required("admin")
    if ref.kind == "candidate":
        return can_view_candidate(viewer, found.candidates[key])
    if ref.kind == "requisition":
        return can_view_requisition(viewer, found.requisitions[key])
    if ref.kind == "interview":
        return can_score_interview(viewer, found.interviews[key])
    return False


def raw_event(row: Any) -> str:
    """The stored row as JSON, exactly as recorded (times in ISO 8601, UTC)."""
    return json.dumps({
        "id": row.id, "at": row.at.isoformat(), "actor_id": row.actor_id,
        "actor_label": row.actor_label, "action": row.action, "object_type": row.object_type,
        "object_id": row.object_id, "before": row.before, "after": row.after, "ip": row.ip,
    }, indent=2, ensure_ascii=False)


def audit_lines(rows: Sequence[Any], viewer: User) -> list[AuditLine]:
    """One ``AuditLine`` per row of ``audit_rows``, in the rows' order."""
    found = _load(rows)
    lines = []
    for row in rows:
        facts = facts_of(row, found)
        openable = frozenset((r.kind, r.id) for r in facts.refs.values()
                             if _may_open(r, viewer, found))
        lines.append(AuditLine(row, sentence(facts), openable, raw_event(row)))
    return lines
