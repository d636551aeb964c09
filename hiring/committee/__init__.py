from flask import Blueprint

bp = Blueprint("committee", __name__)

from hiring.committee import views, views_packet  # noqa: E402, F401
