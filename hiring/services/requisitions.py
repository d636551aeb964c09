"""Requisitions: opening, editing, closing and reopening, and moving to a newer rubric version."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update

from hiring.domain.pipeline import stage_ids
from hiring.extensions import db
from hiring.models import (
    Candidate,
    Interview,
    Requisition,
    RubricVersion,
    Scorecard,
    StageMove,
    User,
)
from hiring.models.requisition import REQUISITION_STATUSES, VISIBILITY_POLICIES
from hiring.services import audit, evaluations
from hiring.services.errors import ServiceError, ValidationFailed
from hiring.services.rubrics import latest_version_of, latest_versions
from hiring.services.users import users_with_role

MAX_TITLE = 200
MAX_TEAM = 120
MAX_DESCRIPTION = 20_000


@dataclass(frozen=True)
class RequisitionData:
    """What a recruiter types into the requisition form (ids are user ids)."""

    title: str
    team: str = ""
    description: str = ""
    recruiter_ids: Sequence[int] = ()
    hiring_manager_id: int | None = None
    committee_ids: Sequence[int] = ()
    visibility: str = "after_submit"


def snapshot(requisition: Requisition) -> dict[str, Any]:
    """The audited facts of a requisition: people by email, the rubric by version hash."""
    manager = requisition.hiring_manager
    return {
        "title": requisition.title,
        "team": requisition.team,
        "description": requisition.description,
        "status": requisition.status,
        "scorecard_visibility": requisition.scorecard_visibility,
        "rubric": requisition.rubric_version.rubric_key,
        "rubric_version": requisition.rubric_version.version,
        "hiring_manager": manager.email if manager else None,
        "recruiters": sorted(u.email for u in requisition.recruiters),
        "committee": sorted(u.email for u in requisition.committee),
    }


def _pick(ids: Iterable[int], allowed: Iterable[User], field: str, what: str,
          errors: dict[str, list[str]]) -> list[User]:
    by_id = {u.id: u for u in allowed}
    wanted = list(dict.fromkeys(ids))
    if any(i not in by_id for i in wanted):
        errors[field] = [f"Choose {what} from the list."]
    return sorted((by_id[i] for i in wanted if i in by_id), key=lambda u: (u.name, u.id))


def _check(data: RequisitionData, keep: Requisition | None,
           errors: dict[str, list[str]]) -> tuple[list[User], User | None, list[User]]:
    """Validate the people and the plain fields; existing members stay choosable."""
    if not data.title.strip():
        errors["title"] = ["Enter a title."]
    elif len(data.title.strip()) > MAX_TITLE:
        errors["title"] = [f"Use at most {MAX_TITLE} characters."]
    if len(data.team.strip()) > MAX_TEAM:
        errors["team"] = [f"Use at most {MAX_TEAM} characters."]
    if len(data.description.strip()) > MAX_DESCRIPTION:
        errors["description"] = [f"Use at most {MAX_DESCRIPTION} characters."]
    if data.visibility not in VISIBILITY_POLICIES:
        errors["visibility"] = ["Choose one of the listed policies."]
    recruiters = _pick(data.recruiter_ids,
                       [*users_with_role("recruiter"), *(keep.recruiters if keep else ())],
                       "recruiters", "recruiters", errors)
    committee = _pick(data.committee_ids,
                      [*users_with_role("committee"), *(keep.committee if keep else ())],
                      "committee", "committee members", errors)
    manager = None
    if data.hiring_manager_id:
        manager = db.session.get(User, data.hiring_manager_id)
        current = keep.hiring_manager_id if keep else None
        if manager is None or (not manager.active and manager.id != current):
            errors["hiring_manager"] = ["Choose an active user as hiring manager."]
            manager = None
    return recruiters, manager, committee


def create_requisition(creator: User, rubric_version_id: int | None,
                       data: RequisitionData) -> Requisition:
    """Open a requisition on the newest stored version of a rubric; the creator recruits on it.

    Raises ValidationFailed naming the fields that are wrong.
    """
    errors: dict[str, list[str]] = {}
    recruiters, manager, committee = _check(data, None, errors)
    versions = {v.id: v for v in latest_versions()}
    version = versions.get(rubric_version_id or 0)
    if version is None:
        errors["rubric"] = ["Choose one of the listed rubrics."]
    if errors:
        raise ValidationFailed(errors)
    assert version is not None
    if creator.id not in {u.id for u in recruiters}:
        recruiters = sorted([*recruiters, creator], key=lambda u: (u.name, u.id))
    requisition = Requisition(
        title=data.title.strip(), team=data.team.strip(), description=data.description.strip(),
        scorecard_visibility=data.visibility, status="open", rubric_version=version,
        hiring_manager=manager, created_by_id=creator.id, recruiters=recruiters,
        committee=committee)
    db.session.add(requisition)
    db.session.flush()
    audit.record("requisition.created", requisition, actor=creator, after=snapshot(requisition))
    return requisition


def update_requisition(requisition: Requisition, data: RequisitionData,
                       actor: User | None = None) -> bool:
    """Change the facts and people of a requisition; True when something changed.

    The rubric is not changed here (see ``change_rubric_version``). At least one recruiter
    must remain, or nobody could manage the requisition any more.
    """
    errors: dict[str, list[str]] = {}
    recruiters, manager, committee = _check(data, requisition, errors)
    if not recruiters and "recruiters" not in errors:
        errors["recruiters"] = ["Keep at least one recruiter on the requisition."]
    if errors:
        raise ValidationFailed(errors)
    before = snapshot(requisition)
    requisition.title = data.title.strip()
    requisition.team = data.team.strip()
    requisition.description = data.description.strip()
    requisition.scorecard_visibility = data.visibility
    requisition.hiring_manager = manager
    requisition.recruiters = recruiters
    requisition.committee = committee
    old, new = audit.changes(before, snapshot(requisition))
    if not new:
        return False
    db.session.flush()
    audit.record("requisition.updated", requisition, actor=actor, before=old, after=new)
    if "title" in new or "team" in new:  # both are on every candidate's debrief
        evaluations.refresh_requisition(requisition)
    return True


def set_status(requisition: Requisition, status: str, actor: User | None = None) -> None:
    """Close or reopen a requisition; raises ServiceError when it is in that state already."""
    if status not in REQUISITION_STATUSES:
        raise ValidationFailed({"status": ["Choose open or closed."]})
    if requisition.status == status:
        raise ServiceError(f"The requisition is already {status}.")
    before = requisition.status
    requisition.status = status
    db.session.flush()
    audit.record("requisition.closed" if status == "closed" else "requisition.reopened",
                 requisition, actor=actor, before={"status": before}, after={"status": status})


# -- the pinned rubric version -------------------------------------------------------------

def newer_rubric_version(requisition: Requisition) -> RubricVersion | None:
    """The newest stored version of the requisition's rubric, when newer than the pinned one."""
    latest = latest_version_of(requisition.rubric_version.rubric_key)
    if latest is None or latest.id <= requisition.rubric_version_id:
        return None
    return latest


def submitted_scorecard_count(requisition: Requisition) -> int:
    return db.session.scalar(
        select(func.count(Scorecard.id))
        .join(Interview, Scorecard.interview_id == Interview.id)
        .join(Candidate, Interview.candidate_id == Candidate.id)
        .where(Candidate.requisition_id == requisition.id, Scorecard.status == "submitted")
    ) or 0


def _stages_in_use(requisition: Requisition) -> tuple[set[str], set[str]]:
    """(stages candidates are in, stages of interviews not cancelled) on this requisition."""
    candidate_stages = set(db.session.scalars(
        select(Candidate.stage).where(Candidate.requisition_id == requisition.id).distinct()))
    interview_stages = set(db.session.scalars(
        select(Interview.stage).join(Candidate, Interview.candidate_id == Candidate.id)
        .where(Candidate.requisition_id == requisition.id, Interview.status != "cancelled")
        .distinct()))
    return candidate_stages, interview_stages


def _move_into_rounds(requisition: Requisition, into_rounds: dict[str, str]) -> int:
    """Candidates and their move history from interview stages to the rounds holding them."""
    moved = 0
    candidates = select(Candidate.id).where(Candidate.requisition_id == requisition.id)
    for stage, round_id in into_rounds.items():
        moved += db.session.execute(
            update(Candidate).where(Candidate.requisition_id == requisition.id,
                                    Candidate.stage == stage).values(stage=round_id)
        ).rowcount
        for column in (StageMove.to_stage, StageMove.from_stage):
            db.session.execute(update(StageMove).where(
                StageMove.candidate_id.in_(candidates), column == stage).values(
                {column: round_id}))
    return moved


def change_rubric_version(requisition: Requisition, rubric_version_id: int,
                          actor: User | None = None) -> int:
    """Pin the requisition to the newest version of its rubric; returns re-pointed drafts.

    Allowed only while no scorecard has been submitted on the requisition: a submitted
    score keeps the meaning of the rubric it was given under. Draft scorecards follow the
    requisition to the new version. Refused (ServiceError) when candidates or interviews
    sit in a stage the new version no longer has.
    """
    version = db.session.get(RubricVersion, rubric_version_id)
    current = requisition.rubric_version
    if version is None or version.rubric_key != current.rubric_key:
        raise ValidationFailed({"rubric_version_id": [
            "That is not a version of this requisition's rubric."]})
    newest = newer_rubric_version(requisition)
    if newest is None or newest.id != version.id:
        raise ServiceError("Only the newest version of the rubric can be chosen, and it must "
                           "be newer than the current one.")
    if submitted := submitted_scorecard_count(requisition):
        raise ServiceError(
            f"{submitted} scorecard{'s have' if submitted != 1 else ' has'} been submitted on "
            f"this requisition, so it stays on rubric version {current.short_version}: "
            "submitted scores keep the rubric they were given under.")
    candidate_stages, interview_stages = _stages_in_use(requisition)
    rubric = version.rubric
    # A candidate in an interview stage that the new version holds in a round (the version
    # before rounds made each stage a step) moves into that round.
    into_rounds = {s: rubric.pipeline_state(s) for s in candidate_stages
                   if rubric.pipeline_state(s) != s}
    lost = sorted((candidate_stages - set(into_rounds) - set(stage_ids(rubric)))
                  | (interview_stages - {s.id for s in rubric.stages}))
    if lost:
        raise ServiceError(f"The new version has no stage {', '.join(lost)}, which candidates "
                           "or interviews of this requisition use: move or cancel them first.")
    drafts = list(db.session.scalars(
        select(Scorecard)
        .join(Interview, Scorecard.interview_id == Interview.id)
        .join(Candidate, Interview.candidate_id == Candidate.id)
        .where(Candidate.requisition_id == requisition.id, Scorecard.status == "draft")))
    for card in drafts:
        card.rubric_version_id = version.id
    moved = _move_into_rounds(requisition, into_rounds)
    requisition.rubric_version = version
    db.session.flush()
    after: dict[str, Any] = {"rubric_version": version.version, "drafts_repointed": len(drafts)}
    if into_rounds:
        after["candidates_moved_to_rounds"] = moved
    audit.record("requisition.rubric_changed", requisition, actor=actor,
                 before={"rubric_version": current.version}, after=after)
    evaluations.refresh_requisition(requisition)
    return len(drafts)
