"""Absurd interview dates (year 1, year 9999, years away) are refused with a field error,
by the recruiter's forms and by the service, at assignment and when moving an interview,
and never cause a 500 (a wall time in year 1 or 9999 overflows time-zone conversion)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import Candidate, Interview
from hiring.services.errors import ValidationFailed
from hiring.services.interviews import (
    SCHEDULE_AHEAD,
    SCHEDULE_PAST,
    assign_interview,
    reassign_interview,
)

ABSURD = ["0001-01-01T00:00", "0001-01-01T09:00", "9999-12-31T23:59", "9999-12-31T00:00"]
WINDOW = "interviews are scheduled at most a year back and two years ahead"
# Paris is ahead of UTC (year 1 at midnight has no UTC time), New York behind (9999-12-31
# late in the evening has none either).
ZONES = ["Europe/Paris", "America/New_York", "UTC"]


def _local(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Interview.id))) or 0


@pytest.mark.parametrize("zone", ZONES)
def test_assigning_an_absurd_date_is_a_field_error_never_a_500(app, client, make, zone):
    app.config["TIMEZONE"] = zone
    rita, ivan = make.user("recruiter"), make.user("interviewer")
    candidate = make.candidate(make.requisition(recruiters=[rita]))
    client.login(rita)
    far = [_local(utcnow() + SCHEDULE_AHEAD + dt.timedelta(days=2)),
           _local(utcnow() - SCHEDULE_PAST - dt.timedelta(days=2))]
    for typed in [*ABSURD, *far]:
        response = client.post(f"/candidates/{candidate.id}/interviews/new", data={
            "stage": "phone_screen", "interviewer": ivan.id, "scheduled_at": typed})
        assert response.status_code == 200, typed
        page = response.get_data(as_text=True)
        assert WINDOW in page, typed
        assert 'id="scheduled_at-errors"' in page, typed  # beside the date field
        assert f'value="{typed}"' in page, typed  # what was typed is kept
    assert _count(app) == 0


@pytest.mark.parametrize("zone", ZONES)
def test_moving_an_interview_to_an_absurd_date_is_a_field_error_never_a_500(app, client, make,
                                                                            zone):
    app.config["TIMEZONE"] = zone
    rita, ivan = make.user("recruiter"), make.user("interviewer")
    interview = make.interview(make.candidate(make.requisition(recruiters=[rita])), ivan,
                               when=utcnow() + dt.timedelta(days=3))
    client.login(rita)
    for typed in ABSURD:
        response = client.post(f"/interviews/{interview.id}/reassign", data={
            "interviewer": ivan.id, "scheduled_at": typed, "duration": "45"})
        assert response.status_code == 200, typed
        page = response.get_data(as_text=True)
        assert WINDOW in page, typed
        assert f'value="{typed}"' in page, typed
    with app.app_context():
        assert db.session.get(Interview, interview.id).scheduled_at == interview.scheduled_at


def test_an_old_interview_keeps_its_date_when_given_to_someone_else(app, client, make):
    rita, ivan, ines = make.user("recruiter"), make.user("interviewer"), make.user("interviewer")
    long_ago = (utcnow() - SCHEDULE_PAST - dt.timedelta(days=30)).replace(second=0,
                                                                          microsecond=0)
    interview = make.interview(make.candidate(make.requisition(recruiters=[rita])), ivan,
                               when=long_ago)
    client.login(rita)
    url = f"/interviews/{interview.id}/reassign"
    form = client.get(url).get_data(as_text=True)
    typed = _local(long_ago)  # the app's time zone is UTC in tests
    assert f'value="{typed}"' in form
    response = client.post(url, data={"interviewer": ines.id, "scheduled_at": typed,
                                      "duration": "45"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Interview, interview.id).interviewer_id == ines.id


def test_the_service_refuses_dates_outside_the_window_for_every_caller(app, make):
    ivan = make.user("interviewer")
    candidate = make.candidate(make.requisition(recruiters=[make.user("recruiter")]))
    interview = make.interview(candidate, ivan, stage="coding_interview",
                               when=utcnow() + dt.timedelta(days=1))
    now = utcnow()
    refused = [dt.datetime(1, 1, 1, tzinfo=dt.UTC), dt.datetime(9999, 12, 31, 23, 59,
                                                                 tzinfo=dt.UTC),
               now + SCHEDULE_AHEAD + dt.timedelta(hours=1),
               now - SCHEDULE_PAST - dt.timedelta(hours=1)]
    with app.app_context():
        row = db.session.get(Candidate, candidate.id)
        for when in refused:
            with pytest.raises(ValidationFailed) as caught:
                assign_interview(row, stage="phone_screen", interviewer_id=ivan.id,
                                 scheduled_at=when)
            assert list(caught.value.errors) == ["scheduled_at"], when
            with pytest.raises(ValidationFailed) as caught:
                reassign_interview(db.session.get(Interview, interview.id),
                                   interviewer_id=ivan.id, scheduled_at=when,
                                   duration_minutes=45)
            assert list(caught.value.errors) == ["scheduled_at"], when
            db.session.rollback()
        # The edges of the window are fine.
        for when in (now - SCHEDULE_PAST + dt.timedelta(hours=1),
                     now + SCHEDULE_AHEAD - dt.timedelta(hours=1)):
            reassign_interview(db.session.get(Interview, interview.id),
                               interviewer_id=ivan.id, scheduled_at=when, duration_minutes=45)
        db.session.rollback()
    assert _count(app) == 1
