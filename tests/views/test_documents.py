"""Documents on the pages: the recruiter attaches and removes them on the candidate page; the
committee and the candidate's interviewers read them (inline for the kit's frame, or as a
download); refused uploads say why; an oversized one gets a clear page, not a reset."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from hiring.documents.sample import simple_pdf
from hiring.extensions import db
from hiring.models import Candidate, CandidateDocument
from hiring.models.access_log import AccessRecord
from hiring.packet.content import packet_html
from hiring.queries.debrief import build_debrief

RESUME = simple_pdf("Nora Fairweather: résumé", ["Ten years of Rust"])
MiB = 1024 * 1024
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def world(make) -> dict:
    rita = make.user("recruiter", name="Rita Recruiter")
    cora = make.user("committee", name="Cora Committee")
    ivan = make.user("interviewer", name="Ivan Interviewer")
    ines = make.user("interviewer", name="Ines Elsewhere")
    req = make.requisition(recruiters=[rita], committee=[cora])
    candidate = make.candidate(req, name="Nora Fairweather", stage="phone_screen")
    interview = make.interview(candidate, ivan, "phone_screen")
    return {"rita": rita, "cora": cora, "ivan": ivan, "ines": ines, "candidate": candidate,
            "interview": interview}


def upload(client, candidate_id: int, data: bytes, name: str = "Nora CV.pdf"):
    """Post the file as a browser would. The body is encoded here, in memory: Werkzeug's
    test client would spool a large one to a temporary file it never closes."""
    boundary, body = encode_multipart({"csrf_token": client.csrf_token(),
                                       "file": FileStorage(io.BytesIO(data), name)})
    return client.post(f"/candidates/{candidate_id}/documents", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def stored(app) -> list[CandidateDocument]:
    with app.app_context():
        return list(db.session.scalars(select(CandidateDocument)))


def test_upload_then_read_inline_and_download(app, client, make):
    w = world(make)
    cid = w["candidate"].id
    client.login(w["rita"])
    response = upload(client, cid, RESUME, name="../Nora\u202e CV.pdf")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/candidates/{cid}#documents")
    [document] = stored(app)
    assert document.filename == "Nora CV.pdf"
    page = client.get(f"/candidates/{cid}").get_data(as_text=True)
    assert "Nora CV.pdf attached." in page
    assert f'href="/documents/{document.id}"' in page
    assert f'action="/documents/{document.id}/delete"' in page
    assert 'enctype="multipart/form-data"' in page

    for reader in ("rita", "cora", "ivan"):
        client.logout()
        client.login(w[reader])
        shown = client.get(f"/documents/{document.id}")
        assert shown.status_code == 200, reader
        assert shown.data == RESUME
        assert shown.mimetype == "application/pdf"
        assert shown.headers["Content-Disposition"] == 'inline; filename="Nora CV.pdf"'
        assert shown.headers["X-Content-Type-Options"] == "nosniff"
        assert shown.headers["X-Frame-Options"] == "SAMEORIGIN"
        assert shown.headers["Cache-Control"] == "no-store"
        policy = shown.headers["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in policy
        assert "default-src 'none'" in policy
        assert "unsafe" not in policy
        saved = client.get(f"/documents/{document.id}/download")
        assert saved.headers["Content-Disposition"] == 'attachment; filename="Nora CV.pdf"'
        assert saved.data == RESUME

    client.logout()
    client.login(w["ines"])  # an interviewer, but not of this candidate
    assert client.get(f"/documents/{document.id}").status_code == 404
    assert client.get(f"/documents/{document.id}/download").status_code == 404
    with app.app_context():  # each read is in the access log; the refused ones are not
        reads = db.session.execute(select(AccessRecord.user_id, func.count())
                                   .where(AccessRecord.kind == "document",
                                          AccessRecord.candidate_id == cid)
                                   .group_by(AccessRecord.user_id)).all()
    assert dict(reads) == {w[reader].id: 2 for reader in ("rita", "cora", "ivan")}


@SQLITE_ONLY
def test_the_kit_frames_the_resume_and_the_page_may_frame_it(app, client, make):
    w = world(make)
    client.login(w["rita"])
    upload(client, w["candidate"].id, RESUME)
    upload(client, w["candidate"].id, simple_pdf("Portfolio"), name="Portfolio.pdf")
    first, second = stored(app)
    client.logout()
    client.login(w["ivan"])
    kit = client.get(f"/my/interviews/{w['interview'].id}")
    page = kit.get_data(as_text=True)
    assert re.search(rf'<iframe class="document-frame" name="kit-document" title="Nora CV.pdf" '
                     rf'src="/documents/{first.id}">', page)
    assert f'href="/documents/{second.id}" target="kit-document"' in page
    assert f'href="/documents/{second.id}/download"' in page
    assert "/delete" not in page  # interviewers read, never remove
    policy = kit.headers["Content-Security-Policy"]
    assert "frame-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe" not in policy


@SQLITE_ONLY
@pytest.mark.parametrize(("data", "name", "message"), [
    (b"Just text, named like a PDF.\n", "cv.pdf", "This file is not a PDF"),
    (b"%PDF-1.7 not really", "cv.pdf", "This PDF is damaged or has no pages"),
    (None, "", "Choose a PDF file to attach."),
])
def test_a_refused_upload_says_why_on_the_candidate_page(app, client, make, data, name,
                                                         message):
    w = world(make)
    client.login(w["rita"])
    if data is None:
        response = client.post(f"/candidates/{w['candidate'].id}/documents", data={},
                               content_type="multipart/form-data")
    else:
        response = upload(client, w["candidate"].id, data, name=name)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert 'id="error-summary"' in page
    assert 'href="#file"' in page
    assert "Nora Fairweather" in page  # the candidate page, not an error page
    assert stored(app) == []


@SQLITE_ONLY
def test_oversized_uploads_get_a_clear_answer_and_other_forms_keep_the_small_limit(app, client,
                                                                                  make):
    w = world(make)
    cid = w["candidate"].id
    client.login(w["rita"])
    # Over 10 MiB but within the request's allowance: the service's message on the page.
    response = upload(client, cid, RESUME + b"\n" * (10 * MiB + 1 - len(RESUME)))
    assert response.status_code == 400
    assert "The file is 10.0 MiB; a document may be at most 10.0 MiB." in (
        response.get_data(as_text=True))
    # Far over: refused from the Content-Length alone, with a page that says the limit.
    response = upload(client, cid, RESUME + b"\n" * (11 * MiB))
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "File too large" in page
    assert "at most 10.0 MiB" in page
    assert f'href="/candidates/{cid}#documents"' in page
    assert stored(app) == []
    # Every other route keeps the 2 MiB limit.
    response = client.post(f"/candidates/{cid}/move",
                           data={"stage": "rejected", "note": "x" * (3 * MiB)})
    assert response.status_code == 413
    with app.app_context():
        assert db.session.get(Candidate, cid).stage == "phone_screen"


@SQLITE_ONLY
def test_remove_and_who_may_change_documents(app, client, make):
    w = world(make)
    cid = w["candidate"].id
    client.login(w["rita"])
    upload(client, cid, RESUME)
    [document] = stored(app)
    for who, status in (("cora", 403), ("ivan", 403)):
        client.logout()
        client.login(w[who])
        assert client.post(f"/documents/{document.id}/delete").status_code == status
        assert upload(client, cid, RESUME).status_code == status
        page = client.get(f"/candidates/{cid}").get_data(as_text=True) if who == "cora" else ""
        assert "Remove" not in page
        assert 'enctype="multipart/form-data"' not in page
    assert len(stored(app)) == 1
    client.logout()
    client.login(w["rita"])
    response = client.post(f"/documents/{document.id}/delete")
    assert response.status_code == 302
    assert stored(app) == []
    assert "Nora CV.pdf removed." in client.get(f"/candidates/{cid}").get_data(as_text=True)


@SQLITE_ONLY
def test_the_packet_lists_the_documents(app, client, make):
    w = world(make)
    client.login(w["rita"])
    upload(client, w["candidate"].id, RESUME)
    with app.test_request_context():
        view = build_debrief(db.session.get(Candidate, w["candidate"].id))
        html = packet_html(view)
        assert db.session.scalar(select(func.count(CandidateDocument.id))) == 1
    section = html[html.index("<h2>Documents</h2>"):]
    assert (f'<td class="text">Nora CV.pdf</td><td class="num">{len(RESUME)} B</td>'
            in section)


@SQLITE_ONLY
def test_the_debrief_lists_the_documents_for_those_who_may_read_them(app, client, make):
    w = world(make)
    client.login(w["rita"])
    url = f"/candidates/{w['candidate'].id}/debrief"
    assert "Résumé and documents" not in client.get(url).get_data(as_text=True)  # none yet
    upload(client, w["candidate"].id, RESUME)
    [document] = stored(app)
    for reader in ("rita", "cora"):
        client.login(w[reader])
        page = client.get(url).get_data(as_text=True)
        assert "Résumé and documents (1)" in page
        assert f'href="/documents/{document.id}"' in page
