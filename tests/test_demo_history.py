"""The demo's history makes every report show something real (issue 12's "done when")."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from hiring.cli import main
from hiring.extensions import db
from hiring.models import User


def table(client, path):
    response = client.get(path)
    assert response.status_code == 200
    header, *rows = csv.reader(io.StringIO(response.data.decode("utf-8-sig")))
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_demo_labels_a_lenient_and_a_severe_interviewer(app, client):
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
