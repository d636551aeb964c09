"""Attaching and removing a candidate's documents: PDFs by content, in the database, audited
without their names, part of the packet's fingerprint, and gone with the candidate."""

from __future__ import annotations

import hashlib
import io

import pytest
from pypdf import PdfWriter
from sqlalchemy import func, select

from hiring.documents.sample import simple_pdf
from hiring.domain.documents import MAX_DOCUMENTS
from hiring.extensions import db
from hiring.models import AuditEvent, Candidate, CandidateDocument, User
from hiring.queries.documents import document_rows
from hiring.services import documents, evaluations
from hiring.services.errors import ServiceError, ValidationFailed
from hiring.services.privacy import erase_candidate
from tests.test_erasure import dump_database

NAME = "Zora Quintanilla"
RESUME = simple_pdf(f"{NAME}: résumé", ["RESUME-CANARY-51F2 twelve years of Go"])


def encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password, owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def setup(make) -> tuple[int, int]:
    rita = make.user("recruiter", name="Rita Recruiter")
    candidate = make.candidate(make.requisition(recruiters=[rita]), name=NAME)
    return candidate.id, rita.id


def test_attach_stores_the_pdf_refreshes_the_summary_and_audits_no_name(app, make):
    cid, rita = setup(make)
    with app.app_context():
        candidate = db.session.get(Candidate, cid)
        evaluations.refresh_one(candidate)
        db.session.commit()
        before = evaluations.stored_fingerprint(cid)
        document = documents.attach(candidate, f"C:\\Users\\rita\\{NAME} CV.pdf", RESUME,
                                    actor=db.session.get(User, rita))
        db.session.commit()
        stored = db.session.get(CandidateDocument, document.id)
        assert (stored.filename, stored.content_type, stored.size, stored.uploaded_by_id) == (
            f"{NAME} CV.pdf", "application/pdf", len(RESUME), rita)
        assert stored.sha256 == hashlib.sha256(RESUME).hexdigest()
        assert stored.data == RESUME
        [row] = document_rows(cid)
        assert (row.id, row.filename, row.size) == (document.id, f"{NAME} CV.pdf", len(RESUME))
        # The packet's cache key follows the documents, in the same transaction.
        after = evaluations.stored_fingerprint(cid)
        assert after != before
        assert [d.describe() for d in evaluations.verify([cid])] == []
        [event] = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "candidate.document_attached")).all()
        assert (event.object_type, event.object_id, event.actor_id) == ("candidate", str(cid),
                                                                        rita)
        assert event.after == {"document_id": document.id, "size": len(RESUME)}

        documents.remove(db.session.get(CandidateDocument, document.id),
                         actor=db.session.get(User, rita))
        db.session.commit()
        assert document_rows(cid) == ()
        assert evaluations.stored_fingerprint(cid) == before
        [event] = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "candidate.document_removed")).all()
        assert event.before == {"document_id": document.id, "size": len(RESUME)}


@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty"),
    (b"Dear hiring team,\nplease find my CV attached.\n", "This file is not a PDF"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "This file is not a PDF"),
    (b"%PDF-1.7\n" + b"garbage " * 40, "This PDF is damaged or has no pages"),
    (RESUME[: len(RESUME) // 2], "This PDF is damaged or has no pages"),  # a cut download
    (encrypted_pdf("secret"), "locked with a password"),
])
def test_anything_but_a_readable_pdf_is_refused_on_the_file_field(data, message):
    with pytest.raises(ValidationFailed) as refused:
        documents.check_pdf(data)
    [text] = refused.value.errors["file"]
    assert message in text


def test_a_pdf_locked_only_against_editing_is_accepted():
    documents.check_pdf(encrypted_pdf(""))
    documents.check_pdf(RESUME)


def test_a_refused_file_stores_nothing(app, make):
    cid, _ = setup(make)
    with app.app_context():
        with pytest.raises(ValidationFailed, match="not a PDF"):
            documents.attach(db.session.get(Candidate, cid), "cv.pdf", b"plain text")
        db.session.rollback()
        assert db.session.scalar(select(func.count(CandidateDocument.id))) == 0


def test_size_and_count_limits(app, make):
    cid, _ = setup(make)
    with app.app_context():
        candidate = db.session.get(Candidate, cid)
        with pytest.raises(ValidationFailed, match=r"is 1\.0 KiB; a document may be at most "
                                                   r"1023 B"):
            documents.attach(candidate, "cv.pdf", RESUME + b"\n" * (1024 - len(RESUME)),
                             max_bytes=1023)
        for _ in range(MAX_DOCUMENTS):
            documents.attach(candidate, "cv.pdf", RESUME)
        with pytest.raises(ValidationFailed, match=f"at most {MAX_DOCUMENTS} documents"):
            documents.attach(candidate, "one-more.pdf", RESUME)


def test_erasure_deletes_the_documents_and_an_erased_candidate_takes_none(app, make):
    cid, rita = setup(make)
    with app.app_context():
        documents.attach(db.session.get(Candidate, cid), f"{NAME}.pdf", RESUME,
                         actor=db.session.get(User, rita))
        db.session.commit()
        dumped, blobs = dump_database()
        assert NAME.lower() in dumped
        assert any(RESUME in blob for blob in blobs)
        erasure = erase_candidate(db.session.get(Candidate, cid), "Request 7")
        db.session.commit()
        assert erasure.documents == 1
        assert "1 document(s) deleted" in erasure.describe()
        dumped, blobs = dump_database()
        assert NAME.lower() not in dumped
        assert not any(b"RESUME-CANARY-51F2" in blob for blob in blobs)
        assert db.session.scalar(select(func.count(CandidateDocument.id))) == 0
        with pytest.raises(ServiceError, match="erased"):
            documents.attach(db.session.get(Candidate, cid), "cv.pdf", RESUME)
