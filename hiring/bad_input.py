"""Input no view should ever see: refused before any view runs, with a clear 400 page, or
kept out of the routes (an id past any id column is no route at all).

A NUL character (U+0000) is never part of text a person types, and PostgreSQL refuses it in
any text column or comparison ("A string literal cannot contain NUL characters"), which
made a 500 on PostgreSQL while SQLite stored it. One policy for both backends and every
form, search box and URL argument, present and future: a request carrying a NUL in a form
or query value (or name) is refused as a whole before the view runs, so nothing is saved
and the browser's Back button still holds what was typed.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter, Map

NUL = "\x00"
MAX_ID = 2**31 - 1  # the largest value of an INTEGER id column on PostgreSQL
NUL_MESSAGE = ("What you sent contains a NUL character (\\0), which no text here can hold. "
               "Nothing was saved: go back, remove it (it often comes with text pasted from "
               "a binary file) and send again.")
API_NUL_MESSAGE = ("The request contains a NUL character (\\u0000), which no text here can "
                   "hold. Nothing was saved: remove it and send again.")


def bad_request(title: str, message: str) -> HTTPException:
    """A 400 whose page says what was wrong (the generic 400 page says only that it was).

    Raise it from a view or a helper: ``raise bad_request(...)``. A script that asks for
    JSON (the kit's in-place draft save) gets the message as JSON and keeps the page, with
    what was typed, instead of being sent to an error page.
    """
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    if best == "application/json":
        response = make_response(jsonify(message=f"{title}. {message}", errors={},
                                         summary=[]), 400)
    else:
        response = make_response(render_template(
            "errors/error.html", code=400, title=title, message=message, nav_count=None), 400)
    return HTTPException(response=response)


def holds_nul(pairs: Iterable[tuple[str, str]]) -> bool:
    """True when any name or value holds a NUL character."""
    return any(NUL in key or NUL in value for key, value in pairs)


def json_holds_nul(value: object) -> bool:
    """True when any string (key or value) anywhere in a parsed JSON body holds a NUL.
    Iterative: a body nested as deep as the parser allows is walked without recursion."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if NUL in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def refuse_nul() -> None:
    """before_request: a NUL in the query string, a posted form or a JSON body refuses the
    request: the API's callers get a 422 problem, everyone else the 400 page."""
    writes = request.method in ("POST", "PUT", "PATCH")
    if holds_nul(request.args.items(multi=True)) or (writes and (
            holds_nul(request.form.items(multi=True))
            or json_holds_nul(request.get_json(silent=True)))):
        from hiring.api.common import Problem  # not at load: the API imports this module
        from hiring.api.problems import is_api_request

        if is_api_request():
            raise Problem(422, "Unprocessable Content", API_NUL_MESSAGE)
        raise bad_request("Text with a NUL character", NUL_MESSAGE)


class RecordId(IntegerConverter):
    """``<int:...>`` in a route, bounded by the id columns (32-bit integers): a larger
    number is no route (404) instead of a 500 (SQLite cannot even bind 2**63)."""

    def __init__(self, url_map: Map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = MAX_ID, signed: bool = False) -> None:
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> None:
    """Call before registering blueprints, so that their routes use the bounded ids."""
    app.url_map.converters["int"] = RecordId
    app.before_request(refuse_nul)
