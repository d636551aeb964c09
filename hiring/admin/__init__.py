from flask import Blueprint

bp = Blueprint("admin", __name__)

from hiring.admin import views, views_audit, views_decisions, views_privacy  # noqa: E402, F401
