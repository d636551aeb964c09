"""Attach, remove, show inline and download a candidate's documents."""

from __future__ import annotations

import io

from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from hiring.database import begin_writes
from hiring.documents import bp
from hiring.documents.forms import DocumentForm
from hiring.domain.documents import show_size
from hiring.extensions import db
from hiring.forms_util import apply_errors
from hiring.models import Candidate, CandidateDocument
from hiring.permissions import can_manage_documents, can_read_documents, require, role_required
from hiring.queries.pipeline import with_rubric
from hiring.recruiter.common import me
from hiring.security import inline_document
from hiring.services import documents
from hiring.services.access_log import record_read
from hiring.services.errors import ServiceError
from hiring.uploads import accepts_upload

READERS = ("recruiter", "committee", "interviewer")


@bp.route("/candidates/<int:candidate_id>/documents", methods=["POST"])
@role_required("recruiter")
@accepts_upload("DOCUMENT_MAX_BYTES")
def upload(candidate_id: int) -> Response | tuple[str, int]:
    candidate = db.get_or_404(Candidate, candidate_id, options=[with_rubric()])
    require(can_manage_documents(me(), candidate))
    form = DocumentForm()
    if form.validate_on_submit():
        chosen = form.file.data
        try:
            document = documents.attach(candidate, chosen.filename or "", chosen.read(),
                                        actor=me(),
                                        max_bytes=current_app.config["DOCUMENT_MAX_BYTES"])
        except ServiceError as exc:
            apply_errors(form, exc)
        else:
            db.session.commit()
            flash(f"{document.filename} attached.", "success")
            return redirect(url_for("recruiter.candidate", candidate_id=candidate.id,
                                    _anchor="documents"))
    db.session.rollback()
    # Imported here: the candidate page's module imports this package's form.
    from hiring.recruiter.views_candidates import render_candidate

    return render_candidate(candidate, upload=form), 400


@bp.route("/documents/<int:document_id>/delete", methods=["POST"])
@role_required("recruiter")
def remove(document_id: int) -> Response:
    document = db.get_or_404(CandidateDocument, document_id)
    candidate = db.get_or_404(Candidate, document.candidate_id)
    require(can_manage_documents(me(), candidate))
    name = document.filename
    documents.remove(document, actor=me())
    db.session.commit()
    flash(f"{name} removed.", "success")
    return redirect(url_for("recruiter.candidate", candidate_id=candidate.id,
                            _anchor="documents"))


def _readable(document_id: int) -> CandidateDocument:
    document = db.get_or_404(CandidateDocument, document_id)
    candidate = db.get_or_404(Candidate, document.candidate_id)
    require(can_read_documents(me(), candidate))
    return document


def _send(document: CandidateDocument, as_attachment: bool) -> Response:
    """The document's bytes, its reading recorded in the access log (a résumé is personal
    data as much as the candidate page is)."""
    data, mimetype, name = document.data, document.content_type, document.filename
    candidate_id = document.candidate_id
    begin_writes()  # read: now one short write for the access log
    record_read("document", candidate_id, me())
    db.session.commit()
    response = send_file(io.BytesIO(data), mimetype=mimetype,
                         as_attachment=as_attachment, download_name=name,
                         max_age=0, etag=False, conditional=False)
    return inline_document(response)


@bp.route("/documents/<int:document_id>")
@role_required(*READERS)
def show(document_id: int) -> Response:
    """The PDF itself, for the browser's viewer (the kit frames it)."""
    return _send(_readable(document_id), as_attachment=False)


@bp.route("/documents/<int:document_id>/download")
@role_required(*READERS)
def download(document_id: int) -> Response:
    return _send(_readable(document_id), as_attachment=True)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    """A body past the upload limit: refused before it is read, with a page that says the
    limit and leads back to the candidate (the file field cannot be kept anyway)."""
    limit = show_size(current_app.config["DOCUMENT_MAX_BYTES"])
    candidate_id = (request.view_args or {}).get("candidate_id")
    back = url_for("recruiter.candidate", candidate_id=candidate_id, _anchor="documents") \
        if candidate_id else url_for("auth.home")
    return render_template(
        "documents/too_large.html", code=413, title="File too large",
        message=f"A document may be at most {limit}. Nothing was saved: go back and choose "
                "a smaller PDF (saving it again with “reduce file size” often helps).",
        back=back, nav_count=None), 413
