"""The interviewer's queue and the count in the navigation."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask import Flask, render_template_string
from flask_login import login_user
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import User
from hiring.queries.interviews import awaiting_count, interviewer_queue
from hiring.queries.navigation import nav_count

HOURS = dt.timedelta(hours=1)


def build(make):
    me = make.user("interviewer", name="Ivy")
    colleague = make.user("interviewer", name="Colin")
    req = make.requisition(title="Platform engineer")
    now = utcnow()

    def interview(name: str, when: dt.datetime, **kw):
        return make.interview(make.candidate(req, name=name), kw.pop("who", me), when=when,
                              minutes=60, **kw)

    ivs = {
        "overdue_old": interview("Olga Oldest", now - 100 * HOURS),
        "overdue_new": interview("Oscar Overdue", now - 30 * HOURS),
        "awaiting": interview("Ada Awaiting", now - 3 * HOURS),
        "in_progress": interview("Ian InProgress", now - 0.5 * HOURS),
        "upcoming": interview("Uma Upcoming", now + 5 * HOURS),
        "submitted": interview("Sid Submitted", now - 50 * HOURS),
        "cancelled": interview("Cat Cancelled", now - 50 * HOURS, status="cancelled"),
        "colleagues": interview("Cole Colleague", now - 50 * HOURS, who=colleague),
    }
    make.scorecard(ivs["awaiting"], {"coding": 3}, submitted=False)
    make.scorecard(ivs["submitted"], {"coding": 4})
    return me, ivs


def test_the_queue_sorts_interviews_into_its_sections(app, make):
    me, ivs = build(make)
    with app.app_context():
        user = db.session.get(User, me.id)
        queue = interviewer_queue(user, utcnow(), 24)
        ids = {name: [i.interview.id for i in getattr(queue, name)]
               for name in ("overdue", "awaiting", "upcoming", "submitted")}
        assert ids == {
            "overdue": [ivs["overdue_old"].id, ivs["overdue_new"].id],
            "awaiting": [ivs["awaiting"].id, ivs["in_progress"].id],
            "upcoming": [ivs["upcoming"].id],
            "submitted": [ivs["submitted"].id],
        }
        assert queue.awaiting[0].draft is not None
        assert awaiting_count(user, utcnow()) == queue.owed == 4
        assert nav_count(user, "awaiting") == 4


def test_only_the_latest_submitted_scorecards_are_loaded(app, make):
    me, _ = build(make)
    req = make.requisition()
    older = make.interview(make.candidate(req), me, when=utcnow() - 200 * HOURS)
    make.scorecard(older, {"coding": 2})
    with app.app_context():
        user = db.session.get(User, me.id)
        queue = interviewer_queue(user, utcnow(), 24, submitted_shown=1)
        assert [i.interview.id for i in queue.submitted] == [older.id]  # the newest submit
        assert queue.submitted_total == 2


def test_the_deadline_follows_the_configured_hours(app, make):
    me, ivs = build(make)
    with app.app_context():
        user = db.session.get(User, me.id)
        queue = interviewer_queue(user, utcnow(), 1)
        assert [i.interview.id for i in queue.overdue] == [
            ivs["overdue_old"].id, ivs["overdue_new"].id, ivs["awaiting"].id]


def test_the_navigation_count_is_one_query_and_only_for_interviewers(app: Flask, make):
    me, _ = build(make)
    recruiter = make.user("recruiter")
    statements: list[str] = []
    with app.app_context():
        user = db.session.get(User, me.id)
        other = db.session.get(User, recruiter.id)
        user.roles, other.roles  # noqa: B018 - roles loaded before counting (lazy by default)

        def count(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert nav_count(user, "awaiting") == 4
            assert nav_count(other, "awaiting") is None
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1
    assert statements[0].lstrip().upper().startswith("SELECT COUNT")


def test_the_queue_page(client, make):
    me, _ivs = build(make)
    client.login(me)
    response = client.get("/my/interviews")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    order = [page.index(name) for name in ("Olga Oldest", "Oscar Overdue", "Ada Awaiting",
                                           "Ian InProgress", "Uma Upcoming", "Sid Submitted")]
    assert order == sorted(order)
    assert "Cat Cancelled" not in page
    assert "Cole Colleague" not in page
    assert "draft saved under a minute ago" in page
    assert "Submitted r1" in page
    assert re.search(r'class="count"[^>]*>4<', page)  # the navigation count
    assert "Continue draft" in page
    assert "Write scorecard" in page


def selects(engine, statements: list[str]):
    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    return lambda: event.remove(engine, "before_cursor_execute", count)


def test_a_page_without_the_navigation_counts_nothing(app: Flask, make):
    """The count is computed by the navigation when it shows the item: a template without it
    (the PDF packet) runs no query for it."""
    me, _ = build(make)
    statements: list[str] = []
    with app.test_request_context():
        login_user(db.session.get(User, me.id))
        stop = selects(db.engine, statements)
        try:
            assert render_template_string("{{ 'packet' }}") == "packet"
        finally:
            stop()
    assert statements == []


def test_error_pages_show_no_count_and_run_no_query_for_it(app: Flask, client, make):
    me, _ = build(make)
    client.login(me)
    with app.app_context():
        engine = db.engine
    statements: list[str] = []
    stop = selects(engine, statements)
    try:
        response = client.get("/no/such/page")
    finally:
        stop()
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "My interviews" in page
    assert 'class="count"' not in page
    assert not [s for s in statements if "count(" in s.lower()]


@pytest.mark.fresh_app
def test_a_failing_database_still_gets_the_500_page(app: Flask, client, make):
    me, _ = build(make)
    client.login(me)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    down = {"now": False}

    def database_down(conn, cursor, statement, *args):
        if down["now"]:
            raise OperationalError(statement, {}, Exception("the database went away"))

    def failing_view():
        down["now"] = True
        return str(db.session.scalar(text("SELECT 1")))

    app.add_url_rule("/fails", "fails", failing_view)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", database_down)
    try:
        response = client.get("/fails")
    finally:
        event.remove(engine, "before_cursor_execute", database_down)
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page
    assert "Ivy" not in page  # shown as nobody: the user could not be loaded again
