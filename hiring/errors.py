"""Error pages; a 500 rolls the session back so a failed request never half-writes.

Error pages run no query of their own (no navigation counts), and a 500 caused by the
database still gets its page: rendered as nobody when even loading the user fails.

A lock timeout (another writer held the database too long) is not a bug but a busy moment:
it answers 503 with Retry-After, and a form keeps what was typed, either because its view
declared a page for it (``@when_busy``: the form again, filled in) or because the generic
busy page carries the posted fields in a "Send again" form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from hiring.api.common import Problem
from hiring.api.problems import http_problem, is_api_request, problem
from hiring.database import is_lock_timeout, reads_only
from hiring.extensions import db
from hiring.permissions import GATE_ATTRIBUTE

F = TypeVar("F", bound=Callable[..., Any])
RETRY_AFTER_SECONDS = 5
BUSY_TITLE = "Busy, try again"
BUSY_MESSAGE = ("Many people are saving at this moment and this was not saved. Nothing you "
                "typed is lost: send it again in a few seconds.")

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Not allowed", "Your account's roles do not open this page. If your work needs it, "
                         "ask an administrator of this app to add the role to your account."),
    # Never which of the two: telling would say that something exists to someone with no
    # business knowing. What to do is the same either way.
    404: ("Not found", "There is nothing here, or it is not yours to see. Check the address; "
                       "if someone sent you this link, ask them whether it was meant for "
                       "you. Your start page lists what you can open."),
    405: ("Not allowed", "This address does not take that kind of request."),
    413: ("Too large", "What you sent is larger than this app accepts."),
    429: ("Too many attempts", "Wait a few minutes, then try again."),
    500: ("Something went wrong", "Nothing was saved. Try again; if it keeps happening, "
                                  "tell your administrator."),
}


# A role gate's role, as the 403 page names the people it is for.
ROLE_PEOPLE = {"admin": "administrators", "recruiter": "recruiters",
               "committee": "hiring committee members", "interviewer": "interviewers"}


def role_refusal() -> str:
    """What a 403 from ``role_required`` says: whose page this is and whom to ask.

    The roles a page is for are no secret (the navigation shows each role its pages), so
    naming them leaks nothing; the object-level checks answer 404 and never come here.
    Falls back to the generic sentence for any other 403.
    """
    view = current_app.view_functions.get(request.endpoint or "")
    gate = str(getattr(view, GATE_ATTRIBUTE, "") or "")
    if not gate.startswith("roles:"):
        return MESSAGES[403][1]
    people = [ROLE_PEOPLE.get(role, role) for role in gate.removeprefix("roles:").split(",")]
    if len(people) == 1:
        who, lacks, add = people[0], "does not hold that role", "the role"
    else:
        who = ", ".join(people[:-1]) + " and " + people[-1]
        lacks = "holds neither role" if len(people) == 2 else "holds none of those roles"
        add = "the one your work needs"
    return (f"This page is for {who}, and your account {lacks}. If your work needs the "
            f"page, ask an administrator of this app to add {add} to your account; until "
            "then, your start page lists what you can open.")


def _page(code: int, title: str, message: str) -> str:
    # nav_count=None: the navigation shows no counts, so an error page queries nothing itself.
    return render_template("errors/error.html", code=code, title=title, message=message,
                           nav_count=None)


def _page_as_nobody(code: int, title: str, message: str) -> str:
    """The page without the request's context processors, which would load the user again."""
    template = current_app.jinja_env.get_template("errors/error.html")
    return template.render(code=code, title=title, message=message,
                           current_user=AnonymousUserMixin())


def when_busy(page: Callable[..., Any]) -> Callable[[F], F]:
    """Declare the page a view answers on a lock timeout: its form again with what was typed
    (from ``request.form``) and a "busy" message. ``page`` takes the view's URL arguments,
    runs in a read-only transaction, and must not write; the status becomes 503.

    Put it directly above the function, under the route and gate decorators.
    """

    def decorator(view: F) -> F:
        view.when_busy = page  # type: ignore[attr-defined]
        return view

    return decorator


def _busy_response() -> Response:
    """503 for a lock timeout: the view's own page when it declared one, else a generic page
    that offers to send the posted fields again."""
    reads_only()  # the page below must not wait for the lock that just timed out
    if is_api_request():
        return problem(503, "Service Unavailable", BUSY_MESSAGE.replace(
            "Nothing you typed is lost: send", "Send"),
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    view = current_app.view_functions.get(request.endpoint or "")
    page = getattr(view, "when_busy", None)
    posted_form = request.method == "POST" and request.mimetype in (
        "application/x-www-form-urlencoded", "multipart/form-data")
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    if best == "application/json":  # a script's request (the kit saving a draft in place)
        response = jsonify(message=BUSY_MESSAGE)
    elif page is not None and posted_form:
        response = make_response(page(**(request.view_args or {})))
    else:
        fields = [(name, value) for name, value in request.form.items(multi=True)
                  if "password" not in name] if posted_form else []  # never echo a secret
        response = make_response(render_template(
            "errors/busy.html", code=503, title=BUSY_TITLE, message=BUSY_MESSAGE,
            fields=fields, action=request.full_path.rstrip("?"), nav_count=None))
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(OperationalError)
    def lock_timeout(error: OperationalError) -> Response:
        if not is_lock_timeout(error):
            raise error  # a real failure: the 500 handler below, logged
        app.logger.warning("lock timeout, answered 503: %s %s", request.method, request.path)
        try:
            return _busy_response()
        except SQLAlchemyError:  # even reading failed: the generic page, as nobody
            db.session.rollback()
            response = make_response(_page_as_nobody(503, BUSY_TITLE, BUSY_MESSAGE), 503)
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return _page(400, "This form has expired",
                     "The page was open for too long or your session changed. Go back, reload "
                     "the page, and send it again; copy any long text first."), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | Response:
        if is_api_request():  # the JSON API answers RFC 9457 problems, never pages
            return error.get_response() if isinstance(error, Problem) else http_problem(error)
        code = error.code or 500
        title, message = MESSAGES.get(code, (error.name, error.description or ""))
        if code == 403:
            message = role_refusal()
        return _page(code, title, message), code

    @app.errorhandler(500)
    def server_error(error: Exception) -> tuple[str, int] | Response:
        title, message = MESSAGES[500]
        try:
            db.session.rollback()
            if is_api_request():
                return problem(500, "Internal Server Error", message)
            return _page(500, title, message), 500
        except SQLAlchemyError:  # the database is what failed: the user cannot be shown
            return _page_as_nobody(500, title, message), 500
