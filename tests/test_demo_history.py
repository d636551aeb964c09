"""The demo's history makes every report show something real (issue 12's "done when"):
a lenient and a severe interviewer, agreement good and poor, varied turnaround, a flagged
adverse-impact step from the self-identification of part of the candidates, and
calibration exercises taken by a few interviewers.

One demo load for the whole module, on SQLite only: this checks what the demo holds, not
how a database behaves. Loading the demo on PostgreSQL is tests/test_demo.py's job, and the
report queries run on both backends in tests/views/test_reports.py.
"""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from hiring.cli import main
from hiring.extensions import db
from hiring.models import Candidate, Requisition, SelfIdentification, User
from hiring.queries.calibration import calibrated_users

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def table(client, path):
    response = client.get(path)
    assert response.status_code == 200
    header, *rows = csv.reader(io.StringIO(response.data.decode("utf-8-sig")))
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_every_report_of_the_demo_shows_something_real(app, client):
    result = app.test_cli_runner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        recruiter = db.session.scalar(select(User).where(User.email == "recruiter@example.com"))
    client.login(recruiter)
    labels = {row["Interviewer"]: row["Label"]
              for row in table(client, "/reports/calibration/overall.csv")}
    assert labels["Jun Park"] == "lenient"
    assert labels["Lena Fischer"] == "severe"
    assert list(labels.values()).count("calibrated") >= 4
    bands = {row["Band"] for row in table(client, "/reports/agreement/criteria.csv")}
    assert "good" in bands
    assert "poor" in bands
    people = table(client, "/reports/turnaround/by-interviewer.csv")
    shares = {row["Within 24 h"] for row in people}
    assert "100%" in shares
    assert len(shares) >= 4  # submissions at varied delays
    funnel = {row["Stage"]: row for row in table(client, "/reports/turnaround/funnel.csv")}
    assert int(funnel["Hired"]["Reached"]) >= 2
    assert funnel["Technical Interviews"]["Median time in stage"] != "—"
    # Adverse impact: the phone screen selects women at under four-fifths the rate of men,
    # both groups large enough to be shown.
    gender = {(row["Step"], row["Group"]): row
              for row in table(client, "/reports/impact/gender.csv")}
    women, men = gender[("Phone Screen", "Female")], gender[("Phone Screen", "Male")]
    assert women["Flag"] == "flagged"
    assert men["Fisher p (vs highest rate)"] == "reference"
    assert int(women["Entered"]) >= 5
    races = {row["Group"] for row in table(client, "/reports/impact/race-ethnicity.csv")}
    assert len(races) >= 6
    # Exercises feed the calibration report.
    exercises = table(client, "/reports/calibration/exercises.csv")
    assert {row["Calibrated"] for row in exercises} == {"yes", "not yet"}

    with app.app_context():
        candidates = db.session.scalar(select(func.count(Candidate.id)))
        answered = db.session.scalar(select(func.count(SelfIdentification.id)))
        assert 0.3 * candidates < answered < candidates  # part of the candidates
        users = {u.email.split("@")[0]: u.id for u in db.session.scalars(select(User))}
        ids = [users["interviewer"], users["priya"], users["jun"], users["lena"]]
        assert calibrated_users(ids, "senior-engineer", "system_design_interview") == {
            users["interviewer"], users["priya"]}
        assert calibrated_users(ids, "senior-engineer", "coding_interview") == {
            users["interviewer"]}
        payments = db.session.scalar(select(Requisition).where(
            Requisition.title == "Senior Software Engineer, Payments"))
        assert payments.calibrated_stages == ["system_design_interview"]
