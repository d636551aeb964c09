"""The demo's résumés: a one-page PDF for a few candidates, so the candidate page, the kit
and the packet show documents (Farid's is in Ivan's overdue kit; Amara's is in her packet).

Made with ``simple_pdf`` (no renderer), so loading the demo stays fast. Written past the
services, like the rest of the demo; ``load_demo`` refreshes the summaries afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import select

from hiring.documents.sample import simple_pdf
from hiring.domain.documents import safe_filename
from hiring.extensions import db
from hiring.models import Candidate, CandidateDocument
from hiring.models.document import PDF

RESUMES = {
    "Amara Okonkwo": ("Staff-level backend engineer, 9 years",
                      ["Payments platform lead at a European acquirer (2021-now):",
                       "  designed idempotent settlement pipelines, 40M transactions a day.",
                       "Mentored six engineers; two promoted to senior.",
                       "Go, PostgreSQL, Kafka, Kubernetes.",
                       "MSc Computer Science, University of Lagos."]),
    "Farid Haddad": ("Backend engineer, 6 years",
                     ["Checkout and billing services at an online retailer (2020-now).",
                      "Cut p99 latency of the cart API from 900 ms to 180 ms.",
                      "Python, Django, PostgreSQL, Redis.",
                      "BSc Software Engineering, American University of Beirut."]),
    "Elif Demir": ("Senior software engineer, 8 years",
                   ["Fraud-detection services at a fintech (2019-now).",
                    "Led the move from batch scoring to streaming, 2 s to 80 ms.",
                    "Java, Kotlin, PostgreSQL, Flink.",
                    "BSc Computer Engineering, Middle East Technical University."]),
}


def load_documents(builder: Any) -> int:
    """Attach each résumé to the demo candidate of that name; returns how many."""
    recruiter = builder.users["recruiter"]
    added = 0
    for candidate in db.session.scalars(select(Candidate).where(
            Candidate.name.in_(list(RESUMES))).order_by(Candidate.id)):
        headline, lines = RESUMES[candidate.name]
        data = simple_pdf(f"{candidate.name}: {headline}", lines)
        db.session.add(CandidateDocument(
            candidate_id=candidate.id, filename=safe_filename(f"{candidate.name} CV.pdf"),
            content_type=PDF, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
            data=data, uploaded_by_id=recruiter.id,
            uploaded_at=candidate.created_at + dt.timedelta(hours=2)))
        added += 1
    db.session.flush()
    return added
