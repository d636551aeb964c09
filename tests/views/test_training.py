"""Training: taking a calibration exercise as a scorecard, the result against gold, who may
read results, the requisition's calibration requirement and the warning on assignment."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import CalibrationAttempt, Interview, Requisition

EXERCISE = "system-design-shortener-gaps"  # gold: system_design 3
NEXT = utcnow().year + 1


def attempts(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(CalibrationAttempt.id)))


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_an_exercise_is_taken_as_a_scorecard_and_compared_with_gold(app, client, make):
    ivan = make.user("interviewer", name="Ivan Iv")
    client.login(ivan)
    index = text(client.get("/training"))
    assert 'href="/training"' in index  # the navigation's Training link
    assert "URL shortener: a workable design" in index
    assert "Not calibrated yet" in index
    form = text(client.get(f"/training/exercises/{EXERCISE}"))
    for part in ("<strong>Candidate:</strong> OK. Before I draw anything",
                 'name="score-system_design"', "Not assessed",
                 "Starts drawing boxes without asking", 'name="csrf_token"'):
        assert part in form
    empty = client.post(f"/training/exercises/{EXERCISE}", data={})
    assert empty.status_code == 200
    assert "Score System Design, or mark it not assessed." in text(empty)
    unsupported = client.post(f"/training/exercises/{EXERCISE}",
                              data={"score-system_design": "4", "evidence-system_design": ""})
    assert "Write the evidence for your score on System Design." in text(unsupported)
    assert 'value="4" checked' in text(unsupported)  # what was typed is kept
    tampered = client.post(f"/training/exercises/{EXERCISE}",
                           data={"score-system_design": "9", "evidence-system_design": "x"})
    assert tampered.status_code == 400
    assert client.post(f"/training/exercises/{EXERCISE}", data={}, csrf=False
                       ).status_code == 400
    assert attempts(app) == 0
    done = client.post(f"/training/exercises/{EXERCISE}", data={
        "score-system_design": "4", "evidence-system_design": "Asked about scale first."})
    assert done.status_code == 302
    result = text(client.get(done.headers["Location"]))
    assert "+1.00" in result  # the offset: 4 against gold 3
    assert "Exact agreement</dt><dd>0 of 1" in result
    assert "Within one point</dt><dd>1 of 1" in result
    assert "Matches the 3 anchor almost point by point" in result  # the gold rationale
    assert "Asked about scale first." in result
    assert attempts(app) == 1


def test_results_are_read_by_their_owner_and_admins_only(app, client, make):
    ivan, ines = make.user("interviewer"), make.user("interviewer")
    admin = make.user("admin")
    attempt = make.calibration_attempt(ivan, scores={"system_design": 1})
    url = f"/training/attempts/{attempt.id}"
    client.login(ines)
    assert client.get(url).status_code == 404
    assert client.get(f"/training/people/{ivan.id}").status_code == 404
    client.login(admin)
    assert "-2.00" in text(client.get(url))
    person = text(client.get(f"/training/people/{ivan.id}"))
    assert "Not calibrated" in person
    assert "0 of 1" in person


def calibrate(make, user, within: bool = True) -> None:
    for exercise in ("system-design-shortener-gaps", "system-design-shortener-strong"):
        make.calibration_attempt(user, exercise_id=exercise,
                                 scores={"system_design": 4 if within else 5})


@pytest.fixture
def wanted(app, make):
    rita = make.user("recruiter")
    ready = make.user("interviewer", name="Cal Ready")
    unready = make.user("interviewer", name="Uma Unready")
    calibrate(make, ready)
    calibrate(make, unready, within=False)  # two exercises, off by two: not calibrated
    requisition = make.requisition(recruiters=[rita], title="Platform Lead")
    with app.app_context():
        db.session.get(Requisition, requisition.id).calibrated_stages = [
            "system_design_interview"]
        db.session.commit()
    return {"rita": rita, "ready": ready, "unready": unready, "requisition": requisition}


def test_assigning_an_uncalibrated_interviewer_warns_but_assigns(app, client, make, wanted):
    candidate = make.candidate(wanted["requisition"], stage="technical_interviews")
    client.login(wanted["rita"])
    form = text(client.get(f"/candidates/{candidate.id}/interviews/new"))
    assert "Platform Lead asks for calibrated interviewers" in form
    assert "System Design: calibrated: Cal Ready" in form
    for person, warned in ((wanted["unready"], True), (wanted["ready"], False)):
        response = client.post(f"/candidates/{candidate.id}/interviews/new", data={
            "stage": "system_design_interview", "interviewer": person.id,
            "scheduled_at": f"{NEXT}-07-01T10:00"}, follow_redirects=True)
        page = text(response)
        assert response.status_code == 200
        assert ("Uma Unready is not calibrated for System Design interviews" in page) is warned
        assert "Cal Ready is not calibrated" not in page
    # A stage the requisition does not ask calibration for never warns.
    page = text(client.post(f"/candidates/{candidate.id}/interviews/new", data={
        "stage": "coding_interview", "interviewer": wanted["unready"].id,
        "scheduled_at": f"{NEXT}-07-02T10:00"}, follow_redirects=True))
    assert "not calibrated" not in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Interview.id))) == 3


def test_the_loop_form_warns_too(app, client, make, wanted):
    candidate = make.candidate(wanted["requisition"], stage="technical_interviews")
    client.login(wanted["rita"])
    url = f"/candidates/{candidate.id}/rounds/technical_interviews/schedule"
    assert "asks for calibrated interviewers" in text(client.get(url))
    data = {"start": f"{NEXT}-07-01T09:00"}
    for n, stage in enumerate(["system_design_interview", "coding_interview",
                               "debugging_interview", "behavioral_interview"]):
        data |= {f"slots-{n}-stage": stage, f"slots-{n}-interviewer": wanted["unready"].id}
    page = text(client.post(url, data=data, follow_redirects=True))
    assert "4 interviews scheduled" in page
    assert page.count("is not calibrated for") == 1


def test_recruiters_set_the_requirement_on_the_requisition_form(app, client, make):
    rita = make.user("recruiter")
    requisition = make.requisition(recruiters=[rita], title="Req C")
    client.login(rita)
    url = f"/requisitions/{requisition.id}/edit"
    assert "Calibrated interviewers wanted for" in text(client.get(url))
    base = {"title": "Req C", "team": "Platform", "recruiters": rita.id, "hiring_manager": 0,
            "visibility": "after_submit"}
    bad = client.post(url, data={**base, "calibrated_stages": ["lunch"]})
    assert bad.status_code == 200
    assert "'lunch' is not an interview stage of Senior Software Engineer." in text(bad)
    ok = client.post(url, data={**base, "calibrated_stages": ["coding_interview",
                                                              "phone_screen"]})
    assert ok.status_code == 302
    with app.app_context():
        assert db.session.get(Requisition, requisition.id).calibrated_stages == [
            "phone_screen", "coding_interview"]
    again = text(client.get(url))  # shown ticked on the next visit
    assert re.search(r'<input checked[^>]*value="coding_interview"', again)
    assert not re.search(r'<input checked[^>]*value="debugging_interview"', again)
