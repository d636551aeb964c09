"""The Reports pages: figures, independence, scope, CSV downloads, and the CLI agreeing.

One small panel: three interviewers score six candidates, one a point above the truth
(lenient), one a point below (severe), one on it. The same data goes through the pages
(read back from their CSV downloads) and through ``hiring analyze`` on JSON built from the
database: both must say the same.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import event

from hiring.cli import main
from hiring.database import utcnow
from hiring.domain.analytics.show import FORMULA_STARTS
from hiring.extensions import db
from hiring.models import CalibrationAttempt, Candidate, SelfIdentification, StageMove, User
from hiring.queries.reports import build_scope, impact_input, rating_rows, ratings_input

TRUTH = [2, 3, 4, 3, 4, 2, 3, 4]
BIAS = {"lenient": 1, "severe": -1, "steady": 0}


def seed(make, req, panel, truths, moved_to="phone_screen"):
    """Candidates scored on coding by every panel member, and on system design by two."""
    candidates = []
    for level in truths:
        cand = make.candidate(req, stage=moved_to)
        candidates.append(cand)
        for key, person in panel.items():
            iv = make.interview(cand, person, "phone_screen")
            make.scorecard(iv, {"coding": level + BIAS[key]})
        for key in ("lenient", "steady"):
            iv = make.interview(cand, panel[key], "system_design_interview")
            make.scorecard(iv, {"system_design": max(1, min(5, level + BIAS[key]))})
    return candidates


@pytest.fixture
def world(make):
    recruiter = make.user("recruiter", name="Rita Recruiter")
    committee = make.user("committee", "interviewer", name="Cora Committee")
    panel = {"lenient": make.user("interviewer", name="Zoë Ångström"),
             "severe": make.user("interviewer", name="=HYPERLINK(\"x\") Sev"),
             "steady": make.user("interviewer", name="Sam Steady")}
    req = make.requisition(recruiters=[recruiter], committee=[committee], title="Req Ä")
    candidates = seed(make, req, panel, TRUTH[:6])
    return {"recruiter": recruiter, "committee": committee, "panel": panel, "req": req,
            "candidates": candidates}


def download(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=\"")
    assert disposition.endswith(".csv\"")
    assert response.data.startswith("\ufeff".encode())  # UTF-8 with a BOM
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
    return rows


def by_first(rows):
    header, *body = rows
    return {row[0]: dict(zip(header, row, strict=True)) for row in body}


def run_cli(app, kind, payload, tmp_path):
    path = tmp_path / f"{kind}.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    result = app.test_cli_runner().invoke(main, ["analyze", kind, "--format", "json",
                                                 str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_calibration_and_agreement_pages_match_the_cli(app, client, make, world, tmp_path):
    client.login(world["recruiter"])
    page = client.get("/reports/calibration").get_data(as_text=True)
    assert "lenient" in page
    assert "severe" in page
    assert "Offsets beyond 0.5 point" in page  # a decimal, as the figures are, not "1/2"
    assert "Zoë Ångström" in page
    assert "=HYPERLINK(&#34;x&#34;) Sev" in page  # escaped on the page, as everywhere
    overall = by_first(download(client, "/reports/calibration/overall.csv"))
    # Accents survive; a formula-looking name is defused with a leading quote.
    assert overall["Zoë Ångström"]["Label"] == "lenient"
    assert overall["'=HYPERLINK(\"x\") Sev"]["Label"] == "severe"
    assert overall["Sam Steady"]["Label"] == "calibrated"

    with app.app_context():
        viewer = db.session.get(User, world["recruiter"].id)
        scope = build_scope(viewer, {}, utcnow())
        payload = ratings_input(scope.rubric, rating_rows(viewer, scope))
        names = {u.id: u.name for u in db.session.query(User)}
    cli = run_cli(app, "calibration", payload, tmp_path)
    for rater in cli["raters"]:
        name = names[int(rater["rater"].removeprefix("user-"))]
        shown = overall.get(name) or overall["'" + name]
        assert shown["Scores"] == str(rater["n"])
        assert shown["Mean"] == rater["mean"]
        assert shown["Offset"].lstrip("'") == rater["offset"]
        assert shown["Exact offset"].lstrip("'") == rater["offset_exact"]
        assert shown["Compared"] == str(rater["n_compared"])
        assert shown["Label"] == rater["label"]

    # Training results feed the report: each criterion against its gold score, pooled.
    with make.session() as s:
        for given in (4, 2):
            s.add(CalibrationAttempt(
                user_id=world["panel"]["steady"].id, exercise_id=f"ex-{given}",
                exercise_version="v1", rubric_key="senior-engineer",
                stage_id="system_design_interview", gold={"system_design": 3},
                answers={"system_design": {"score": given, "not_assessed": False}}))
    [exercise] = download(client, "/reports/calibration/exercises.csv")[1:]
    assert exercise == ["Sam Steady", "System Design", "2", "0.00", "0/2", "2/2",
                        "yes"]

    criteria_rows = download(client, "/reports/agreement/criteria.csv")
    criteria = by_first(criteria_rows)
    # One requisition and one rubric version: their tables repeat the scope's, labelled.
    for table in ("by-requisition", "by-version"):
        header, *body = download(client, f"/reports/agreement/{table}.csv")
        assert header[1:] == criteria_rows[0]
        assert [row[1:] for row in body] == criteria_rows[1:]
        [label] = {row[0] for row in body}
        assert label == "Req Ä" if table == "by-requisition" else "(stored " in label
    cli = run_cli(app, "agreement", payload, tmp_path)
    labels = {"coding": "Coding", "system_design": "System Design"}
    assert len(cli["criteria"]) == 2
    for item in [*cli["criteria"], {**cli["overall"], "id": None}]:
        shown = criteria[labels.get(item["id"], "All criteria")]
        assert shown["Alpha (interval)"].lstrip("'") == (item["alpha_interval"] or "—")
        assert shown["Alpha (ordinal)"].lstrip("'") == (item["alpha_ordinal"] or "—")
        assert shown["Units"] == str(item["units"])
        assert shown["Pairable units"] == str(item["pairable_units"])
        assert shown["Band"] == (item["band"] or "no value")


def test_reports_leave_out_candidates_the_viewer_still_owes_a_scorecard_on(app, client, make,
                                                                          world):
    """Independence: a committee member with a pending interview of a candidate reads no
    figure built from colleagues' scores on that candidate, until they submit theirs."""
    cora = world["committee"]
    client.login(cora)
    before = by_first(download(client, "/reports/calibration/overall.csv"))
    assert before["Sam Steady"]["Scores"] == "12"
    pending = make.interview(world["candidates"][0], cora, "debugging_interview")
    during = by_first(download(client, "/reports/calibration/overall.csv"))
    assert during["Sam Steady"]["Scores"] == "10"  # candidate 0's two scores are left out
    with app.app_context():
        viewer = db.session.get(User, cora.id)
        scope = build_scope(viewer, {}, utcnow())
        units = {r.candidate_id for r in rating_rows(viewer, scope)}
        assert world["candidates"][0].id not in units
        # Someone else's view is untouched by Cora's pending interview.
        other = db.session.get(User, world["recruiter"].id)
        assert world["candidates"][0].id in {r.candidate_id for r in rating_rows(other, scope)}
    make.scorecard(pending, {"debugging": 3})
    after = by_first(download(client, "/reports/calibration/overall.csv"))
    assert after["Sam Steady"]["Scores"] == "12"


def test_scope_bad_filters_and_roles(app, client, make, world):
    other_recruiter = make.user("recruiter", name="Rob Other")
    make.requisition(recruiters=[other_recruiter], title="Req B")
    client.login(other_recruiter)
    # Req A is not Rob's: naming it reads like a missing requisition, with a clear message.
    response = client.get(f"/reports/calibration?requisition={world['req'].id}")
    assert response.status_code == 400
    assert "No requisition" in response.get_data(as_text=True)
    body = client.get("/reports/calibration").get_data(as_text=True)
    assert "Zoë" not in body  # Req B has no scores; Req A's interviewers never show
    for bad in ("period=forever", "requisition=abc", "rubric=nope"):
        response = client.get(f"/reports/agreement?{bad}")
        assert response.status_code == 400, bad
    assert client.get("/reports/calibration/nope.csv").status_code == 404
    with app.app_context():  # admins report on every requisition, recruiters on their own
        admin = make.user("admin")
        titles = {c.title for c in build_scope(db.session.get(User, admin.id), {},
                                               utcnow()).choices}
        assert titles == {"Req Ä", "Req B"}
        rob = db.session.get(User, other_recruiter.id)
        assert {c.title for c in build_scope(rob, {}, utcnow()).choices} == {"Req B"}
    # The filter is kept in the URL of the downloads and the tabs.
    client.login(world["recruiter"])
    page = client.get(f"/reports/turnaround?period=90d&requisition={world['req'].id}")
    text = page.get_data(as_text=True)
    assert f"/reports/turnaround/funnel.csv?rubric=senior-engineer&amp;period=90d&amp;" \
           f"requisition={world['req'].id}" in text
    # The period: an interview 200 days ago counts in the last 12 months, not in 90 days,
    # in the scores, the turnaround and the funnel alike.
    old = utcnow() - dt.timedelta(days=200)
    late = make.candidate(world["req"], stage="phone_screen", created_at=old)
    for person in (world["panel"]["steady"], world["panel"]["lenient"]):
        make.scorecard(make.interview(late, person, "phone_screen", when=old), {"coding": 3})
    for period, counted, reached in (("90d", "12", "6"), ("12m", "13", "7")):
        scores = by_first(download(client, f"/reports/calibration/overall.csv?period={period}"))
        turnaround = by_first(download(client, "/reports/turnaround/by-interviewer.csv"
                                               f"?period={period}"))
        funnel = by_first(download(client, f"/reports/turnaround/funnel.csv?period={period}"))
        assert scores["Sam Steady"]["Scores"] == counted, period
        assert turnaround["Sam Steady"]["Scorecards"] == counted, period
        assert funnel["Phone Screen"]["Reached"] == reached, period
    # Changing the rubric with a requisition of another rubric still chosen: the rubric wins.
    make.requisition(recruiters=[world["recruiter"]], rubric_id="engineering-manager",
                     title="Manager")
    page = client.get(f"/reports/calibration?rubric=engineering-manager&"
                      f"requisition={world['req'].id}")
    assert page.status_code == 200
    assert "is assessed with another rubric" in page.get_data(as_text=True)
    # Someone with the role but no requisition of their own: told so, nothing to download.
    client.login(make.user("committee"))
    assert "No requisition to report on." in client.get("/reports/agreement").get_data(
        as_text=True)
    assert client.get("/reports/agreement/criteria.csv").status_code == 404
    # Committee members see calibration but never adverse impact, nor its tab.
    client.login(world["committee"])
    assert client.get("/reports/impact").status_code == 403
    assert "/reports/impact" not in client.get("/reports/agreement").get_data(as_text=True)


def test_adverse_impact_matches_the_cli_and_suppresses_small_groups(app, client, make,
                                                                    world, tmp_path):
    req = world["req"]
    # Twelve more candidates with answers: 6 women (3 pass the phone screen), 6 men (all
    # pass), 2 who answered "another" (suppressed), one who declined (left out).
    answers = [("female", "technical_interviews")] * 3 + [("female", "rejected")] * 3 \
        + [("male", "technical_interviews")] * 6 + [("another", "technical_interviews")] * 2 \
        + [("declined", "rejected")]
    made = [make.candidate(req, stage="phone_screen") for _ in answers]
    with make.session() as s:
        for cand, (gender, stage) in zip(made, answers, strict=True):
            s.add(StageMove(candidate_id=cand.id, from_stage="phone_screen", to_stage=stage))
            s.add(SelfIdentification(candidate_id=cand.id, gender=gender))
            s.get(Candidate, cand.id).stage = stage
    client.login(world["recruiter"])
    rows = download(client, "/reports/impact/gender.csv")
    header, *body = rows
    shown = {(r[0], r[1]): dict(zip(header, r, strict=True)) for r in body}
    women = shown[("Phone Screen", "Female")]
    assert (women["Entered"], women["Passed"], women["Selection rate"]) == ("6", "3", "0.500")
    assert women["Impact ratio"] == "0.500"
    assert women["Flag"] == "flagged"
    assert shown[("Phone Screen", "Male")]["Fisher p (vs highest rate)"] == "reference"
    another = shown[("Phone Screen", "Another gender identity")]
    assert set(list(another.values())[2:]) == {"suppressed"}
    assert not any("Decline" in group for _, group in shown)
    page = client.get("/reports/impact").get_data(as_text=True)
    assert "suppressed" in page

    with app.app_context():
        viewer = db.session.get(User, world["recruiter"].id)
        payload = impact_input(build_scope(viewer, {}, utcnow()), "gender", 5)
    cli = run_cli(app, "impact", payload, tmp_path)
    labels = {"phone_screen": "Phone Screen"}
    step = next(s for s in cli["steps"] if s["step"] == "phone_screen")
    for group in step["groups"]:
        row = shown[(labels["phone_screen"], group["group"])]
        if group["suppressed"]:
            assert row["Entered"] == "suppressed"
            continue
        assert row["Entered"] == str(group["entered"])
        assert row["Passed"] == str(group["passed"])
        assert row["Selection rate"] == group["rate"]
        assert row["Impact ratio"] == group["impact_ratio"]
        assert (row["Flag"] == "flagged") == group["flagged"]
        assert row["Fisher p (vs highest rate)"] in (group["fisher_p"], "reference")


def count_selects(app, client, path):
    with app.app_context():
        engine = db.engine
    seen = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


REPORT_PAGES = ("/reports/calibration", "/reports/agreement", "/reports/turnaround",
                "/reports/impact")


def test_turnaround_funnel_and_the_same_statements_whatever_the_data(app, client, make,
                                                                     world):
    client.login(world["recruiter"])
    people = by_first(download(client, "/reports/turnaround/by-interviewer.csv"))
    # The factory submits at once: every scorecard of the panel is in within 24 hours.
    assert people["Sam Steady"]["Scorecards"] == "12"
    assert people["Sam Steady"]["Within 24 h"] == "100%"
    funnel = by_first(download(client, "/reports/turnaround/funnel.csv"))
    assert funnel["Applied"]["Reached"] == "0"  # the factory's candidates start in a round
    assert funnel["Phone Screen"]["Reached"] == "6"
    assert funnel["Phone Screen"]["In it now"] == "6"

    # No query per row: more candidates, interviewers and requisitions cost no statement.
    small = {path: count_selects(app, client, path) for path in REPORT_PAGES}
    newcomers = {key: make.user("interviewer", name=f"New {key}") for key in BIAS}
    seed(make, world["req"], newcomers, TRUTH[:2], moved_to="technical_interviews")
    make.requisition(recruiters=[world["recruiter"]], title="Another one")
    large = {path: count_selects(app, client, path) for path in REPORT_PAGES}
    assert large == small
