"""The administrator's user pages: list, create, edit, deactivate, reactivate, set password."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hiring.extensions import db
from hiring.models import AuditEvent, User
from hiring.security import verify_password
from tests.support.factories import PASSWORD

NEW_PASSWORD = "another long enough passphrase"


def load(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id, options=[selectinload(User.role_rows)])
        assert user is not None
        db.session.expunge(user)
        return user


def password_is(app, user_id: int, password: str) -> bool:
    with app.app_context():
        return verify_password(db.session.get(User, user_id).password_hash, password)


def events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        found = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                        .order_by(AuditEvent.id)))
        db.session.expunge_all()
        return found


def page(response) -> str:
    return response.get_data(as_text=True)


def checked_roles(html: str) -> set[str]:
    boxes = re.findall(r'<input[^>]*name="roles"[^>]*>', html)
    return {re.search(r'value="([^"]+)"', b).group(1) for b in boxes if " checked" in b}


def listed(response) -> str:
    """The rows of the users table (the top bar also names the admin)."""
    html = page(response)
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""


@pytest.fixture
def admin(make, client):
    user = make.user("admin", name="Ada Admin", email="ada@example.test")
    client.login(user)
    return user


# -- the list -------------------------------------------------------------------------------

def test_list_shows_roles_and_state_and_filters(client, make, admin):
    make.user("recruiter", name="Rita Recruiter", email="rita@example.test")
    make.user("interviewer", "committee", name="Ivo Gone", email="ivo@example.test",
              active=False)
    rows = listed(client.get("/admin/users"))
    assert "Rita Recruiter" in rows
    assert "Ivo Gone" in rows
    assert "Ada Admin" in rows
    assert "Committee member" in rows
    assert "Interviewer" in rows
    assert "Inactive" in rows

    def names(query: str) -> set[str]:
        rows = listed(client.get(f"/admin/users?{query}"))
        return {n for n in ("Ada Admin", "Rita Recruiter", "Ivo Gone") if n in rows}

    assert names("q=RITA") == {"Rita Recruiter"}
    assert names("q=ivo@") == {"Ivo Gone"}
    assert names("role=committee") == {"Ivo Gone"}
    assert names("role=admin&q=ada") == {"Ada Admin"}
    assert names("state=inactive") == {"Ivo Gone"}
    assert names("state=active") == {"Ada Admin", "Rita Recruiter"}


def test_search_takes_wildcards_literally(client, make, admin):
    make.user("recruiter", name="Rita Recruiter")
    response = client.get("/admin/users?q=%25")
    assert listed(response) == ""
    assert "No user matches these filters." in page(response)


def test_a_tampered_role_filter_is_refused_and_ignored(client, make, admin):
    make.user("recruiter", name="Rita Recruiter")
    response = client.get("/admin/users?role=superuser")
    assert response.status_code == 200
    assert "Not a valid choice" in page(response)
    assert "Rita Recruiter" in listed(response)


def test_list_pages_through_many_users(app, client, make, admin):
    app.config["PAGE_SIZE"] = 2
    for n in range(3):
        make.user("interviewer", name=f"Zed {n}")
    first, second = client.get("/admin/users"), client.get("/admin/users?page=2")
    assert "Page 1 of 2" in page(first)
    assert "Page 2 of 2" in page(second)
    assert "Ada Admin" in listed(first)
    assert "Zed 2" not in listed(first)
    assert "Zed 2" in listed(second)
    assert "Ada Admin" not in listed(second)
    assert client.get("/admin/users?page=9").status_code == 200  # past the end: no error


# -- creating -------------------------------------------------------------------------------

def new_user_form(**changes):
    data = {"name": "Nina New", "email": "Nina.New@Example.test",
            "roles": ["interviewer", "committee"], "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD}
    data.update(changes)
    return data


def test_create_user_then_they_log_in(app, client, admin):
    response = client.post("/admin/users/new", data=new_user_form())
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "nina.new@example.test"))
        assert user is not None
        assert user.name == "Nina New"
        assert user.roles == {"interviewer", "committee"}
        assert user.active
        assert user.password_hash.startswith("$argon2id$")
        assert verify_password(user.password_hash, NEW_PASSWORD)
        assert response.headers["Location"].endswith(f"/admin/users/{user.id}")
    [created] = events(app, "user.created")
    assert created.actor_id == admin.id
    assert created.after == {"email": "nina.new@example.test", "name": "Nina New",
                             "roles": ["committee", "interviewer"]}

    fresh = app.test_client()
    fresh.post("/login", data={"email": "nina.new@example.test", "password": NEW_PASSWORD})
    assert fresh.get("/").headers["Location"].endswith("/committee")


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"password": "short", "confirm": "short"}, "password", "at least 12 characters"),
    ({"confirm": "something else entirely"}, "confirm", "The two passwords differ."),
    ({"email": "not-an-email"}, "email", "Enter an email address"),
    ({"email": "ada@example.test"}, "email", "An account with this email exists already."),
    ({"name": "   "}, "name", "This field is required."),
    ({"roles": ["interviewer", "owner"]}, "roles", "not a valid choice"),
])
def test_create_refuses_bad_input_next_to_the_field_and_keeps_it(app, client, admin, changes,
                                                                   field, message):
    response = client.post("/admin/users/new", data=new_user_form(**changes))
    html = page(response)
    assert response.status_code == 200
    errors = html.split(f'id="{field}-errors"', 1)
    assert len(errors) == 2
    assert message.lower() in errors[1].split("</ul>")[0].lower()
    if field != "email":
        assert 'value="Nina.New@Example.test"' in html
    if field != "name":
        assert 'value="Nina New"' in html
    assert NEW_PASSWORD not in html  # passwords are never sent back
    with app.app_context():
        assert db.session.scalar(select(User).where(User.name == "Nina New")) is None
    assert events(app, "user.created") == []


# -- editing --------------------------------------------------------------------------------

def test_edit_changes_profile_and_roles_and_audits_both(app, client, make, admin):
    user = make.user("interviewer", name="Ivan I", email="ivan@example.test")
    html = page(client.get(f"/admin/users/{user.id}"))
    assert 'value="Ivan I"' in html
    assert checked_roles(html) == {"interviewer"}
    response = client.post(f"/admin/users/{user.id}", data={
        "name": "Ivan Petrov", "email": "IVAN.P@example.test", "roles": ["recruiter"]})
    assert response.status_code == 302
    saved = load(app, user.id)
    assert (saved.name, saved.email, saved.roles) == ("Ivan Petrov", "ivan.p@example.test",
                                                      {"recruiter"})
    [updated] = events(app, "user.updated")
    assert updated.before == {"name": "Ivan I", "email": "ivan@example.test"}
    assert updated.after == {"name": "Ivan Petrov", "email": "ivan.p@example.test"}
    [roles] = events(app, "user.roles_changed")
    assert (roles.before, roles.after) == ({"roles": ["interviewer"]}, {"roles": ["recruiter"]})
    assert roles.actor_id == admin.id


def test_edit_refuses_an_email_in_use_and_changes_nothing(app, client, make, admin):
    user = make.user("interviewer", name="Ivan I", email="ivan@example.test")
    response = client.post(f"/admin/users/{user.id}", data={
        "name": "Renamed", "email": "ada@example.test", "roles": ["committee"]})
    assert response.status_code == 200
    html = page(response)
    assert "An account with this email exists already." in html
    assert 'value="Renamed"' in html  # what was typed stays
    saved = load(app, user.id)
    assert (saved.name, saved.email, saved.roles) == ("Ivan I", "ivan@example.test",
                                                      {"interviewer"})
    assert events(app, "user.updated") == events(app, "user.roles_changed") == []


def test_an_admin_cannot_remove_their_own_admin_role(app, client, admin):
    response = client.post(f"/admin/users/{admin.id}", data={
        "name": "Ada Renamed", "email": "ada@example.test", "roles": ["recruiter"]})
    assert response.status_code == 200
    assert "You cannot remove your own admin role" in page(response)
    saved = load(app, admin.id)
    assert saved.roles == {"admin"}
    assert saved.name == "Ada Admin"
    # adding a role to oneself is fine
    client.post(f"/admin/users/{admin.id}", data={
        "name": "Ada Admin", "email": "ada@example.test", "roles": ["admin", "recruiter"]})
    assert load(app, admin.id).roles == {"admin", "recruiter"}


def test_an_admin_may_remove_another_admins_role(app, client, make, admin):
    other = make.user("admin", name="Otto Admin")
    client.post(f"/admin/users/{other.id}", data={
        "name": "Otto Admin", "email": other.email, "roles": ["interviewer"]})
    assert load(app, other.id).roles == {"interviewer"}


# -- deactivating, reactivating -------------------------------------------------------------

def test_deactivate_ends_sessions_and_reactivate_lets_them_back(app, client, make, admin):
    user = make.user("interviewer", name="Ivan I")
    theirs = app.test_client()
    theirs.login(user)
    assert theirs.get("/welcome").status_code == 200

    response = client.post(f"/admin/users/{user.id}/deactivate", follow_redirects=True)
    assert "Ivan I is deactivated; their sessions have ended." in page(response)
    assert not load(app, user.id).active
    assert theirs.get("/welcome").headers["Location"].startswith("/login")
    [event] = events(app, "user.deactivated")
    assert (event.before, event.after, event.actor_id) == (
        {"active": True}, {"active": False}, admin.id)
    assert "Reactivate account" in page(client.get(f"/admin/users/{user.id}"))

    client.post(f"/admin/users/{user.id}/reactivate")
    assert load(app, user.id).active
    assert len(events(app, "user.reactivated")) == 1
    again = app.test_client()
    again.post("/login", data={"email": user.email, "password": PASSWORD})
    assert again.get("/welcome").status_code == 200


def test_an_admin_cannot_deactivate_themself(app, client, admin):
    html = page(client.get(f"/admin/users/{admin.id}"))
    assert "Deactivate account" not in html
    assert "cannot deactivate your own account" in html
    response = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "You cannot deactivate your own account." in page(response)
    assert load(app, admin.id).active
    assert events(app, "user.deactivated") == []
    assert client.get("/admin/users").status_code == 200  # still logged in


def test_state_changes_need_the_token(app, client, make, admin):
    user = make.user("interviewer")
    assert client.post(f"/admin/users/{user.id}/deactivate", csrf=False).status_code == 400
    assert load(app, user.id).active
    assert client.get(f"/admin/users/{user.id}/deactivate").status_code == 405


# -- passwords ------------------------------------------------------------------------------

def test_set_password_ends_their_sessions_and_replaces_the_old_one(app, client, make, admin):
    user = make.user("interviewer", name="Ivan I")
    theirs = app.test_client()
    theirs.login(user)
    response = client.post(f"/admin/users/{user.id}/password",
                           data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert password_is(app, user.id, NEW_PASSWORD)
    assert not password_is(app, user.id, PASSWORD)
    assert theirs.get("/welcome").headers["Location"].startswith("/login")
    [event] = events(app, "user.password_changed")
    assert event.before is None
    assert event.after is None
    assert event.actor_id == admin.id


def test_set_password_refuses_a_weak_one(app, client, make, admin):
    user = make.user("interviewer")
    response = client.post(f"/admin/users/{user.id}/password",
                           data={"password": "tiny", "confirm": "tiny"})
    assert response.status_code == 200
    assert "Use at least 12 characters." in page(response)
    assert password_is(app, user.id, PASSWORD)
    assert events(app, "user.password_changed") == []


def test_a_refused_password_is_never_sent_back(app, client, make, admin):
    user = make.user("interviewer")
    response = client.post(f"/admin/users/{user.id}/password",
                           data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"})
    assert response.status_code == 200
    assert "The two passwords differ." in page(response)
    assert NEW_PASSWORD not in page(response)
    assert password_is(app, user.id, PASSWORD)


def test_an_admin_changing_their_own_password_stays_logged_in(app, client, admin):
    response = client.post(f"/admin/users/{admin.id}/password",
                           data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                           follow_redirects=True)
    assert "Your password is changed" in page(response)
    assert client.get("/admin/users").status_code == 200
    assert load(app, admin.id).session_version == admin.session_version + 1
