from flask import Blueprint

bp = Blueprint("auth", __name__)

from hiring.auth import views  # noqa: E402, F401
