from flask import Blueprint

bp = Blueprint("recruiter", __name__)

from hiring.recruiter import (  # noqa: E402, F401
    views,
    views_candidates,
    views_exports,
    views_interviews,
    views_list,
    views_reminders,
    views_rounds,
)
