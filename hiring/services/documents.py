"""Attaching documents (résumés) to a candidate and removing them.

A document is accepted by what it is, never by what it is called: the bytes must start as a
PDF does (``%PDF-``) and pypdf must open it and find a page, so a text file named
``cv.pdf`` or a truncated download is refused with a message beside the field. The bytes
are stored in the database (``CandidateDocument.data``), so every app server serves the
same file. Each change refreshes the candidate's evaluation summary, whose fingerprint the
packet cache is keyed on: the packet lists the documents. The audit trail records the
document's id and size, never its name (it often carries the candidate's).

Services only flush; the view commits.
"""

from __future__ import annotations

import hashlib
import io
import logging

from sqlalchemy import delete, func, select

from hiring.database import utcnow
from hiring.domain.documents import (
    MAX_BYTES,
    MAX_DOCUMENTS,
    looks_like_pdf,
    safe_filename,
    show_size,
)
from hiring.extensions import db
from hiring.models import Candidate, CandidateDocument, User
from hiring.models.document import PDF
from hiring.services import audit, evaluations
from hiring.services.errors import ServiceError, ValidationFailed

FIELD = "file"


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed({FIELD: [message]})


def check_pdf(data: bytes, max_bytes: int = MAX_BYTES) -> None:
    """Refuse (ValidationFailed on ``file``) anything but a readable PDF of at most
    ``max_bytes``: empty, too large, not a PDF by its content, damaged, or locked with a
    password (interviewers could not read it)."""
    if not data:
        raise _refuse("The file is empty: choose the PDF again.")
    if len(data) > max_bytes:
        raise _refuse(f"The file is {show_size(len(data))}; a document may be at most "
                      f"{show_size(max_bytes)}.")
    if not looks_like_pdf(data[:8]):
        raise _refuse("This file is not a PDF (whatever its name says): export or save "
                      "the document as PDF and upload that.")
    # Imported on use: only an upload reads a PDF, and pypdf is 26 MiB per web worker.
    from pypdf import PasswordType, PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise _refuse("This PDF is locked with a password, so interviewers could not "
                          "read it: upload a copy without the password.")
        pages = len(reader.pages)
    except ValidationFailed:
        raise
    except Exception as exc:  # any parse failure means the same thing: not readable
        logging.getLogger(__name__).info("PDF refused: %s", type(exc).__name__)
        pages = 0
    if pages < 1:
        raise _refuse("This PDF is damaged or has no pages: save it again and upload the "
                      "new copy.")


def attach(candidate: Candidate, filename: str, data: bytes, actor: User | None = None,
           max_bytes: int = MAX_BYTES) -> CandidateDocument:
    """Store ``data`` as a document of the candidate under a sanitised ``filename``.

    Raises ServiceError when the candidate's data was erased, ValidationFailed (``file``)
    for anything but a readable PDF within ``max_bytes`` or past ``MAX_DOCUMENTS``.
    Audited as "candidate.document_attached"; the candidate's summary is refreshed.
    """
    if candidate.erased:
        raise ServiceError("This candidate's data was erased: nothing can be attached.")
    count = db.session.scalar(select(func.count(CandidateDocument.id))
                              .where(CandidateDocument.candidate_id == candidate.id)) or 0
    if count >= MAX_DOCUMENTS:
        raise _refuse(f"A candidate may have at most {MAX_DOCUMENTS} documents: remove one "
                      "first.")
    check_pdf(data, max_bytes)
    document = CandidateDocument(
        candidate_id=candidate.id, filename=safe_filename(filename), content_type=PDF,
        size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data,
        uploaded_by=actor, uploaded_at=utcnow())
    db.session.add(document)
    db.session.flush()
    audit.record("candidate.document_attached", object_type="candidate",
                 object_id=candidate.id, actor=actor,
                 after={"document_id": document.id, "size": document.size})
    evaluations.refresh_one(candidate)
    return document


def remove(document: CandidateDocument, actor: User | None = None) -> None:
    """Delete the document; audited as "candidate.document_removed" and the candidate's
    summary refreshed."""
    candidate = db.session.get(Candidate, document.candidate_id)
    assert candidate is not None  # the foreign key cascades: no document outlives its candidate
    document_id, size = document.id, document.size
    db.session.delete(document)
    db.session.flush()
    audit.record("candidate.document_removed", object_type="candidate",
                 object_id=candidate.id, actor=actor,
                 before={"document_id": document_id, "size": size})
    evaluations.refresh_one(candidate)


def erase_documents(candidate_id: int) -> int:
    """Delete every document of the candidate (their erasure); returns how many."""
    return db.session.execute(delete(CandidateDocument)
                              .where(CandidateDocument.candidate_id == candidate_id)
                              .execution_options(synchronize_session=False)).rowcount
