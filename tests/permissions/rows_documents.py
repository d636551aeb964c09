"""Candidates' documents: the requisition's recruiters attach and remove them; its recruiters
and committee, and the candidate's interviewers, read them (inline and as a download)."""

import io

from hiring.documents.sample import simple_pdf
from tests.permissions.matrix import Route

OWN = (200, 404, 404)  # own object / someone else's / missing
DONE = (302, 404, 404)
READ = {"recruiter": OWN, "committee": OWN, "interviewer": OWN}


def _doc(w, s):
    return w.id("document", s)


ROWS = [
    Route("documents.upload", "POST",
          lambda w, s: f"/candidates/{w.id('candidate', s)}/documents",
          expect={"recruiter": DONE},
          data=lambda w, s: {"file": (io.BytesIO(simple_pdf("CV")), "CV.pdf")}),
    Route("documents.remove", "POST", lambda w, s: f"/documents/{_doc(w, s)}/delete",
          expect={"recruiter": DONE}),
    Route("documents.show", "GET", lambda w, s: f"/documents/{_doc(w, s)}", expect=READ),
    Route("documents.download", "GET", lambda w, s: f"/documents/{_doc(w, s)}/download",
          expect=READ),
]
