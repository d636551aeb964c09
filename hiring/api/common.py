"""What every API module shares: paging with Link headers, loading objects, errors."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import request, url_for
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy import Select
from werkzeug.exceptions import HTTPException

from hiring.api.problems import API_PREFIX, problem
from hiring.extensions import db
from hiring.models import User
from hiring.services.errors import ServiceError, StaleEdit, ValidationFailed

T = TypeVar("T")


def blueprint(name: str, path: str, description: str) -> Blueprint:
    return Blueprint(f"api_{name}", __name__, url_prefix=f"{API_PREFIX}{path}",
                     description=description)


def me() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined, no-any-return]


class Problem(HTTPException):
    """Abort with a ready problem response (carried through Flask's error handling)."""

    def __init__(self, status: int, title: str, detail: str = "",
                 errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(response=problem(status, title, detail, errors))
        self.code = status


def load(model: type[T], object_id: int, allowed: Any) -> T:
    """The object, or 404 when it is missing or ``allowed(user, obj)`` is false (out of
    reach looks exactly like missing, as on the web)."""
    obj = db.session.get(model, object_id)
    if obj is None or not allowed(me(), obj):
        raise Problem(404, "Not Found", "There is nothing here, or it is not yours to see.")
    return obj


def service_problem(exc: ServiceError) -> Problem:
    """A refused service call: field errors 422, a stale edit 412, any other rule 409."""
    db.session.rollback()
    if isinstance(exc, ValidationFailed):
        return Problem(422, "Unprocessable Content", "Some fields are wrong: see errors.",
                       exc.errors)
    if isinstance(exc, StaleEdit):
        return Problem(412, "Precondition Failed", str(exc))
    return Problem(409, "Conflict", str(exc))


def paged(query: Select[Any], page: int, per_page: int, dump: Any) -> tuple[dict[str, Any],
                                                                             int, dict[str, str]]:
    """One page as ``{items, page, per_page, total}`` with RFC 8288 Link headers."""
    result = db.paginate(query, page=page, per_page=per_page, error_out=False)
    links = []
    args = {k: v for k, v in request.args.items() if k not in ("page", "per_page")}

    def link(number: int, rel: str) -> None:
        url = url_for(request.endpoint or "", **(request.view_args or {}), **args,
                      page=number, per_page=per_page)
        links.append(f'<{url}>; rel="{rel}"')

    last = max(result.pages, 1)
    link(1, "first")
    if page > 1:
        link(min(page - 1, last), "prev")
    if page < last:
        link(page + 1, "next")
    link(last, "last")
    body = {"items": [dump(item) for item in result.items], "page": page,
            "per_page": per_page, "total": result.total or 0}
    return body, 200, {"Link": ", ".join(links)}
