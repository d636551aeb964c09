"""The recruiter's lists: their requisitions, and candidates across them, filtered and paged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Select, select

from hiring.domain.pipeline import STATUSES, TERMINAL, status_of
from hiring.extensions import db
from hiring.models import Candidate, Requisition, RubricVersion, User
from hiring.models.requisition import requisition_recruiters
from hiring.queries.paging import Page, counted_page
from hiring.queries.search import matches_text
from hiring.queries.sorting import Sort, SortColumn, SortOptions, bytewise, caseless


@dataclass(frozen=True)
class RequisitionRow:
    """A requisition as lists show it: plain values, and its rubric version (one row per
    version, shared by the requisitions pinned to it) for stage names and the funnel."""

    id: int
    title: str
    team: str
    status: str
    rubric_version: RubricVersion

    @property
    def is_open(self) -> bool:
        return self.status == "open"


def recruiter_requisitions(user: User, status: str | None = None) -> list[RequisitionRow]:
    """Requisitions the user recruits on, open ones first, then by title: one statement."""
    query = (select(Requisition.id, Requisition.title, Requisition.team, Requisition.status,
                    RubricVersion)
             .join(RubricVersion, RubricVersion.id == Requisition.rubric_version_id)
             .join(requisition_recruiters,
                   requisition_recruiters.c.requisition_id == Requisition.id)
             .where(requisition_recruiters.c.user_id == user.id)
             .order_by(Requisition.status.desc(), Requisition.title, Requisition.id))
    if status:
        query = query.where(Requisition.status == status)
    return [RequisitionRow(*row) for row in db.session.execute(query)]


class ListedRequisition(Protocol):
    """What a candidate row needs of its requisition: a ``Requisition`` or a row above."""

    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def rubric_version(self) -> RubricVersion: ...


@dataclass(frozen=True)
class CandidateRow:
    """A candidate as the lists show it (plain values, no ORM entity), with the requisition
    the caller already holds, for its title and its rubric's stage names."""

    id: int
    name: str
    email: str
    source: str
    stage: str
    stage_entered_at: dt.datetime
    created_at: dt.datetime
    requisition_id: int
    requisition: ListedRequisition

    @property
    def status(self) -> str:
        return status_of(self.stage)


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


CANDIDATE_SORTS = SortOptions(
    columns={"name": SortColumn(bytewise(Candidate.search_key)),
             "requisition": SortColumn(caseless(Requisition.title)),
             "in_stage": SortColumn(Candidate.stage_entered_at, starts_descending=True,
                                    inverted=True),
             "source": SortColumn(caseless(Candidate.source)),
             "added": SortColumn(Candidate.created_at, starts_descending=True)},
    default=Sort("added", descending=True), tiebreak=Candidate.id)
# The same orders as a select, for screens too narrow for the table's header row.
CANDIDATE_SORT_CHOICES = (
    ("-added", "Newest first"), ("added", "Oldest first"), ("name", "Name, A to Z"),
    ("-name", "Name, Z to A"), ("-in_stage", "Longest in stage"),
    ("in_stage", "Shortest in stage"), ("requisition", "Requisition, A to Z"),
    ("-requisition", "Requisition, Z to A"), ("source", "Source, A to Z"),
    ("-source", "Source, Z to A"))


def candidate_query(requisition_ids: Sequence[int], filters: CandidateFilters,
                    sort: Sort = CANDIDATE_SORTS.default) -> Select[Any]:
    """The columns a list shows of candidates on these requisitions matching the filters,
    in ``sort``'s order (newest first by default)."""
    query = (select(Candidate.id, Candidate.name, Candidate.email, Candidate.source,
                    Candidate.stage, Candidate.stage_entered_at, Candidate.created_at,
                    Candidate.requisition_id)
             .where(Candidate.requisition_id.in_(list(requisition_ids)))
             .order_by(*CANDIDATE_SORTS.order_by(sort)))
    # Only the requisition order needs the title. Without the join, the newest-first page
    # is a walk down ix_candidates_newest, stopped after one page.
    if sort.key == "requisition":
        query = query.join(Requisition, Requisition.id == Candidate.requisition_id)
    if filters.requisition_id:
        query = query.where(Candidate.requisition_id == filters.requisition_id)
    if filters.stage:
        query = query.where(Candidate.stage == filters.stage)
    if filters.status == "active":
        query = query.where(Candidate.stage.not_in(TERMINAL))
    elif filters.status:
        query = query.where(Candidate.stage == filters.status)
    if filters.text and (found := matches_text(Candidate.search_key, filters.text)) is not None:
        query = query.where(found)
    return query


def candidate_page(requisitions: Mapping[int, ListedRequisition], filters: CandidateFilters,
                   page: int, per_page: int, sort: Sort = CANDIDATE_SORTS.default) -> Page:
    """One page of candidates on these requisitions (by id): a count and one select of
    columns, whatever the page size; each row carries its requisition from the mapping."""
    found = counted_page(candidate_query(list(requisitions), filters, sort), page, per_page)
    return found.with_items([CandidateRow(*row, requisition=requisitions[row.requisition_id])
                             for row in found.items])
