"""All authorisation: named predicates used by views and templates, and route gates.

Each predicate checks the object as well as the role. Views answer 404 for an object
outside the user's reach (its existence is nobody else's business) and 403 for a page
their roles do not open. Every route declares a gate; a test walks ``app.url_map`` and
fails on any route without one.

The rules live in one package, one module per area (pipeline, independence, committee,
accounts); this module holds the route gates and offers every predicate under
``hiring.permissions`` (views and templates use them from here).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from hiring.permissions.accounts import (
    RUBRIC_ROLES,
    can_end_session,
    can_invite_self_identification,
    can_revoke_token,
    can_take_calibration,
    can_view_calibration_results,
    can_view_rubrics,
    must_enrol_mfa,
    rubric_pinned_requisitions,
)
from hiring.permissions.committee import (
    IMPACT_ROLES,
    REPORT_ROLES,
    can_read_debrief,
    can_record_decision,
    can_view_debrief,
    can_view_impact,
    can_view_reports,
    reportable_requisitions,
    without_pending_interview,
)
from hiring.permissions.independence import (
    can_amend_scorecard,
    can_read_documents,
    can_see_why_colleagues_closed,
    can_view_colleague_scorecards,
    has_pending_interview,
    has_submitted_for,
    is_interviewing,
    is_open_for_scoring,
    is_open_for_submission,
    pending_interview_ids,
    pending_interviews,
)
from hiring.permissions.pipeline import (
    can_create_requisition,
    can_export_candidates,
    can_manage_candidate,
    can_manage_candidates,
    can_manage_documents,
    can_manage_interview,
    can_manage_requisition,
    can_score_interview,
    can_send_reminder,
    can_view_candidate,
    can_view_outbox,
    can_view_requisition,
    is_on_committee,
    requisitions_in_scope,
    viewable_requisitions,
)

F = TypeVar("F", bound=Callable[..., Any])

GATE_ATTRIBUTE = "permission_gate"


def _declare(view: Callable[..., Any], gate: str) -> None:
    setattr(view, GATE_ATTRIBUTE, gate)


def public(view: F) -> F:
    """Open to anyone, logged in or not (the login page, static assets)."""
    _declare(view, "public")
    return view


def authenticated(view: F) -> F:
    """Any logged-in user; the view itself narrows what it shows."""
    wrapped = login_required(view)
    _declare(wrapped, "authenticated")
    return wrapped  # type: ignore[return-value]


def role_required(*roles: str) -> Callable[[F], F]:
    """Logged in and holding one of ``roles``; 403 otherwise."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        guarded = login_required(wrapper)
        _declare(guarded, "roles:" + ",".join(roles))
        return guarded  # type: ignore[return-value]

    return decorator


def token_required(*roles: str) -> Callable[[F], F]:
    """API routes: the caller is the user a bearer token names (``hiring.api.auth`` sets it
    before any view, never from the session cookie); with ``roles``, holding one of them
    (403 otherwise). Without a user, 401."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                abort(401)
            if roles and not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        _declare(wrapper, "token" + (":" + ",".join(roles) if roles else ""))
        return wrapper  # type: ignore[return-value]

    return decorator


def require(allowed: bool) -> None:
    """Object-level check inside a view: out of reach looks exactly like missing."""
    if not allowed:
        abort(404)


__all__ = [
    "GATE_ATTRIBUTE",
    "IMPACT_ROLES",
    "REPORT_ROLES",
    "RUBRIC_ROLES",
    "authenticated",
    "can_amend_scorecard",
    "can_create_requisition",
    "can_end_session",
    "can_export_candidates",
    "can_invite_self_identification",
    "can_manage_candidate",
    "can_manage_candidates",
    "can_manage_documents",
    "can_manage_interview",
    "can_manage_requisition",
    "can_read_debrief",
    "can_read_documents",
    "can_record_decision",
    "can_revoke_token",
    "can_score_interview",
    "can_see_why_colleagues_closed",
    "can_send_reminder",
    "can_take_calibration",
    "can_view_calibration_results",
    "can_view_candidate",
    "can_view_colleague_scorecards",
    "can_view_debrief",
    "can_view_impact",
    "can_view_outbox",
    "can_view_reports",
    "can_view_requisition",
    "can_view_rubrics",
    "has_pending_interview",
    "has_submitted_for",
    "is_interviewing",
    "is_on_committee",
    "is_open_for_scoring",
    "is_open_for_submission",
    "must_enrol_mfa",
    "pending_interview_ids",
    "pending_interviews",
    "public",
    "reportable_requisitions",
    "require",
    "requisitions_in_scope",
    "role_required",
    "rubric_pinned_requisitions",
    "token_required",
    "viewable_requisitions",
    "without_pending_interview",
]
