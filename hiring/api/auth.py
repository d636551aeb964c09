"""Bearer-token authentication for every request under the API's prefix.

The API never reads the session cookie: the caller is the user the token names, or the
request is refused with 401 before any view runs. Because no cookie is trusted, the API
takes no CSRF token either. One audit row per authenticated request, committed on its own
so that a GET's transaction stays a read.
"""

from __future__ import annotations

from flask import Flask, g, request
from werkzeug.wrappers import Response

from hiring.api.problems import API_PREFIX, is_api_request, problem
from hiring.extensions import db
from hiring.permissions import must_enrol_mfa
from hiring.security import no_store
from hiring.services.api_tokens import authenticate

# Documentation routes anyone may read: the schema describes no one's data.
PUBLIC_PATHS = frozenset({f"{API_PREFIX}/openapi.json", f"{API_PREFIX}/docs"})


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" and credentials.strip() else None


def authenticate_request() -> Response | None:
    """before_request, first of all: set the request's user from the token, or answer 401."""
    if not is_api_request():
        return None
    no_store()  # answers name candidates and people: no cache keeps them
    if request.path in PUBLIC_PATHS or request.routing_exception is not None:
        return None  # documentation, or no such route (404/405 as a problem, token or not)
    g.api_request = True
    secret = _bearer()
    if secret is None:
        return problem(401, "Unauthorized", "Send a personal access token: "
                                            "Authorization: Bearer <token>.")
    g.writes_begun = True  # the use is audited in a short write transaction of its own
    user = authenticate(secret, request.method, request.path)
    db.session.commit()
    g.writes_begun = False
    if user is None:
        return problem(401, "Unauthorized", "This token is unknown, expired or revoked.",
                       headers={"WWW-Authenticate": 'Bearer realm="hiring", '
                                                    'error="invalid_token"'})
    if must_enrol_mfa(user):
        return problem(403, "Forbidden", "Administrators must set up two-step verification "
                                         "in the web app before using the API.")
    g._login_user = user  # Flask-Login's current_user for this request only, no session
    return None


def init_app(app: Flask) -> None:
    # First of the app's hooks: the web's hooks (admins' enrolment redirect) then see the
    # token's user, never the cookie's.
    app.before_request_funcs.setdefault(None, []).insert(0, authenticate_request)
