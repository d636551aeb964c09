"""Requisitions: those the caller recruits on or sits on the committee of."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hiring.api.common import blueprint, load, me, paged
from hiring.api.schemas import PageArgs, RequisitionPage, RequisitionSchema
from hiring.models import Requisition
from hiring.permissions import can_view_requisition, token_required, viewable_requisitions

bp = blueprint("requisitions", "/requisitions", "Requisitions the caller works on.")


def dump_requisition(r: Requisition) -> dict[str, Any]:
    rubric = r.rubric_version.rubric
    return {"id": r.id, "title": r.title, "team": r.team, "status": r.status,
            "scorecard_visibility": r.scorecard_visibility,
            "rubric": {"id": rubric.id, "version": rubric.version}}


@bp.route("")
@bp.arguments(PageArgs, location="query")
@bp.response(200, RequisitionPage)
@token_required()
def list_requisitions(args: dict[str, Any]) -> Any:
    query = (select(Requisition).where(viewable_requisitions(me()))
             .order_by(Requisition.title, Requisition.id))
    return paged(query, args["page"], args["per_page"], dump_requisition)


@bp.route("/<int:requisition_id>")
@bp.response(200, RequisitionSchema)
@token_required()
def get_requisition(requisition_id: int) -> Any:
    return dump_requisition(load(Requisition, requisition_id, can_view_requisition))
