"""Candidates' documents (résumés): recruiters attach and remove them on the candidate page;
recruiters, the committee and the candidate's interviewers read them, inline in the kit or
downloaded. Who may do what: ``can_manage_documents`` and ``can_read_documents``."""

from flask import Blueprint

bp = Blueprint("documents", __name__)

from hiring.documents import views  # noqa: E402, F401
