from flask import Blueprint

bp = Blueprint("recruiter", __name__)

from hiring.recruiter import views, views_candidates, views_interviews  # noqa: E402, F401
