"""The JSON API at /api/v1, built with flask-smorest.

flask-smorest because its marshmallow schemas both check input (webargs) and describe it,
its blueprints are plain Flask blueprints (our gates, hooks and error pages apply as on the
web), and it writes the OpenAPI 3 document from the same decorators. Handlers call the same
permission predicates and services as the pages; errors are RFC 9457 problems.
"""

from __future__ import annotations

import http

from flask import Flask, g, request
from flask_smorest import Api as SmorestApi
from flask_smorest.utils import prepare_response
from werkzeug.wrappers import Response

from hiring.api import auth
from hiring.api.common import Problem
from hiring.api.problems import API_PREFIX, PROBLEM_TYPE, is_api_request
from hiring.api.schemas import ProblemSchema
from hiring.extensions import csrf
from hiring.permissions import public


class Api(SmorestApi):
    """Errors are documented, and answered (``hiring.errors``), as problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        """hiring.errors answers every error, as a problem under the API's prefix."""

    def _register_responses(self) -> None:
        for status in [*http.HTTPStatus, None]:
            response = {"description": status.phrase if status else "An error",
                        "schema": self.ERROR_SCHEMA}
            prepare_response(response, self.spec, PROBLEM_TYPE)
            name = status.name if status else self.DEFAULT_ERROR_RESPONSE_NAME
            self.spec.components.response(name, response, lazy=True)


def _etag(response: Response) -> Response:
    """Every successful API read carries an ETag (a hash of the body unless the view set
    one, as scorecards do from their lock version) and answers If-None-Match with 304."""
    if (g.get("api_request") and request.method == "GET" and response.status_code == 200
            and not response.direct_passthrough):
        if "ETag" not in response.headers:
            response.add_etag()
        response.make_conditional(request)
    return response


def _json_bodies_only() -> None:
    """A write whose body is not JSON is refused (415): webargs would read no fields from it
    and take every default, so a text/plain PUT would empty a saved scorecard draft."""
    if (not is_api_request() or request.method not in ("POST", "PUT", "PATCH")
            or request.routing_exception is not None):  # no such route: that answer first
        return
    has_body = bool(request.content_length) or "chunked" in request.headers.get(
        "Transfer-Encoding", "").lower()
    if has_body and not request.is_json:
        raise Problem(415, "Unsupported Media Type", "Send application/json.")


def init_app(app: Flask) -> None:
    app.config.update(
        API_TITLE="hiring", API_VERSION="v1", OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=API_PREFIX, OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "security": [{"bearerAuth": []}],
            "components": {"securitySchemes": {"bearerAuth": {"type": "http",
                                                              "scheme": "bearer"}}},
            "info": {"description": "Personal access tokens: Authorization: Bearer <token>. "
                                    "Errors are application/problem+json (RFC 9457)."},
        },
    )
    api = Api(app)
    from hiring.api import candidates, docs, reports, requisitions, scorecards

    for module in (requisitions, candidates, scorecards, reports):
        api.register_blueprint(module.bp)
        csrf.exempt(module.bp)  # no cookie is trusted under the prefix: see hiring.api.auth
    app.register_blueprint(docs.bp)
    spec_view = app.view_functions["api-docs.openapi_json"]  # a bound method: wrap it
    app.view_functions["api-docs.openapi_json"] = public(lambda: spec_view())
    app.before_request(_json_bodies_only)
    auth.init_app(app)
    app.after_request(_etag)
