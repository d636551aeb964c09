"""CSV downloads: accents intact (UTF-8 with BOM), no cell a spreadsheet would run as a
formula, the list's filters, and the scorecards' independence rules."""

from __future__ import annotations

import csv
import datetime as dt
import io

from sqlalchemy import select

from hiring.database import utcnow
from hiring.domain.analytics.show import FORMULA_STARTS
from hiring.models import Scorecard

HOSTILE = ["=HYPERLINK(\"http://evil\")", "+1+2", "-3", "@SUM(A1)", "\tTab", "\rReturn"]


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


def _no_formula(rows: list[list[str]]) -> None:
    assert not [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]


def test_candidates_keep_accents_and_defuse_formulas_with_the_lists_filters(client, make):
    recruiter = make.user("recruiter")
    req = make.requisition(recruiters=[recruiter])
    make.candidate(req, name="Zoë Ångström-Núñez", stage="phone_screen")
    for n, text in enumerate(HOSTILE):
        make.candidate(req, name=text, source=text, email=f"h{n}@example.com", stage="offer")
    client.login(recruiter)
    rows = _rows(client.get("/candidates.csv"))
    _no_formula(rows)
    names = [row[1] for row in rows[1:]]
    assert "Zoë Ångström-Núñez" in names
    assert "'=HYPERLINK(\"http://evil\")" in names
    assert "'\tTab" in names
    filtered = _rows(client.get("/candidates.csv?stage=phone_screen"))
    assert [row[1] for row in filtered[1:]] == ["Zoë Ångström-Núñez"]


def test_a_pending_interviewers_export_lacks_colleagues_scores(client, make):
    hugo = make.user("committee", "interviewer", name="Hugo")
    ines = make.user("interviewer", name="Inès")
    req = make.requisition(committee=[hugo])
    owed = make.candidate(req, name="Owed Candidate", stage="phone_screen")
    done = make.candidate(req, name="Done Candidate", stage="phone_screen")
    make.scorecard(make.interview(owed, ines), {"coding": 2}, evidence="-secret on owed")
    make.scorecard(make.interview(done, ines), {"coding": 3}, evidence="Inès on done")
    mine = make.interview(owed, hugo)
    make.scorecard(mine, {"coding": 4}, submitted=False, evidence="my draft")
    client.login(hugo)
    rows = _rows(client.get(f"/requisitions/{req.id}/scorecards.csv"))
    _no_formula(rows)
    evidence = {(row[1], row[3], row[10]) for row in rows[1:]}
    assert evidence == {("Owed Candidate", "Hugo", "my draft"),
                        ("Done Candidate", "Inès", "Inès on done")}
    with make.session() as s:  # Hugo submits his own: nothing of his is pending any more
        card = s.scalar(select(Scorecard).where(Scorecard.interview_id == mine.id))
        card.status, card.revision, card.submitted_at = "submitted", 1, utcnow()
    after = _rows(client.get(f"/requisitions/{req.id}/scorecards.csv"))
    assert ("Owed Candidate", "Inès", "'-secret on owed") in {
        (row[1], row[3], row[10]) for row in after[1:]}


def test_the_overdue_list_and_the_audit_trail(client, make):
    recruiter, admin = make.user("recruiter"), make.user("admin")
    ivan = make.user("interviewer", name="Iván =1+1")
    req = make.requisition(recruiters=[recruiter])
    cand = make.candidate(req, name="Renée", stage="phone_screen")
    make.interview(cand, ivan, when=utcnow() - dt.timedelta(days=3))
    client.login(recruiter)
    overdue = _rows(client.get("/overdue.csv"))
    assert [(row[1], row[4]) for row in overdue[1:]] == [("Renée", "Iván =1+1")]
    client.login(admin)
    audit = _rows(client.get("/admin/audit.csv"))
    _no_formula(audit)
    assert audit[0][:4] == ["id", "at", "actor", "action"]
