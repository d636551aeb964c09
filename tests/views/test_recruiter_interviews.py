"""Assigning, reassigning and cancelling interviews from the candidate page; overdue scorecards."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import Interview
from hiring.queries.overdue import overdue_cutoff, overdue_on_requisitions
from tests.views.recruiter_support import count_statements

# Dates inside the schedule window (at most two years ahead) whatever today is.
NEXT = utcnow().year + 1


def _interview(app, interview_id):
    with app.app_context():
        iv = db.session.get(Interview, interview_id)
        return iv.interviewer_id, iv.scheduled_at, iv.duration_minutes, iv.status


def test_assign_reads_local_time_and_defaults_the_duration(app, client, make):
    app.config["TIMEZONE"] = "Europe/Paris"
    rita, ivan = make.user("recruiter"), make.user("interviewer", name="Ivan Iv")
    candidate = make.candidate(make.requisition(recruiters=[rita]), stage="phone_screen")
    client.login(rita)
    form = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Assign an interviewer" in form
    assert "Time zone: Europe/Paris" in form
    assert '<option selected value="phone_screen">' in form
    response = client.post(f"/candidates/{candidate.id}/interviews/new", data={
        "stage": "system_design_interview", "interviewer": ivan.id,
        "scheduled_at": f"{NEXT}-07-01T10:00", "duration": ""})
    assert response.status_code == 302
    with app.app_context():
        interview = db.session.scalar(select(Interview))
        assert interview.scheduled_at == dt.datetime(NEXT, 7, 1, 8, 0, tzinfo=dt.UTC)
        assert interview.duration_minutes == 60
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Ivan Iv" in page
    assert "10:00 CEST" in page


def test_assign_with_bad_or_tampered_input_keeps_what_was_typed(app, client, make):
    rita, ivan = make.user("recruiter"), make.user("interviewer")
    rob = make.user("recruiter")
    candidate = make.candidate(make.requisition(recruiters=[rita]))
    theirs = make.candidate(make.requisition(recruiters=[rob]))
    make.interview(candidate, ivan, stage="phone_screen")
    client.login(rita)
    cases = [
        ({"interviewer": rob.id}, "Choose an active interviewer from the list."),
        ({"interviewer": ivan.id}, "already interviews"),
        ({"interviewer": ivan.id, "stage": "debrief"}, "Choose an interview stage"),
        ({"interviewer": ivan.id, "stage": "coding_interview", "duration": "0"},
         "Number must be between 1 and 480."),
        ({"interviewer": ivan.id, "stage": "coding_interview", "scheduled_at": "tomorrow"},
         "Not a valid datetime value."),
    ]
    for fields, message in cases:
        data = {"stage": "phone_screen", "scheduled_at": f"{NEXT}-07-01T10:00", **fields}
        response = client.post(f"/candidates/{candidate.id}/interviews/new", data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, fields
        assert message in page, fields
        assert f'value="{data["scheduled_at"]}"' in page, fields
    response = client.post(f"/candidates/{theirs.id}/interviews/new", data={
        "stage": "phone_screen", "interviewer": ivan.id, "scheduled_at": f"{NEXT}-07-01T10:00"})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(Interview.id))) == 1


def test_reassign_prefills_and_changes_person_and_time(app, client, make):
    rita = make.user("recruiter")
    ivan, ines = make.user("interviewer"), make.user("interviewer")
    candidate = make.candidate(make.requisition(recruiters=[rita]))
    when = dt.datetime(NEXT, 3, 4, 9, 30, tzinfo=dt.UTC)
    interview = make.interview(candidate, ivan, when=when)
    client.login(rita)
    form = client.get(f"/interviews/{interview.id}/reassign").get_data(as_text=True)
    assert f'value="{NEXT}-03-04T09:30"' in form
    response = client.post(f"/interviews/{interview.id}/reassign", data={
        "interviewer": ines.id, "scheduled_at": f"{NEXT}-03-05T11:00", "duration": 50})
    assert response.status_code == 302
    assert _interview(app, interview.id)[:3] == (
        ines.id, dt.datetime(NEXT, 3, 5, 11, 0, tzinfo=dt.UTC), 50)


def test_reassign_with_bad_input_keeps_what_was_typed(app, client, make):
    rita, rob = make.user("recruiter"), make.user("recruiter")
    ivan, ines = make.user("interviewer"), make.user("interviewer")
    interview = make.interview(make.candidate(make.requisition(recruiters=[rita])), ivan)
    before = _interview(app, interview.id)
    client.login(rita)
    cases = [
        ({"interviewer": rob.id}, "Choose an active interviewer from the list."),
        ({"interviewer": ines.id, "duration": "0"}, "Number must be between 1 and 480."),
        ({"interviewer": ines.id, "scheduled_at": "next week"}, "Not a valid datetime value."),
    ]
    for fields, message in cases:
        data = {"scheduled_at": f"{NEXT}-03-05T11:00", "duration": "50", **fields}
        response = client.post(f"/interviews/{interview.id}/reassign", data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, fields
        assert message in page, fields
        assert f'value="{data["scheduled_at"]}"' in page, fields
        assert f'value="{data["duration"]}"' in page, fields
        if fields["interviewer"] == ines.id:
            assert f'<option selected value="{ines.id}">' in page, fields
    assert _interview(app, interview.id) == before


def _scorecard_queries(statements):
    """The question "is its scorecard submitted?" (a change also re-reads the candidate's
    scorecards for the evaluation summary: a different query)."""
    return [s for s in statements if "FROM scorecards" in s and "scorecards.status =" in s]


def test_each_request_asks_once_whether_the_interview_may_change(app, client, make):
    rita, ivan, ines = make.user("recruiter"), make.user("interviewer"), make.user("interviewer")
    interview = make.interview(make.candidate(make.requisition(recruiters=[rita])), ivan)
    client.login(rita)
    url = f"/interviews/{interview.id}/reassign"
    valid = {"interviewer": ines.id, "scheduled_at": f"{NEXT}-03-05T11:00", "duration": "50"}
    requests = [(client.get, url, None), (client.post, url, {**valid, "duration": "0"}),
                (client.get, f"/interviews/{interview.id}/cancel", None),
                (client.post, f"/interviews/{interview.id}/cancel", {"reason": ""}),
                (client.post, url, valid)]
    for send, target, data in requests:
        with count_statements(app) as statements:
            send(target, **({"data": data} if data else {}))
        assert len(_scorecard_queries(statements)) == 1, (target, data)
    assert _interview(app, interview.id)[0] == ines.id


def test_scored_interview_cannot_be_reassigned_or_cancelled(app, client, make):
    rita = make.user("recruiter")
    ivan, ines = make.user("interviewer"), make.user("interviewer")
    candidate = make.candidate(make.requisition(recruiters=[rita]))
    interview = make.interview(candidate, ivan)
    make.scorecard(interview, {"coding": 4})
    before = _interview(app, interview.id)
    client.login(rita)
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Scorecard submitted" in page
    assert f"/interviews/{interview.id}/reassign" not in page
    response = client.post(f"/interviews/{interview.id}/reassign", data={
        "interviewer": ines.id, "scheduled_at": f"{NEXT}-03-05T11:00", "duration": 50},
        follow_redirects=True)
    assert "has been submitted" in response.get_data(as_text=True)
    response = client.post(f"/interviews/{interview.id}/cancel", data={"reason": "x"},
                           follow_redirects=True)
    assert "has been submitted" in response.get_data(as_text=True)
    assert _interview(app, interview.id) == before


def test_cancel_needs_a_reason(app, client, make):
    rita, rob = make.user("recruiter"), make.user("recruiter")
    ivan = make.user("interviewer")
    interview = make.interview(make.candidate(make.requisition(recruiters=[rita])), ivan)
    theirs = make.interview(make.candidate(make.requisition(recruiters=[rob])), ivan)
    client.login(rita)
    response = client.post(f"/interviews/{interview.id}/cancel", data={"reason": ""})
    assert response.status_code == 200
    assert "Say why." in response.get_data(as_text=True)
    assert client.post(f"/interviews/{theirs.id}/cancel",
                       data={"reason": "Mine now"}).status_code == 404
    response = client.post(f"/interviews/{interview.id}/cancel",
                           data={"reason": "Candidate ill"})
    assert response.status_code == 302
    assert _interview(app, interview.id)[3] == "cancelled"
    assert _interview(app, theirs.id)[3] == "scheduled"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Candidate ill" in page


def test_overdue_lists_only_late_unscored_interviews_oldest_first(app, client, make):
    rita, rob = make.user("recruiter"), make.user("recruiter")
    ivan, ines = make.user("interviewer", name="Ivan Late"), make.user("interviewer")
    req = make.requisition(recruiters=[rita])
    now = utcnow()
    late = make.interview(make.candidate(req, name="Cand Late"), ivan,
                          when=now - dt.timedelta(hours=30), minutes=60)
    oldest = make.interview(make.candidate(req, name="Cand Oldest"), ines,
                            when=now - dt.timedelta(days=5), minutes=45)
    make.scorecard(oldest, {"coding": 3}, submitted=False)  # a draft is still overdue
    # ended 23 hours ago: not overdue yet, though it started 25 hours ago
    make.interview(make.candidate(req, name="Cand Recent"), ivan,
                   when=now - dt.timedelta(hours=25), minutes=120)
    scored = make.interview(make.candidate(req, name="Cand Scored"), ivan,
                            when=now - dt.timedelta(days=3))
    make.scorecard(scored, {"coding": 4})
    make.interview(make.candidate(req, name="Cand Cancelled"), ivan,
                   when=now - dt.timedelta(days=3), status="cancelled")
    theirs = make.interview(make.candidate(make.requisition(recruiters=[rob]),
                                           name="Cand Theirs"), ivan,
                            when=now - dt.timedelta(days=3))
    client.login(rita)
    page = client.get("/overdue").get_data(as_text=True)
    shown = [n for n in ("Cand Oldest", "Cand Late", "Cand Recent", "Cand Scored",
                         "Cand Cancelled", "Cand Theirs") if n in page]
    assert shown == ["Cand Oldest", "Cand Late"]
    assert page.index("Cand Oldest") < page.index("Cand Late")
    assert "Ivan Late" in page
    with app.app_context():
        def overdue(requisition_ids: list[int], hours: int) -> list[int]:
            query = overdue_on_requisitions(requisition_ids, overdue_cutoff(now, hours))
            return [i.id for i in db.session.scalars(query).unique()]

        assert overdue([req.id], 24) == [oldest.id, late.id]
        assert overdue([req.id], 200) == []
        their_req = db.session.get(Interview, theirs.id).candidate.requisition_id
        assert overdue([req.id, their_req], 24) == [oldest.id, theirs.id, late.id]
        assert overdue([], 24) == []
    assert overdue_cutoff(now, 24) == now - dt.timedelta(days=1)


def test_overdue_pages_with_the_configured_page_size(app, client, make):
    app.config["PAGE_SIZE"] = 1
    rita, ivan = make.user("recruiter"), make.user("interviewer")
    req = make.requisition(recruiters=[rita])
    now = utcnow()
    for name, days in (("Cand Older", 4), ("Cand Newer", 2)):
        make.interview(make.candidate(req, name=name), ivan, when=now - dt.timedelta(days=days))
    client.login(rita)
    first = client.get("/overdue").get_data(as_text=True)
    assert ("Cand Older" in first, "Cand Newer" in first) == (True, False)
    assert "page=2" in first
    second = client.get("/overdue?page=2").get_data(as_text=True)
    assert ("Cand Older" in second, "Cand Newer" in second) == (False, True)


def test_overdue_page_has_an_empty_state(client, make):
    rita = make.user("recruiter")
    make.requisition(recruiters=[rita])
    client.login(rita)
    assert "No overdue scorecards." in client.get("/overdue").get_data(as_text=True)
