from flask import Blueprint

bp = Blueprint("auth", __name__)

from hiring.auth import views, views_account, views_second_step, views_sessions, views_tokens  # noqa: E402, F401
