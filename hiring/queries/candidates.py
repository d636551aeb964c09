"""The recruiter's lists: their requisitions, and candidates across them, filtered and paged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from hiring.domain.pipeline import STATUSES, TERMINAL
from hiring.extensions import db
from hiring.models import Candidate, Requisition, User
from hiring.models.requisition import requisition_recruiters


def recruiter_requisitions(user: User, status: str | None = None) -> list[Requisition]:
    """Requisitions the user recruits on, open ones first, then by title."""
    query = (select(Requisition)
             .join(requisition_recruiters,
                   requisition_recruiters.c.requisition_id == Requisition.id)
             .where(requisition_recruiters.c.user_id == user.id)
             .order_by(Requisition.status.desc(), Requisition.title, Requisition.id))
    if status:
        query = query.where(Requisition.status == status)
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class CandidateFilters:
    """The list's filters, already checked: unknown values are dropped, not obeyed."""

    requisition_id: int | None = None
    stage: str = ""
    status: str = ""
    text: str = ""

    @classmethod
    def from_args(cls, args: dict[str, str], requisition_ids: Sequence[int],
                  stages: Sequence[str]) -> CandidateFilters:
        raw = args.get("requisition", "")
        requisition_id = int(raw) if raw.isdigit() and int(raw) in requisition_ids else None
        stage = args.get("stage", "")
        status = args.get("status", "")
        return cls(requisition_id=requisition_id,
                   stage=stage if stage in stages else "",
                   status=status if status in STATUSES else "",
                   text=args.get("q", "").strip()[:200])

    def args(self) -> dict[str, str | int]:
        """As URL arguments, for links that keep the filters (pagination)."""
        values = {"requisition": self.requisition_id, "stage": self.stage,
                  "status": self.status, "q": self.text}
        return {k: v for k, v in values.items() if v}

    @property
    def active(self) -> bool:
        return bool(self.args())


def candidate_query(requisition_ids: Sequence[int], filters: CandidateFilters,
                    ) -> Select[tuple[Candidate]]:
    """Candidates on these requisitions matching the filters, newest first."""
    query = (select(Candidate)
             .options(selectinload(Candidate.requisition))
             .where(Candidate.requisition_id.in_(list(requisition_ids)))
             .order_by(Candidate.created_at.desc(), Candidate.id.desc()))
    if filters.requisition_id:
        query = query.where(Candidate.requisition_id == filters.requisition_id)
    if filters.stage:
        query = query.where(Candidate.stage == filters.stage)
    if filters.status == "active":
        query = query.where(Candidate.stage.not_in(TERMINAL))
    elif filters.status:
        query = query.where(Candidate.stage == filters.status)
    if filters.text:
        needle = filters.text.lower()
        query = query.where(or_(func.lower(Candidate.name).contains(needle, autoescape=True),
                                func.lower(Candidate.email).contains(needle, autoescape=True)))
    return query


def candidate_page(requisition_ids: Sequence[int], filters: CandidateFilters, page: int,
                   per_page: int) -> Pagination:
    """One page of candidates: a count and one select, whatever the page size."""
    return db.paginate(candidate_query(requisition_ids, filters), page=max(page, 1),
                       per_page=per_page, error_out=False)
