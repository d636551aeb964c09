"""The recruiter's candidate list across requisitions: filters and sorting kept in the URL,
and the bulk actions on the rows selected (move, reject with a reason, export as CSV).

A bulk action posts to its own route with the list's URL arguments, so that it comes back
to the same filtered, sorted page; a refusal re-renders that page with the selection and
what was typed kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from hiring.bad_input import bad_request
from hiring.domain.pipeline import STATUSES, pipeline, status_label
from hiring.exports import csv_download
from hiring.exports.tables import candidate_rows
from hiring.extensions import db
from hiring.forms_util import apply_errors
from hiring.models import Candidate
from hiring.permissions import (
    can_export_candidates,
    can_manage_candidates,
    require,
    role_required,
)
from hiring.queries.candidates import (
    CANDIDATE_SORT_CHOICES,
    CANDIDATE_SORTS,
    CandidateFilters,
    RequisitionRow,
    candidate_page,
    candidate_query,
    recruiter_requisitions,
)
from hiring.queries.paging import page_number, page_size
from hiring.queries.pipeline import with_rubric
from hiring.queries.sorting import Sort
from hiring.recruiter import bp
from hiring.recruiter.common import me
from hiring.recruiter.forms import BulkForm
from hiring.services.bulk import MAX_SELECTED, move_candidates, reject_candidates
from hiring.services.errors import ServiceError


def list_filters() -> tuple[list[RequisitionRow], dict[str, str], CandidateFilters]:
    """The recruiter's requisitions, their stages, and the list's filters from the URL (the
    page, its CSV download and the bulk actions read the same)."""
    requisitions = recruiter_requisitions(me())
    stages: dict[str, str] = {}
    for requisition in requisitions:
        for stage in pipeline(requisition.rubric_version.rubric):
            stages.setdefault(stage.id, stage.label)
    filters = CandidateFilters.from_args(request.args.to_dict(), [r.id for r in requisitions],
                                         list(stages))
    return requisitions, stages, filters


def list_sort() -> Sort:
    """The list's order from the URL; an unknown ``sort`` is the default order."""
    return CANDIDATE_SORTS.parse(request.args.get("sort"))


def list_args(filters: CandidateFilters, sort: Sort, page: int = 1) -> dict[str, Any]:
    """The URL arguments that bring back this page of the list: filters, order, page."""
    return {**filters.args(), **CANDIDATE_SORTS.args(sort), **({"page": page} if page > 1
                                                               else {})}


def bulk_form(stages: dict[str, str], formdata: bool = False) -> BulkForm:
    form = BulkForm() if formdata else BulkForm(formdata=None)
    form.stage.choices = [SelectChoice("", "Choose a stage…"),
                          *(SelectChoice(k, v) for k, v in stages.items())]
    return form


def render_list(form: BulkForm | None = None, selected: Sequence[int] = ()) -> str:
    requisitions, stages, filters = list_filters()
    sort = list_sort()
    page = candidate_page({r.id: r for r in requisitions}, filters, page_number(), page_size(),
                          sort)
    return render_template(
        "recruiter/candidates.html", page=page, filters=filters, requisitions=requisitions,
        stages=stages, statuses=[(s, status_label(s)) for s in STATUSES], sort=sort,
        sorts=CANDIDATE_SORTS, sort_choices=CANDIDATE_SORT_CHOICES,
        args={**filters.args(), **CANDIDATE_SORTS.args(sort)},
        here=list_args(filters, sort, page.page), bulk=form or bulk_form(stages),
        selected=set(selected))


@bp.route("/candidates")
@role_required("recruiter")
def candidates() -> str:
    return render_list()


def _selected(form: BulkForm) -> list[Candidate]:
    """The selected candidates, in the order ticked. An id that is missing looks exactly
    like one out of reach (404), and every one must pass the action's predicate."""
    ids = list(dict.fromkeys(form.candidate.data or []))
    if len(ids) > MAX_SELECTED:
        raise bad_request("Too many candidates selected",
                          f"Select at most {MAX_SELECTED} candidates at once.")
    if not ids:
        return []
    found = {c.id: c for c in db.session.scalars(
        select(Candidate).where(Candidate.id.in_(ids)).options(with_rubric()))}
    if len(found) != len(ids):
        require(False)
    return [found[i] for i in ids]


def _refused(form: BulkForm) -> str:
    """A bulk form that failed its shape checks (a tampered id, a reason too long): the list
    again, with the messages and what was ticked. (A missing CSRF token never gets here:
    CSRFProtect answers it for every form.)"""
    return render_list(form, [i for i in (form.candidate.data or []) if isinstance(i, int)])


def _bulk_move(reject: bool) -> Response | str:
    """Load the selection, check the predicate on every candidate, make one service call
    for all of them, commit once; a refusal re-renders the list with the selection kept."""
    _, stages, filters = list_filters()
    form = bulk_form(stages, formdata=True)
    if not form.validate_on_submit():
        return _refused(form)
    candidates = _selected(form)
    require(not candidates or can_manage_candidates(me(), candidates))
    try:
        if reject:
            moves = reject_candidates(candidates, form.reason.data or "", actor=me())
        else:
            moves = move_candidates(candidates, form.stage.data or "", actor=me(),
                                    confirm_unscored=bool(form.confirm.data))
    except ServiceError as exc:
        apply_errors(form, exc)
        return render_list(form, [c.id for c in candidates])
    db.session.commit()
    count = f"{len(moves)} candidate{'s' if len(moves) != 1 else ''}"
    flash(f"{count} rejected." if reject else
          f"{count} moved to {stages.get(moves[0].to_stage, moves[0].to_stage)}.", "success")
    return redirect(url_for("recruiter.candidates",
                            **list_args(filters, list_sort(), page_number())))


@bp.route("/candidates/bulk/move", methods=["POST"])
@role_required("recruiter")
def candidates_bulk_move() -> Response | str:
    return _bulk_move(reject=False)


@bp.route("/candidates/bulk/reject", methods=["POST"])
@role_required("recruiter")
def candidates_bulk_reject() -> Response | str:
    return _bulk_move(reject=True)


@bp.route("/candidates/bulk/export", methods=["POST"])
@role_required("recruiter")
def candidates_bulk_export() -> Response | str:
    """The selected rows as CSV, in the list's order, through the same exports as the
    whole list's download."""
    _, stages, _ = list_filters()
    form = bulk_form(stages, formdata=True)
    if not form.validate_on_submit():
        return _refused(form)
    candidates = _selected(form)
    if not candidates:
        form.candidate.errors = ["Select at least one candidate in the list."]
        return render_list(form)
    require(can_export_candidates(me(), candidates))
    titles = {c.requisition_id: c.requisition.title for c in candidates}
    query = candidate_query(list(titles), CandidateFilters(), list_sort()).where(
        Candidate.id.in_([c.id for c in candidates]))
    return csv_download("candidates-selected.csv", *candidate_rows(query, titles))
