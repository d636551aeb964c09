"""The candidate page by round, the loop form, and moves that need confirmation."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import Candidate, Interview, StageMove

YEAR = utcnow().year + 1  # next summer: inside any window of schedulable dates
TECHNICAL = ["system_design_interview", "coding_interview", "debugging_interview",
             "behavioral_interview"]
SCORES = {"system_design_interview": {"system_design": 4}, "coding_interview": {"coding": 5},
          "debugging_interview": {"debugging": 4},
          "behavioral_interview": {"ownership": 3, "mentoring": 4}}


def _setup(make, stage="technical_interviews"):
    rita = make.user("recruiter")
    panel = [make.user("interviewer", name=n) for n in ("Ana Ames", "Bo Bell", "Cy Cole",
                                                         "Di Dunn")]
    candidate = make.candidate(make.requisition(recruiters=[rita]), stage=stage)
    return rita, panel, candidate


def _round(page: str, round_id: str) -> str:
    match = re.search(rf'<section class="round[^"]*"[^>]*data-round="{round_id}">(.*?)</section>',
                      page, re.S)
    assert match, round_id
    return match.group(1)


def test_the_loop_form_lists_the_rounds_interviews_and_schedules_them(app, client, make):
    app.config["TIMEZONE"] = "Europe/Paris"
    rita, panel, candidate = _setup(make)
    client.login(rita)
    url = f"/candidates/{candidate.id}/rounds/technical_interviews/schedule"
    page = client.get(url).get_data(as_text=True)
    assert "Schedule Technical Interviews" in page
    for n, stage in enumerate(TECHNICAL):
        assert f'name="slots-{n}-stage" type="hidden" value="{stage}"' in page
    assert "a 240-minute round" in page
    data = {"start": f"{YEAR}-07-01T09:00"}
    for n, (stage, person) in enumerate(zip(TECHNICAL, panel, strict=True)):
        data |= {f"slots-{n}-stage": stage, f"slots-{n}-interviewer": person.id,
                 f"slots-{n}-scheduled_at": "", f"slots-{n}-duration": ""}
    data["slots-3-scheduled_at"] = f"{YEAR}-07-01T15:00"
    response = client.post(url, data=data)
    assert response.status_code == 302
    with app.app_context():
        found = [(iv.stage, iv.scheduled_at) for iv in db.session.scalars(
            select(Interview).order_by(Interview.scheduled_at))]
    assert found == [
        ("system_design_interview", dt.datetime(YEAR, 7, 1, 7, 0, tzinfo=dt.UTC)),
        ("coding_interview", dt.datetime(YEAR, 7, 1, 8, 0, tzinfo=dt.UTC)),
        ("debugging_interview", dt.datetime(YEAR, 7, 1, 9, 0, tzinfo=dt.UTC)),
        ("behavioral_interview", dt.datetime(YEAR, 7, 1, 13, 0, tzinfo=dt.UTC))]
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    technical = _round(page, "technical_interviews")
    assert "Ana Ames" in technical
    assert "Di Dunn" in technical
    assert "round_schedule" not in technical
    assert "/schedule" not in technical
    assert "Every interview of this round is scheduled." in client.get(url).get_data(
        as_text=True)


def test_a_bad_loop_keeps_what_was_typed_and_schedules_nothing(app, client, make):
    rita, panel, candidate = _setup(make)
    client.login(rita)
    url = f"/candidates/{candidate.id}/rounds/technical_interviews/schedule"
    data = {"start": ""}
    for n, stage in enumerate(TECHNICAL):
        data |= {f"slots-{n}-stage": stage, f"slots-{n}-interviewer": panel[0].id,
                 f"slots-{n}-scheduled_at": f"{YEAR}-07-0{n + 1}T10:00"}
    data["slots-1-interviewer"] = rita.id  # not an interviewer: the service refuses
    data["slots-2-duration"] = "abc"
    response = client.post(url, data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Not a valid integer value." in page
    assert f'value="{YEAR}-07-04T10:00"' in page
    response = client.post(url, data={**data, "slots-2-duration": ""})
    page = response.get_data(as_text=True)
    assert "Choose an active interviewer from the list." in page
    with app.app_context():
        assert db.session.scalar(select(Interview.id)) is None


def test_loop_of_an_unknown_round_is_404_and_a_closed_candidate_is_sent_back(app, client,
                                                                              make):
    rita, _, candidate = _setup(make)
    client.login(rita)
    assert client.get(f"/candidates/{candidate.id}/rounds/nope/schedule").status_code == 404
    with app.app_context():
        db.session.get(Candidate, candidate.id).stage = "rejected"
        db.session.commit()
    response = client.get(f"/candidates/{candidate.id}/rounds/final_round/schedule")
    assert response.status_code == 302


def test_candidate_page_shows_each_round_with_interview_states(app, client, make):
    rita, panel, candidate = _setup(make)
    past = utcnow() - dt.timedelta(days=3)
    for stage, person in zip(TECHNICAL[:3], panel[:3], strict=True):
        make.scorecard(make.interview(candidate, person, stage, when=past), SCORES[stage])
    make.interview(candidate, panel[3], TECHNICAL[3], when=past)  # overdue, no scorecard
    client.login(rita)
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    technical = _round(page, "technical_interviews")
    assert "current round" in technical
    assert "3 of 4 scorecards submitted" in technical
    assert "Scorecard overdue" in technical
    assert "Provisional" not in technical
    final = _round(page, "final_round")
    assert final.count("Not scheduled") == 3
    assert "optional" in _round(page, "take_home")

    make.scorecard(db_interview(app, candidate.id, TECHNICAL[3]), SCORES[TECHNICAL[3]])
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    technical = _round(page, "technical_interviews")
    assert "4 of 4 scorecards submitted" in technical
    assert "Provisional: criteria scored so far" in technical
    assert "the bar applies to the final decision only" in technical
    assert "Not scored yet: Cultural Fit." in technical
    assert "Provisional" not in _round(page, "phone_screen")  # never held: not complete
    assert "System Design" in technical
    assert "Mentoring" in technical


def db_interview(app, candidate_id, stage):
    with app.app_context():
        return db.session.scalar(select(Interview).where(Interview.candidate_id == candidate_id,
                                                         Interview.stage == stage))


def test_a_move_past_unscored_interviews_asks_for_confirmation(app, client, make):
    rita, _, candidate = _setup(make, stage="phone_screen")
    client.login(rita)
    url = f"/candidates/{candidate.id}/move"
    response = client.post(url, data={"stage": "final_round", "note": "Fast track"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "This move passes interviews with no submitted scorecard" in page
    assert 'id="move-confirm"' in page
    assert "Fast track" in page  # what was typed is kept
    response = client.post(url, data={"stage": "final_round", "note": "Fast track",
                                      "confirm": "y"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Candidate, candidate.id).stage == "final_round"
        move = db.session.scalars(select(StageMove).order_by(StageMove.id.desc())).first()
        assert [p["round"] for p in move.passed_rounds] == [
            "phone_screen", "take_home", "technical_interviews"]
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Skipped Take-Home Assignment (optional)" in page
    assert "skipped ·" in _round(page, "take_home")
    assert "skipped ·" in _round(page, "technical_interviews")
    assert "passed ·" in _round(page, "phone_screen")
    assert "Moved past Technical Interviews with nothing scored, confirmed" in page
    assert 'id="move-confirm"' not in page


def test_dates_without_a_utc_equivalent_are_refused_not_a_500(app, client, make):
    app.config["TIMEZONE"] = "Europe/Paris"
    rita, panel, candidate = _setup(make)
    client.login(rita)
    url = f"/candidates/{candidate.id}/rounds/technical_interviews/schedule"
    base = {f"slots-{n}-stage": stage for n, stage in enumerate(TECHNICAL)}
    base |= {f"slots-{n}-interviewer": p.id for n, p in enumerate(panel)}
    for start in ("0001-01-01T00:05", "9999-12-31T23:30"):
        response = client.post(url, data={**base, "start": start})
        assert response.status_code == 200, start
        assert "Choose a real date and time." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Interview.id)) is None


def test_every_problem_of_the_loop_form_shows_at_once(app, client, make):
    rita, panel, candidate = _setup(make)
    client.login(rita)
    url = f"/candidates/{candidate.id}/rounds/technical_interviews/schedule"
    data = {"start": ""}
    for n, stage in enumerate(TECHNICAL):
        data |= {f"slots-{n}-stage": stage, f"slots-{n}-interviewer": 0}
    data["slots-0-interviewer"] = panel[0].id
    page = client.post(url, data=data).get_data(as_text=True)
    assert "Enter when the loop starts, or a time for every interview." in page
    assert page.count("Choose an interviewer.</li>") == 3


def test_a_recruiter_on_the_panel_sees_no_provisional_view_before_submitting(app, client, make):
    """Independence: the provisional means are built from the colleagues' scorecards."""
    rita = make.user("recruiter", "interviewer")
    panel = [make.user("interviewer") for _ in TECHNICAL]
    candidate = make.candidate(make.requisition(recruiters=[rita]), stage="final_round")
    past = utcnow() - dt.timedelta(days=3)
    for stage, person in zip(TECHNICAL, panel, strict=True):
        make.scorecard(make.interview(candidate, person, stage, when=past), SCORES[stage])
    mine = make.interview(candidate, rita, "architecture_review", when=past)
    client.login(rita)
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "4 of 4 scorecards submitted" in _round(page, "technical_interviews")
    assert "Provisional" not in page
    make.scorecard(mine, {"system_design": 4, "ownership": 4})
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Provisional: criteria scored so far" in _round(page, "technical_interviews")


def test_an_interviewer_id_past_any_id_is_a_field_error_not_a_500(app, client, make):
    rita, panel, candidate = _setup(make)
    client.login(rita)
    url = f"/candidates/{candidate.id}/rounds/technical_interviews/schedule"
    data = {"start": f"{YEAR}-07-01T09:00"}
    for n, (stage, person) in enumerate(zip(TECHNICAL, panel, strict=True)):
        data |= {f"slots-{n}-stage": stage, f"slots-{n}-interviewer": person.id}
    data["slots-0-interviewer"] = str(10 ** 20)
    response = client.post(url, data=data)
    assert response.status_code == 200  # the form again, with the field's error
    assert "could not coerce" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Interview.id)) is None
