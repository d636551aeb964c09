"""Error pages; a 500 rolls the session back so a failed request never half-writes.

Error pages run no query of their own (no navigation counts), and a 500 caused by the
database still gets its page: rendered as nobody when even loading the user fails.
"""

from __future__ import annotations

from flask import Flask, current_app, render_template
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from hiring.extensions import db

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Not allowed", "Your roles do not open this page."),
    404: ("Not found", "There is nothing here, or it is not yours to see."),
    405: ("Not allowed", "This address does not take that kind of request."),
    413: ("Too large", "What you sent is larger than this app accepts."),
    429: ("Too many attempts", "Wait a few minutes, then try again."),
    500: ("Something went wrong", "Nothing was saved. Try again; if it keeps happening, "
                                  "tell your administrator."),
}


def _page(code: int, title: str, message: str) -> str:
    # nav_count=None: the navigation shows no counts, so an error page queries nothing itself.
    return render_template("errors/error.html", code=code, title=title, message=message,
                           nav_count=None)


def _page_as_nobody(code: int, title: str, message: str) -> str:
    """The page without the request's context processors, which would load the user again."""
    template = current_app.jinja_env.get_template("errors/error.html")
    return template.render(code=code, title=title, message=message,
                           current_user=AnonymousUserMixin())


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return _page(400, "This form has expired",
                     "The page was open for too long or your session changed. Go back, reload "
                     "the page, and send it again; copy any long text first."), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        title, message = MESSAGES.get(code, (error.name, error.description or ""))
        return _page(code, title, message), code

    @app.errorhandler(500)
    def server_error(error: Exception) -> tuple[str, int]:
        title, message = MESSAGES[500]
        try:
            db.session.rollback()
            return _page(500, title, message), 500
        except SQLAlchemyError:  # the database is what failed: the user cannot be shown
            return _page_as_nobody(500, title, message), 500
