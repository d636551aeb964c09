"""A scorecard describes an interview that happened: drafts any time, submitting (and
amending) only once the interview has started; and a refusal never tells an interviewer
the committee's decision."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.filters import format_datetime
from hiring.models import Interview, Scorecard, ScorecardRevision
from hiring.permissions import is_open_for_submission
from tests.views.test_interviewer import STAGE, form, stored, text

SOON = dt.timedelta(days=2)


def _future_kit(make, client, when: dt.datetime | None = None):
    me = make.user("interviewer", name="Ivy")
    candidate = make.candidate(make.requisition(title="Platform engineer"),
                               name="Cleo Candidate", stage=STAGE)
    interview = make.interview(candidate, me, STAGE, when=when or utcnow() + SOON)
    client.login(me)
    return me, candidate, interview, f"/my/interviews/{interview.id}"


def _opens_at(app, interview_id: int) -> str:
    with app.test_request_context():
        return format_datetime(db.session.get(Interview, interview_id).scheduled_at)


def _counts(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count(Scorecard.id))) or 0,
                db.session.scalar(select(func.count(ScorecardRevision.id))) or 0)


def test_the_rule_opens_at_the_scheduled_start(make):
    interview = make.interview(make.candidate(make.requisition()), make.user("interviewer"),
                               when=utcnow() + SOON)
    start = interview.scheduled_at
    assert not is_open_for_submission(interview, start - dt.timedelta(seconds=1))
    assert is_open_for_submission(interview, start)
    assert is_open_for_submission(interview, start + dt.timedelta(days=400))


def test_submitting_before_the_start_stores_nothing_and_says_when_it_opens(app, client, make):
    app.config["TIMEZONE"] = "Europe/Paris"
    _, _, interview, url = _future_kit(make, client)
    typed = form(**{"evidence-ownership": "Drove the <billing> migration."})
    response = client.post(url, data={**typed, "action": "submit"})
    assert response.status_code == 400
    page = text(response)
    opens = _opens_at(app, interview.id)
    assert opens.endswith(("CET", "CEST"))  # in the app's time zone, named
    assert f"Submitting opens when the interview starts, on {opens}." in page
    assert "Until then you can save a draft." in page
    assert "Drove the <billing> migration." in page  # everything typed is still there
    assert "Reviews juniors' code weekly." in page
    assert _counts(app) == (0, 0)


def test_a_draft_before_the_start_is_saved_and_a_refused_submit_leaves_it_alone(app, client,
                                                                                 make):
    _, _, interview, url = _future_kit(make, client)
    kit = text(client.get(url))
    assert "Not yet open for submission" in kit
    assert _opens_at(app, interview.id) in kit
    saved = client.post(url, data={**form(**{"score-mentoring": ""}), "action": "save"})
    assert saved.status_code == 302
    draft = stored(app, interview.id)
    assert draft is not None
    assert draft.status == "draft"
    response = client.post(url, data={**form(summary="Changed my mind.",
                                             lock_version=str(draft.lock_version)),
                                       "action": "submit"})
    assert response.status_code == 400
    assert "Changed my mind." in text(response)
    after = stored(app, interview.id)
    assert (after.status, after.lock_version, after.content()) == (
        "draft", draft.lock_version, draft.content())
    assert _counts(app) == (1, 0)


def test_amending_before_the_start_is_refused_too(app, client, make):
    # Only data from before the rule can hold a submitted scorecard of a future interview.
    _, _, interview, url = _future_kit(make, client)
    card = make.scorecard(interview, {"ownership": 4, "mentoring": 3})
    response = client.post(f"{url}/amend", data={
        **form(**{"score-ownership": "5"}), "reason": "Re-read my notes.",
        "lock_version": str(stored(app, interview.id).lock_version)})
    assert response.status_code == 400
    page = text(response)
    assert f"Submitting opens when the interview starts, on {_opens_at(app, interview.id)}" in page
    assert "Re-read my notes." in page
    assert _counts(app) == (1, 1)
    assert stored(app, interview.id).revision == card.revision == 1


def test_once_started_the_kit_no_longer_says_it_is_closed_and_submitting_works(app, client,
                                                                               make):
    _, _, interview, url = _future_kit(make, client, when=utcnow() - dt.timedelta(minutes=5))
    assert "Not yet open for submission" not in text(client.get(url))
    assert client.post(url, data={**form(), "action": "submit"}).status_code == 302
    assert stored(app, interview.id).status == "submitted"


def test_the_queue_shows_upcoming_interviews_as_not_yet_open(client, make):
    me = make.user("interviewer")
    req = make.requisition()
    make.interview(make.candidate(req, name="Uma Upcoming"), me, when=utcnow() + SOON)
    make.interview(make.candidate(req, name="Stan Started"), me,
                   when=utcnow() - dt.timedelta(hours=1))
    client.login(me)
    page = text(client.get("/my/interviews"))
    upcoming = page[page.index('id="upcoming-title"'):page.index('id="submitted-title"')]
    owed = page[page.index('id="owed-title"'):page.index('id="upcoming-title"')]
    assert "Uma Upcoming" in upcoming
    assert "Not yet open for submission" in upcoming
    assert "drafts allowed" in upcoming
    assert "Stan Started" in owed
    assert "Not yet open for submission" not in owed


def test_an_interviewer_refused_by_a_decision_does_not_learn_the_decision(app, client, make):
    _me, candidate, _interview, url = _future_kit(make, client,
                                                when=utcnow() - dt.timedelta(hours=3))
    make.decision(candidate, decision="no_offer", engine_outcome="no_offer",
                  rationale="Secret committee rationale.")
    for action in ("save", "submit"):
        response = client.post(url, data={**form(), "action": action})
        assert response.status_code == 400
        page = text(response)
        assert "scorecards for this candidate are closed" in page
        for leak in ("No offer", "no_offer", "Secret committee rationale."):
            assert leak not in page, (action, leak)
    assert _counts(app) == (0, 0)
