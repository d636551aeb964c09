"""RFC 9457 problem details: every error of the API is ``application/problem+json``.

Field errors (webargs' 422s, the services' ``ValidationFailed``) go in ``errors`` as
``{field: [messages]}``, the shape the web forms use.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import json, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

API_PREFIX = "/api/v1"
PROBLEM_TYPE = "application/problem+json"
WWW_AUTHENTICATE = 'Bearer realm="hiring"'


def is_api_request() -> bool:
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def problem(status: int, title: str, detail: str = "",
            errors: Mapping[str, list[str]] | None = None,
            headers: Mapping[str, str] | None = None) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = {k: list(v) for k, v in errors.items()}
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    if status == 401:
        response.headers.setdefault("WWW-Authenticate", WWW_AUTHENTICATE)
    return response


def _flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """webargs' nested ``{location: {field: [messages]}}`` as ``{"field.sub": [messages]}``."""
    if isinstance(messages, list):
        return {prefix: [str(m) for m in messages if not isinstance(m, dict | list)]}
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            flat.update(_flatten(value, name))
    return flat


def http_problem(error: HTTPException) -> Response:
    """A problem for an HTTP error raised anywhere under the API's prefix."""
    code = error.code or 500
    data = getattr(error, "data", None) or {}
    errors: dict[str, list[str]] = {}
    if "messages" in data:  # webargs: keyed by location first (json, query, headers)
        for fields in data["messages"].values():
            errors.update(_flatten(fields))
    elif isinstance(data.get("errors"), dict):
        errors = data["errors"]
    detail = data.get("message") or (error.description or "")
    headers = dict(data.get("headers") or {})
    if code == 422 and not data.get("message"):
        detail = "The request was understood but some fields are wrong: see errors."
    return problem(code, error.name, detail, errors or None, headers)
