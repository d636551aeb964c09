from flask import Blueprint

bp = Blueprint("auth", __name__)

from hiring.auth import (  # noqa: E402, F401
    views,
    views_account,
    views_links,
    views_second_step,
    views_sessions,
    views_tokens,
)
