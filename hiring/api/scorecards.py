"""The caller's interviews and their own scorecards: read, save a draft, submit, amend.

Writes need ``If-Match`` with the scorecard's ETag (the web form's ``lock_version``): 428
without it, 412 when another tab or client saved since. Before the first save the scorecard
reads as ``status: "none"`` with lock version 0, so the first write carries an ETag too.
"""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy import select

from hiring.api.common import Problem, blueprint, load, me, paged, service_problem
from hiring.api.schemas import (
    AmendmentInput,
    CancelInput,
    InterviewPage,
    InterviewSchema,
    PageArgs,
    ScorecardInput,
    ScorecardSchema,
)
from hiring.extensions import db
from hiring.models import Interview, Scorecard
from hiring.permissions import can_manage_interview, can_score_interview, token_required
from hiring.queries.interviews import my_scorecard
from hiring.security import no_store
from hiring.services import scorecards
from hiring.services.errors import ServiceError, ValidationFailed
from hiring.services.interviews import cancel_interview
from hiring.services.scorecard_input import CriterionEntry, FlagEntry, ScorecardData

bp = blueprint("interviews", "/interviews", "The caller's interviews and own scorecards.")


def dump_interview(i: Interview) -> dict[str, Any]:
    return {"id": i.id, "candidate_id": i.candidate_id, "interviewer_id": i.interviewer_id,
            "stage": i.stage, "scheduled_at": i.scheduled_at,
            "duration_minutes": i.duration_minutes, "status": i.status}


def dump_scorecard(card: Scorecard) -> dict[str, Any]:
    content = card.content()
    return {"id": card.id, "interview_id": card.interview_id,
            "interviewer_id": card.interviewer_id, "stage": card.interview.stage,
            "status": card.status, "revision": card.revision, "lock_version": card.lock_version,
            "updated_at": card.updated_at, "submitted_at": card.submitted_at,
            "scores": content["scores"], "flags": content["flags"],
            "summary": content["summary"], "recommendation": content["recommendation"]}


def _none_yet(interview: Interview) -> dict[str, Any]:
    return {"id": None, "interview_id": interview.id, "interviewer_id": interview.interviewer_id,
            "stage": interview.stage, "status": "none", "revision": 0, "lock_version": 0,
            "updated_at": None, "submitted_at": None, "scores": {}, "flags": [], "summary": "",
            "recommendation": "none"}


def etag_of(interview: Interview, card: Scorecard | None) -> str:
    return f"scorecard-{interview.id}-{card.lock_version if card else 0}"


def _with_etag(interview: Interview, card: Scorecard | None,
               status: int = 200) -> tuple[dict[str, Any], int, dict[str, str]]:
    body = dump_scorecard(card) if card else _none_yet(interview)
    return body, status, {"ETag": f'"{etag_of(interview, card)}"'}


def _mine(interview_id: int) -> Interview:
    no_store()
    return load(Interview, interview_id, can_score_interview)


@bp.route("")
@bp.arguments(PageArgs, location="query")
@bp.response(200, InterviewPage)
@token_required("interviewer")
def my_interviews(args: dict[str, Any]) -> Any:
    query = (select(Interview).where(Interview.interviewer_id == me().id)
             .order_by(Interview.scheduled_at.desc(), Interview.id.desc()))
    return paged(query, args["page"], args["per_page"], dump_interview)


@bp.route("/<int:interview_id>/scorecard")
@bp.response(200, ScorecardSchema)
@token_required("interviewer")
def get_scorecard(interview_id: int) -> Any:
    interview = _mine(interview_id)
    return _with_etag(interview, my_scorecard(interview, me()))


def _data(body: dict[str, Any]) -> ScorecardData:
    other = body.get("other_flag") or {}
    return ScorecardData(
        criteria={cid: CriterionEntry(score=c["score"], not_assessed=c["not_assessed"],
                                      reason=c["reason"], evidence=c["evidence"])
                  for cid, c in body["criteria"].items()},
        flags={fid: FlagEntry(True, f["note"]) for fid, f in body["flags"].items()},
        other_flag_label=other.get("label", ""), other_flag_note=other.get("note", ""),
        summary=body["summary"], recommendation=body["recommendation"])


def _checked_lock(interview: Interview) -> int | None:
    """The lock version the caller's ``If-Match`` names: 428 without one (``*`` is none: it
    would pass whatever another tab saved since), 412 when stale."""
    if not request.headers.get("If-Match") or request.if_match.star_tag:
        raise Problem(428, "Precondition Required",
                      "Send If-Match with the scorecard's ETag (GET it first); "
                      "If-Match: * is not enough.")
    card = my_scorecard(interview, me())
    if not request.if_match.contains(etag_of(interview, card)):
        raise Problem(412, "Precondition Failed", "The scorecard changed since your copy: "
                                                  "GET it again, then send your change.")
    return card.lock_version if card else None


# The form's field names (hiring.services.scorecard_input) as the API's body names them.
_FIELD_NAMES = (("score-", "criteria.{}.score"), ("reason-", "criteria.{}.reason"),
                ("evidence-", "criteria.{}.evidence"), ("flagnote-", "flags.{}.note"),
                ("flag-", "flags.{}"))
_PLAIN_NAMES = {"other_flag_label": "other_flag.label", "other_flag_note": "other_flag.note"}


def api_field(name: str) -> str:
    for prefix, pattern in _FIELD_NAMES:
        if name.startswith(prefix):
            return pattern.format(name.removeprefix(prefix))
    return _PLAIN_NAMES.get(name, name)


def _write(interview_id: int, action: Any, *extra: Any) -> Any:
    interview = _mine(interview_id)
    lock = _checked_lock(interview)
    try:
        saved = action(interview, me(), *extra, lock)
    except ValidationFailed as exc:
        raise service_problem(ValidationFailed(
            {api_field(k): v for k, v in exc.errors.items()})) from None
    except ServiceError as exc:
        raise service_problem(exc) from None
    db.session.commit()
    return _with_etag(interview, saved.scorecard)


IF_MATCH = {"parameters": [{"in": "header", "name": "If-Match", "required": True,
                            "schema": {"type": "string"}}]}


@bp.route("/<int:interview_id>/scorecard", methods=["PUT"])
@bp.doc(**IF_MATCH)
@bp.arguments(ScorecardInput)
@bp.response(200, ScorecardSchema)
@token_required("interviewer")
def save_draft(body: dict[str, Any], interview_id: int) -> Any:
    return _write(interview_id, scorecards.save_draft, _data(body))


@bp.route("/<int:interview_id>/scorecard/submit", methods=["POST"])
@bp.doc(**IF_MATCH)
@bp.arguments(ScorecardInput)
@bp.response(200, ScorecardSchema)
@token_required("interviewer")
def submit(body: dict[str, Any], interview_id: int) -> Any:
    return _write(interview_id, scorecards.submit, _data(body))


@bp.route("/<int:interview_id>/scorecard/amend", methods=["POST"])
@bp.doc(**IF_MATCH)
@bp.arguments(AmendmentInput)
@bp.response(200, ScorecardSchema)
@token_required("interviewer")
def amend(body: dict[str, Any], interview_id: int) -> Any:
    return _write(interview_id, scorecards.amend, _data(body), body["reason"])


@bp.route("/<int:interview_id>/cancel", methods=["POST"])
@bp.arguments(CancelInput)
@bp.response(200, InterviewSchema)
@token_required("recruiter")
def cancel(body: dict[str, Any], interview_id: int) -> Any:
    """Cancel an interview of a candidate on the caller's requisitions, with a reason."""
    interview = load(Interview, interview_id, can_manage_interview)
    try:
        cancel_interview(interview, body["reason"], actor=me())
    except ServiceError as exc:
        raise service_problem(exc) from None
    db.session.commit()
    return dump_interview(interview)
