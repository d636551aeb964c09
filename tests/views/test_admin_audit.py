"""The audit trail browser: newest first, filters, paging, readable changes; append-only."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select, text, update

from hiring.extensions import db
from hiring.models import AuditEvent
from hiring.models.audit import AuditTrailIsAppendOnly, guard_statements, unguard_statements
from hiring.queries.audit import AuditEvent as QueriedEvent
from hiring.queries.audit import changes_of, show_value

DAY = dt.datetime(2024, 3, 10, 12, 0, tzinfo=dt.UTC)


def add_events(app, *rows: dict) -> None:
    with app.app_context():
        for row in rows:
            db.session.add(AuditEvent(**{"actor_label": "", "object_type": "requisition",
                                         "object_id": "1", "ip": "", **row}))
        db.session.commit()


def rows_of(response) -> list[str]:
    """The table rows, in order, as they are shown."""
    html = response.get_data(as_text=True)
    if "<tbody>" not in html:
        return []
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return body.split("<tr>")[1:]


def actions_shown(response) -> list[str]:
    return [r.split('class="action-code"', 1)[1].split(">", 1)[1].split("<", 1)[0]
            for r in rows_of(response)]


@pytest.fixture
def admin_client(app, client, make):
    client.login(make.user("admin", email="root@example.test"))
    return client


@pytest.fixture
def trail(app):
    with app.app_context():  # start from an empty trail (set-up stored the rubrics)
        dialect = db.engine.dialect.name
        for statement in (*unguard_statements(dialect), "DELETE FROM audit_events",
                          *guard_statements(dialect)):  # the database refuses it otherwise
            db.session.execute(text(statement))
        db.session.commit()
    add_events(
        app,
        {"action": "requisition.opened", "at": DAY, "actor_label": "rita@example.test",
         "object_id": "7", "ip": "203.0.113.5", "after": {"title": "Platform Engineer"}},
        {"action": "candidate.moved", "at": DAY + dt.timedelta(days=1),
         "actor_label": "rita@example.test", "object_type": "candidate", "object_id": "42",
         "before": {"stage": "applied"}, "after": {"stage": "phone_screen"}},
        {"action": "user.roles_changed", "at": DAY + dt.timedelta(days=2),
         "actor_label": "ada@example.test", "object_type": "user", "object_id": "3",
         "before": {"roles": ["interviewer"]}, "after": {"roles": ["committee", "interviewer"]}},
        {"action": "candidate.moved", "at": DAY + dt.timedelta(days=3, hours=23, minutes=59),
         "actor_label": "bob@example.test", "object_type": "candidate", "object_id": "43",
         "before": {"stage": "phone_screen"}, "after": {"stage": "rejected"}},
    )


def test_events_are_shown_newest_first_with_every_column(admin_client, trail):
    response = admin_client.get("/admin/audit")
    assert response.status_code == 200
    assert actions_shown(response) == ["candidate.moved", "user.roles_changed",
                                       "candidate.moved", "requisition.opened"]
    oldest = rows_of(response)[-1]
    assert "2024-03-10 12:00:00" in oldest
    assert "rita@example.test" in oldest
    assert "requisition #7" in oldest
    assert "203.0.113.5" in oldest
    assert "Platform Engineer" in oldest
    roles = rows_of(response)[1]
    assert '<del class="diff-old">interviewer</del>' in roles
    assert '<ins class="diff-new">committee, interviewer</ins>' in roles
    assert "Time (UTC)" in response.get_data(as_text=True)


@pytest.mark.parametrize(("query", "expected"), [
    ("action=candidate.moved", ["candidate.moved", "candidate.moved"]),
    ("actor=RITA", ["candidate.moved", "requisition.opened"]),
    ("object_type=user", ["user.roles_changed"]),
    ("object_type=candidate&object_id=43", ["candidate.moved"]),
    ("object_id=42", ["candidate.moved"]),
    ("date_from=2024-03-11&date_to=2024-03-12", ["user.roles_changed", "candidate.moved"]),
    ("date_to=2024-03-10", ["requisition.opened"]),
    ("date_from=2024-03-13", ["candidate.moved"]),  # 23:59 on the last day still counts
    ("action=candidate.moved&actor=bob", ["candidate.moved"]),
    ("actor=%25", []),  # a wildcard is a literal character here
])
def test_filters(admin_client, trail, query, expected):
    assert actions_shown(admin_client.get(f"/admin/audit?{query}")) == expected


def test_the_action_and_type_filters_offer_what_the_trail_holds(admin_client, trail):
    html = admin_client.get("/admin/audit").get_data(as_text=True)
    action_select = html.split('name="action"', 1)[1].split("</select>", 1)[0]
    assert [v for v in ("candidate.moved", "requisition.opened", "user.roles_changed")
            if f'value="{v}"' in action_select] == ["candidate.moved", "requisition.opened",
                                                     "user.roles_changed"]
    type_select = html.split('name="object_type"', 1)[1].split("</select>", 1)[0]
    assert 'value="candidate"' in type_select
    assert 'value="user"' in type_select


def test_bad_filters_are_explained_and_not_applied(admin_client, trail):
    response = admin_client.get("/admin/audit?date_from=yesterday&action=made.up")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Not a valid date value." in html
    assert "Not a valid choice." in html
    assert len(actions_shown(response)) == 4
    response = admin_client.get("/admin/audit?date_from=2024-03-12&date_to=2024-03-10")
    assert "The end date is before the start date." in response.get_data(as_text=True)
    assert actions_shown(response) == ["candidate.moved", "user.roles_changed"]  # from only


def test_the_trail_pages_and_filters_survive_paging(app, admin_client, trail):
    app.config["PAGE_SIZE"] = 1
    first = admin_client.get("/admin/audit?actor=rita")
    html = first.get_data(as_text=True)
    assert "Page 1 of 2" in html
    assert "actor=rita" in html.split('rel="next"', 1)[0]
    assert actions_shown(first) == ["candidate.moved"]
    assert actions_shown(admin_client.get("/admin/audit?actor=rita&page=2")) == [
        "requisition.opened"]


def test_unknown_query_keys_do_not_break_the_paging_links(app, admin_client, make, trail):
    app.config["PAGE_SIZE"] = 1
    make.user("recruiter", name="Rita Recruiter")
    for url in ("/admin/audit?actor=rita", "/admin/users?q=r"):
        response = admin_client.get(f"{url}&endpoint=x&_scheme=https&_external=1")
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert 'rel="next"' in html
        assert "_scheme" not in html


def test_empty_states(admin_client):
    html = admin_client.get("/admin/audit?actor=nobody").get_data(as_text=True)
    assert "No event matches these filters." in html


def test_the_audit_trail_has_no_route_that_changes_it(app):
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule:
            assert (rule.methods or set()) <= {"GET", "HEAD", "OPTIONS"}, rule.rule


def test_the_orm_refuses_to_update_or_delete_an_event(app, trail):
    with app.app_context():
        event = db.session.scalars(select(AuditEvent)).first()
        event.action = "tampered"
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.flush()
        db.session.rollback()
        event = db.session.scalars(select(AuditEvent)).first()
        db.session.delete(event)
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.flush()
        db.session.rollback()
        assert db.session.scalar(select(db.func.count(AuditEvent.id))) == 4
        assert "tampered" not in set(db.session.scalars(select(AuditEvent.action)))


def test_bulk_statements_are_refused_too(app, trail):
    with app.app_context():
        for statement in (update(AuditEvent).values(action="tampered"), delete(AuditEvent)):
            with pytest.raises(AuditTrailIsAppendOnly):
                db.session.execute(statement)
            db.session.rollback()
        assert db.session.scalar(select(db.func.count(AuditEvent.id))) == 4


def test_changes_read_as_text():
    assert show_value(None) == show_value("") == show_value([]) == "—"
    assert show_value(True) == "yes"
    assert show_value(["a", "b"]) == "a, b"
    assert show_value({"x": 1, "y": [2, 3]}) == "x: 1; y: 2, 3"
    event = QueriedEvent(before={"stage": "applied", "note": "x"},
                         after={"stage": "offer", "owner": "rita"})
    assert [(c.key, c.before, c.after, c.kind) for c in changes_of(event)] == [
        ("stage", "applied", "offer", "changed"), ("note", "x", "—", "removed"),
        ("owner", "—", "rita", "added")]
    assert [c.kind for c in changes_of(QueriedEvent(after={"title": "T"}))] == ["set"]


def next_link(html: str) -> str:
    return html.split('rel="next"', 1)[0].rsplit('href="', 1)[1].split('"', 1)[0]


def test_paging_links_carry_only_the_filters_that_apply(app, admin_client, make, trail):
    app.config["PAGE_SIZE"] = 1
    html = admin_client.get("/admin/audit?actor=+rita+&action=made.up&date_from=2024-03-09"
                            "&date_to=yesterday").get_data(as_text=True)
    link = next_link(html)
    assert "actor=rita&" in f"{link}&"  # stripped, as it was applied
    assert "date_from=2024-03-09" in link
    assert "made.up" not in link
    assert "date_to" not in link
    make.user("recruiter", name="Rita Recruiter")
    make.user("recruiter", name="Rob Recruiter")
    link = next_link(admin_client.get("/admin/users?q=recruiter&role=superuser&state=active")
                     .get_data(as_text=True))
    assert "q=recruiter" in link
    assert "state=active" in link
    assert "superuser" not in link
