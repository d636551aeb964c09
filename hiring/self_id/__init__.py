"""Voluntary self-identification: the recruiter's one-time link and the candidate's public form.

The answers are never shown per person, to anyone: no page here reads them back.
"""

from flask import Blueprint

bp = Blueprint("self_id", __name__)

from hiring.self_id import views  # noqa: E402, F401
