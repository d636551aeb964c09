"""Candidates, and what is read about one: interviews, scorecards, the recommendation and the
recorded decisions, each under the web's predicates (independence included)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hiring.api.common import Problem, blueprint, load, me, paged, service_problem
from hiring.api.schemas import (
    AssignInput,
    CandidateArgs,
    CandidateInput,
    CandidatePage,
    CandidateSchema,
    DecisionInput,
    DecisionList,
    DecisionSchema,
    InterviewPage,
    InterviewSchema,
    MoveInput,
    PageArgs,
    RecommendationSchema,
    ScorecardList,
)
from hiring.api.scorecards import dump_interview, dump_scorecard
from hiring.extensions import db
from hiring.models import Candidate, CommitteeDecision, Interview, Requisition
from hiring.permissions import (
    can_manage_candidate,
    can_manage_requisition,
    can_read_debrief,
    can_record_decision,
    can_view_candidate,
    can_view_colleague_scorecards,
    can_view_debrief,
    token_required,
    viewable_requisitions,
)
from hiring.queries.candidates import CandidateFilters, candidate_query
from hiring.queries.evaluation import evaluate
from hiring.queries.interviews import colleague_and_own_scorecards
from hiring.security import no_store
from hiring.services import decisions as decision_service
from hiring.services.candidates import CandidateData, add_candidate, move_candidate
from hiring.services.errors import ServiceError, ValidationFailed
from hiring.services.interviews import assign_interview

bp = blueprint("candidates", "/candidates", "Candidates on the caller's requisitions.")

SUBMIT_FIRST = ("You hold an interview of this candidate without a submitted scorecard: "
                "submit yours first (independence).")


def dump_candidate(c: Candidate) -> dict[str, Any]:
    return {"id": c.id, "requisition_id": c.requisition_id, "name": c.name, "email": c.email,
            "stage": c.stage, "erased": c.erased, "created_at": c.created_at}


@bp.route("")
@bp.arguments(CandidateArgs, location="query")
@bp.response(200, CandidatePage)
@token_required()
def list_candidates(args: dict[str, Any]) -> Any:
    no_store()
    ids = list(db.session.scalars(select(Requisition.id).where(viewable_requisitions(me()))))
    filters = CandidateFilters(
        requisition_id=args.get("requisition") if args.get("requisition") in ids else None,
        stage=args.get("stage", ""), status=args.get("status", ""), text=args.get("q", ""))
    # The web list's query and filters, as whole candidates (the list pages select columns).
    query = candidate_query(ids, filters).with_only_columns(Candidate)
    return paged(query, args["page"], args["per_page"], dump_candidate)


@bp.route("/<int:candidate_id>")
@bp.response(200, CandidateSchema)
@token_required()
def get_candidate(candidate_id: int) -> Any:
    no_store()
    return dump_candidate(load(Candidate, candidate_id, can_view_candidate))


@bp.route("/<int:candidate_id>/interviews")
@bp.arguments(PageArgs, location="query")
@bp.response(200, InterviewPage)
@token_required()
def candidate_interviews(args: dict[str, Any], candidate_id: int) -> Any:
    candidate = load(Candidate, candidate_id, can_view_candidate)
    query = (select(Interview).where(Interview.candidate_id == candidate.id)
             .order_by(Interview.scheduled_at, Interview.id))
    return paged(query, args["page"], args["per_page"], dump_interview)


def _readable(candidate_id: int, allowed: Any, what: str) -> Candidate:
    """The candidate when ``allowed``; 403 "submit yours first" for the requisition's people
    who still owe a scorecard (the web's submit-first page), 404 for everyone else."""
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is not None and not allowed(me(), candidate):
        if can_view_debrief(me(), candidate):
            raise Problem(403, "Forbidden", f"{SUBMIT_FIRST} Then {what} opens.")
        candidate = None
    if candidate is None:
        raise Problem(404, "Not Found", "There is nothing here, or it is not yours to see.")
    no_store()
    return candidate


@bp.route("/<int:candidate_id>/scorecards")
@bp.response(200, ScorecardList)
@token_required()
def candidate_scorecards(candidate_id: int) -> Any:
    """Colleagues' submitted scorecards and the caller's own, once independence allows."""
    candidate = _readable(candidate_id, can_view_colleague_scorecards, "reading them")
    others, mine = colleague_and_own_scorecards(candidate.id, me())
    return {"items": [dump_scorecard(c) for c in [*mine, *others]]}


@bp.route("/<int:candidate_id>/recommendation")
@bp.response(200, RecommendationSchema)
@token_required()
def recommendation(candidate_id: int) -> Any:
    """The live recommendation with its explanation: the ``hiring decide`` JSON."""
    candidate = _readable(candidate_id, can_read_debrief, "the recommendation")
    return {"candidate_id": candidate.id, "recommendation": evaluate(candidate).decision.to_dict()}


@bp.route("/<int:candidate_id>/decisions")
@bp.response(200, DecisionList)
@token_required()
def decisions(candidate_id: int) -> Any:
    candidate = _readable(candidate_id, can_read_debrief, "the decisions")
    rows = db.session.scalars(select(CommitteeDecision)
                              .where(CommitteeDecision.candidate_id == candidate.id)
                              .order_by(CommitteeDecision.decided_at, CommitteeDecision.id))
    return {"items": [dump_decision(d) for d in rows]}


def dump_decision(d: CommitteeDecision) -> dict[str, Any]:
    return {"id": d.id, "candidate_id": d.candidate_id, "decision": d.decision,
            "rationale": d.rationale, "engine_outcome": d.engine_outcome,
            "engine_score": d.engine_score, "is_override": d.is_override,
            "decided_at": d.decided_at, "reopened_at": d.reopened_at}


@bp.route("/<int:candidate_id>/decisions", methods=["POST"])
@bp.arguments(DecisionInput)
@bp.response(201, DecisionSchema)
@token_required("committee")
def record_decision(body: dict[str, Any], candidate_id: int) -> Any:
    """The committee's decision, as the web's form records it: only by the requisition's
    committee members who have nothing pending on the candidate, against the outcome read."""
    load(Candidate, candidate_id, can_record_decision)
    candidate = _readable(candidate_id, can_read_debrief, "deciding")
    try:
        row = decision_service.record_decision(
            candidate, body["decision"], body["rationale"], body["override_justification"],
            actor=me(), seen_outcome=body["seen_outcome"])
    except ValidationFailed as exc:  # the web shows "" atop the form; the API names the field
        raise service_problem(ValidationFailed(
            {k or "seen_outcome": v for k, v in exc.errors.items()})) from None
    except ServiceError as exc:
        raise service_problem(exc) from None
    db.session.commit()
    return dump_decision(row)


# -- recruiters' writes ---------------------------------------------------------------------

@bp.route("", methods=["POST"])
@bp.arguments(CandidateInput)
@bp.response(201, CandidateSchema)
@token_required("recruiter")
def create_candidate(body: dict[str, Any]) -> Any:
    requisition = db.session.get(Requisition, body["requisition_id"])
    if requisition is None or not can_manage_requisition(me(), requisition):
        raise Problem(422, "Unprocessable Content", "Some fields are wrong: see errors.",
                      {"requisition_id": ["No requisition of yours has this id."]})
    data = CandidateData(name=body["name"], email=body["email"], source=body["source"],
                         links="\n".join(body["links"]), notes=body["notes"])
    try:
        candidate = add_candidate(requisition, data, actor=me())
    except ServiceError as exc:
        raise service_problem(exc) from None
    db.session.commit()
    return dump_candidate(candidate)


@bp.route("/<int:candidate_id>/move", methods=["POST"])
@bp.arguments(MoveInput)
@bp.response(200, CandidateSchema)
@token_required("recruiter")
def move(body: dict[str, Any], candidate_id: int) -> Any:
    candidate = load(Candidate, candidate_id, can_manage_candidate)
    try:
        move_candidate(candidate, body["stage"], body["note"], actor=me(),
                       confirm_unscored=body["confirm_unscored"])
    except ServiceError as exc:
        raise service_problem(exc) from None
    db.session.commit()
    return dump_candidate(candidate)


@bp.route("/<int:candidate_id>/interviews", methods=["POST"])
@bp.arguments(AssignInput)
@bp.response(201, InterviewSchema)
@token_required("recruiter")
def assign(body: dict[str, Any], candidate_id: int) -> Any:
    candidate = load(Candidate, candidate_id, can_manage_candidate)
    try:
        interview = assign_interview(candidate, stage=body["stage"],
                                     interviewer_id=body["interviewer_id"],
                                     scheduled_at=body["scheduled_at"],
                                     duration_minutes=body["duration_minutes"], actor=me())
    except ServiceError as exc:
        raise service_problem(exc) from None
    db.session.commit()
    return dump_interview(interview)
