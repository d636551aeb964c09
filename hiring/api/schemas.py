"""What the API reads and writes, as marshmallow schemas (they also make the OpenAPI document)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from hiring.domain.votes import VOTES
from hiring.queries.paging import MAX_PAGE

MAX_PER_PAGE = 100
MAX_TEXT = 20_000


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details."""

    type = fields.String()
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class PageArgs(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    page = fields.Integer(load_default=1, validate=validate.Range(1, MAX_PAGE))
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, MAX_PER_PAGE))


class CandidateArgs(PageArgs):
    """The candidate list's filters, as the web list has them."""

    requisition = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    stage = fields.String(validate=validate.Length(max=64))
    status = fields.String(validate=validate.Length(max=64))
    q = fields.String(validate=validate.Length(max=200))


class PageMixin(ma.Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)


class RubricRefSchema(ma.Schema):
    id = fields.String(required=True)
    version = fields.String(required=True)


class RequisitionSchema(ma.Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    team = fields.String(required=True)
    status = fields.String(required=True)
    scorecard_visibility = fields.String(required=True)
    rubric = fields.Nested(RubricRefSchema, required=True)


class RequisitionPage(PageMixin):
    items = fields.List(fields.Nested(RequisitionSchema), required=True)


class CandidateSchema(ma.Schema):
    id = fields.Integer(required=True)
    requisition_id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    stage = fields.String(required=True)
    erased = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)


class CandidatePage(PageMixin):
    items = fields.List(fields.Nested(CandidateSchema), required=True)


class InterviewSchema(ma.Schema):
    id = fields.Integer(required=True)
    candidate_id = fields.Integer(required=True)
    interviewer_id = fields.Integer(required=True)
    stage = fields.String(required=True)
    scheduled_at = fields.DateTime(required=True)
    duration_minutes = fields.Integer(required=True)
    status = fields.String(required=True)


class InterviewPage(PageMixin):
    items = fields.List(fields.Nested(InterviewSchema), required=True)


class ScoreSchema(ma.Schema):
    score = fields.Integer(allow_none=True, required=True)
    not_assessed = fields.Boolean(required=True)
    not_assessed_reason = fields.String(required=True)
    evidence = fields.String(required=True)


class FlagSchema(ma.Schema):
    id = fields.String(allow_none=True, required=True)
    label = fields.String(required=True)
    note = fields.String(required=True)


class ScorecardSchema(ma.Schema):
    """A scorecard as stored; ``status`` "none" before the first save (``lock_version`` 0)."""

    id = fields.Integer(allow_none=True, required=True)
    interview_id = fields.Integer(required=True)
    interviewer_id = fields.Integer(required=True)
    stage = fields.String(required=True)
    status = fields.String(required=True)
    revision = fields.Integer(required=True)
    lock_version = fields.Integer(required=True)
    updated_at = fields.DateTime(allow_none=True, required=True)
    submitted_at = fields.DateTime(allow_none=True, required=True)
    scores = fields.Dict(keys=fields.String(), values=fields.Nested(ScoreSchema), required=True)
    flags = fields.List(fields.Nested(FlagSchema), required=True)
    summary = fields.String(required=True)
    recommendation = fields.String(required=True, validate=validate.OneOf(VOTES), metadata={
        "description": "The interviewer's holistic vote; shown beside the weighted score, "
                       "never part of it."})


class ScorecardList(ma.Schema):
    items = fields.List(fields.Nested(ScorecardSchema), required=True)


class CriterionInput(ma.Schema):
    score = fields.Integer(allow_none=True, load_default=None,
                           validate=validate.Range(-1000, 1000))
    not_assessed = fields.Boolean(load_default=False)
    reason = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))
    evidence = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))


class FlagInput(ma.Schema):
    note = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))


class OtherFlagInput(ma.Schema):
    label = fields.String(load_default="", validate=validate.Length(max=200))
    note = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))


class ScorecardInput(ma.Schema):
    """What the caller writes: criteria by rubric id; ticked red flags by id."""

    criteria = fields.Dict(keys=fields.String(),
                           values=fields.Nested(CriterionInput), load_default=dict)
    flags = fields.Dict(keys=fields.String(),
                        values=fields.Nested(FlagInput), load_default=dict)
    other_flag = fields.Nested(OtherFlagInput, load_default=dict)
    summary = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))
    recommendation = fields.String(load_default="none", validate=validate.OneOf(VOTES),
                                   metadata={"description": "The holistic vote (optional); "
                                             "never enters the recommendation's formula."})


class AmendmentInput(ScorecardInput):
    reason = fields.String(required=True, validate=validate.Length(max=MAX_TEXT))


class DecisionSchema(ma.Schema):
    id = fields.Integer(required=True)
    candidate_id = fields.Integer(required=True)
    decision = fields.String(required=True)
    rationale = fields.String(required=True)
    engine_outcome = fields.String(required=True)
    engine_score = fields.String(allow_none=True, required=True)
    is_override = fields.Boolean(required=True)
    decided_at = fields.DateTime(required=True)
    reopened_at = fields.DateTime(allow_none=True, required=True)


class DecisionList(ma.Schema):
    items = fields.List(fields.Nested(DecisionSchema), required=True)


class RecommendationSchema(ma.Schema):
    """The ``hiring decide --format json`` contract, computed by the same engine."""

    candidate_id = fields.Integer(required=True)
    recommendation = fields.Dict(required=True)


class CandidateInput(ma.Schema):
    requisition_id = fields.Integer(required=True, validate=validate.Range(1, 2**31 - 1))
    name = fields.String(required=True, validate=validate.Length(max=200))
    email = fields.String(load_default="", validate=validate.Length(max=254))
    source = fields.String(load_default="", validate=validate.Length(max=120))
    links = fields.List(fields.String(validate=validate.Length(max=2000)), load_default=list,
                        validate=validate.Length(max=20))
    notes = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))


class MoveInput(ma.Schema):
    stage = fields.String(required=True, validate=validate.Length(max=64))
    note = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))
    confirm_unscored = fields.Boolean(load_default=False)


class AssignInput(ma.Schema):
    stage = fields.String(required=True, validate=validate.Length(max=64))
    interviewer_id = fields.Integer(required=True, validate=validate.Range(1, 2**31 - 1))
    scheduled_at = fields.AwareDateTime(required=True)
    duration_minutes = fields.Integer(load_default=None, allow_none=True,
                                      validate=validate.Range(1, 24 * 60))


class CancelInput(ma.Schema):
    reason = fields.String(required=True, validate=validate.Length(max=MAX_TEXT))


class DecisionInput(ma.Schema):
    decision = fields.String(required=True, validate=validate.Length(max=10))
    rationale = fields.String(required=True, validate=validate.Length(max=MAX_TEXT))
    override_justification = fields.String(load_default="",
                                           validate=validate.Length(max=MAX_TEXT))
    seen_outcome = fields.String(required=True, validate=validate.Length(max=12),
                                 metadata={"description": "The recommendation's outcome the "
                                           "caller read; nothing is recorded if it changed."})


class ReportArgs(ma.Schema):
    """The report pages' filter, as their URLs carry it."""

    rubric = fields.String(validate=validate.Length(max=64))
    requisition = fields.String(validate=validate.Length(max=12))
    period = fields.String(validate=validate.Length(max=16))


class ReportTableSchema(ma.Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    caption = fields.String(required=True)
    headers = fields.List(fields.String(), required=True)
    rows = fields.List(fields.List(fields.String()), required=True)


class ReportSchema(ma.Schema):
    """A report's tables, cell for cell as the page and its CSV show them."""

    key = fields.String(required=True)
    title = fields.String(required=True)
    intro = fields.String(required=True)
    notes = fields.List(fields.String(), required=True)
    tables = fields.List(fields.Nested(ReportTableSchema), required=True)
