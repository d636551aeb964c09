from flask import Blueprint

bp = Blueprint("admin", __name__)

from hiring.admin import (  # noqa: E402, F401
    views,
    views_audit,
    views_decisions,
    views_outbox,
    views_privacy,
)
