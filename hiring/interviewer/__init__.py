from flask import Blueprint

bp = Blueprint("interviewer", __name__)

from hiring.interviewer import views, views_colleagues  # noqa: E402, F401
