"""The API's documentation page: our own small page that renders the OpenAPI document with
a script served by the app (the CSP allows no inline script and no other origin)."""

from __future__ import annotations

from flask import Blueprint, render_template

from hiring.api.problems import API_PREFIX
from hiring.permissions import public

bp = Blueprint("api_docs", __name__, url_prefix=API_PREFIX)


@bp.route("/docs")
@public
def docs() -> str:
    return render_template("api/docs.html")
