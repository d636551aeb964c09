"""Server-side sessions: logout, expiry, deactivation and the user's own session list.

A session is a row in ``user_sessions``; the cookie only points at it. So a copy of the
cookie is worth nothing once the row has ended, whoever ended it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event, select, update

from hiring.database import utcnow
from hiring.domain.tokens import token_hash
from hiring.extensions import db
from hiring.models import AuditEvent, User, UserSession
from hiring.services import sessions
from hiring.services import users as accounts
from tests.support.factories import PASSWORD

COOKIE = "hiring_session"
QUEUE = "/my/interviews"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME_PHONE = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                " Chrome/131.0.0.0 Mobile Safari/537.36")


def browser(app, *, agent: str = FIREFOX, address: str = "198.51.100.10"):
    client = app.test_client()
    client.environ_base.update({"HTTP_USER_AGENT": agent, "REMOTE_ADDR": address})
    return client


def log_in(client, email: str) -> None:
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


def sent_to_login(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def copy_cookie(source, target) -> None:
    target.set_cookie(COOKIE, source.get_cookie(COOKIE).value)


def session_rows(app, user_id: int) -> list[UserSession]:
    with app.app_context():
        rows = list(db.session.scalars(select(UserSession).where(UserSession.user_id == user_id)
                                       .order_by(UserSession.id)))
        db.session.expunge_all()
        return rows


def shift(app, session_id: int, **ago: dt.timedelta) -> None:
    """Move a session's times into the past, as if that much time had gone by."""
    with app.app_context():
        db.session.execute(update(UserSession).where(UserSession.id == session_id)
                           .values({k: utcnow() - v for k, v in ago.items()}))
        db.session.commit()


# -- logout ends the session on the server --------------------------------------------------

def test_a_cookie_copied_before_logout_gets_the_login_page_after_it(app, make):
    user = make.user("interviewer", email="ivan@example.test")
    owner, thief = browser(app), browser(app, address="203.0.113.66")
    log_in(owner, "ivan@example.test")
    copy_cookie(owner, thief)
    assert thief.get(QUEUE).status_code == 200  # the copy works while the session lives

    assert owner.post("/logout").status_code == 302
    assert sent_to_login(thief.get(QUEUE))
    assert sent_to_login(owner.get(QUEUE))
    [row] = session_rows(app, user.id)
    assert row.ended_at is not None
    assert row.end_reason == "logout"


def test_the_cookie_holds_a_token_whose_hash_alone_is_stored(app, make):
    user = make.user("interviewer", email="ivan@example.test")
    client = browser(app)
    log_in(client, "ivan@example.test")
    with client.session_transaction() as cookie:
        token = cookie[sessions.SESSION_KEY]
    [row] = session_rows(app, user.id)
    assert row.token_hash == token_hash(token) != token
    assert (row.ip, row.user_agent) == ("198.51.100.10", FIREFOX)


def test_an_unknown_token_gets_the_login_page(app, client, make):
    user = make.user("interviewer")
    client.login(user)
    assert client.get(QUEUE).status_code == 200
    with client.session_transaction() as cookie:
        cookie[sessions.SESSION_KEY] = "made-up-token"
    assert sent_to_login(client.get(QUEUE))
    with client.session_transaction() as cookie:
        del cookie[sessions.SESSION_KEY]
    assert sent_to_login(client.get(QUEUE))


def test_a_token_of_someone_elses_session_does_not_log_in_as_them(app, make):
    ivan, ines = make.user("interviewer"), make.user("interviewer")
    mine, theirs = app.test_client(), app.test_client()
    mine.login(ivan)
    theirs.login(ines)
    with theirs.session_transaction() as cookie:
        their_token = cookie[sessions.SESSION_KEY]
    with mine.session_transaction() as cookie:
        cookie[sessions.SESSION_KEY] = their_token  # with ivan's user id
    assert sent_to_login(mine.get(QUEUE))


# -- idle timeout and absolute lifetime -----------------------------------------------------

def test_a_session_idle_for_longer_than_the_timeout_ends(app, client, make):
    app.config["SESSION_IDLE_MINUTES"] = 30
    user = make.user("interviewer")
    client.login(user)
    [row] = session_rows(app, user.id)
    shift(app, row.id, last_seen_at=dt.timedelta(minutes=29))
    assert client.get(QUEUE).status_code == 200
    shift(app, row.id, last_seen_at=dt.timedelta(minutes=31))
    assert sent_to_login(client.get(QUEUE))


def test_a_session_in_use_still_ends_at_its_absolute_lifetime(app, client, make):
    app.config["SESSION_MAX_HOURS"] = 12
    user = make.user("interviewer")
    client.login(user)
    [row] = session_rows(app, user.id)
    shift(app, row.id, created_at=dt.timedelta(hours=11, minutes=59))
    assert client.get(QUEUE).status_code == 200
    shift(app, row.id, created_at=dt.timedelta(hours=12, minutes=1))
    assert sent_to_login(client.get(QUEUE))


def updates_of_sessions(app, client, path: str) -> list[str]:
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("UPDATE USER_SESSIONS"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return seen


def test_last_seen_is_written_at_most_once_per_touch_interval(app, client, make):
    app.config["SESSION_TOUCH_MINUTES"] = 5
    user = make.user("interviewer")
    client.login(user)
    [row] = session_rows(app, user.id)
    assert updates_of_sessions(app, client, QUEUE) == []  # seen just now: no write
    shift(app, row.id, last_seen_at=dt.timedelta(minutes=6))
    assert len(updates_of_sessions(app, client, QUEUE)) == 1
    [touched] = session_rows(app, user.id)
    assert utcnow() - touched.last_seen_at < dt.timedelta(minutes=1)
    assert updates_of_sessions(app, client, QUEUE) == []


# -- deactivation and new passwords end the rows --------------------------------------------

def test_deactivation_ends_every_session_row(app, make):
    admin = make.user("admin")
    user = make.user("interviewer", email="ivan@example.test")
    phone, laptop = browser(app, agent=CHROME_PHONE), browser(app)
    log_in(phone, "ivan@example.test")
    log_in(laptop, "ivan@example.test")
    with app.app_context():
        accounts.deactivate(db.session.get(User, user.id), by=db.session.get(User, admin.id))
        db.session.commit()
    assert sent_to_login(phone.get(QUEUE))
    assert sent_to_login(laptop.get(QUEUE))
    assert {(r.end_reason, r.ended_at is not None) for r in session_rows(app, user.id)} == {
        ("deactivated", True)}


def test_a_new_password_set_by_an_administrator_ends_every_session_of_the_user(app, make):
    user = make.user("interviewer", email="ivan@example.test")
    laptop = browser(app)
    log_in(laptop, "ivan@example.test")
    with app.app_context():
        accounts.set_password(db.session.get(User, user.id), "a brand new passphrase 7")
        db.session.commit()
    assert sent_to_login(laptop.get(QUEUE))
    [row] = session_rows(app, user.id)
    assert row.end_reason == "password_changed"


# -- the user's own list of sessions --------------------------------------------------------

def test_the_list_shows_each_live_session_and_marks_this_one(app, make):
    user = make.user("interviewer", email="ivan@example.test")
    laptop = browser(app)
    phone = browser(app, agent=CHROME_PHONE, address="203.0.113.5")
    old = browser(app, address="192.0.2.99")
    for client in (old, phone, laptop):
        log_in(client, "ivan@example.test")
    old.post("/logout")
    html = laptop.get("/account/sessions").get_data(as_text=True)
    assert "Firefox on Linux" in html
    assert "Chrome on Android" in html
    assert "198.51.100.10" in html
    assert "203.0.113.5" in html
    assert "192.0.2.99" not in html  # ended sessions are not listed
    assert html.count("This session") == 1
    rows = [r for r in session_rows(app, user.id) if r.ended_at is None]
    laptop_row = next(r for r in rows if r.user_agent == FIREFOX)
    phone_row = next(r for r in rows if r.user_agent == CHROME_PHONE)
    # this session offers no "End session" button: logging out ends it
    assert f"/account/sessions/{phone_row.id}/end" in html
    assert f"/account/sessions/{laptop_row.id}/end" not in html


def test_ending_another_session_sends_its_cookie_to_the_login_page(app, make):
    user = make.user("interviewer", email="ivan@example.test")
    laptop, phone = browser(app), browser(app, agent=CHROME_PHONE)
    log_in(laptop, "ivan@example.test")
    log_in(phone, "ivan@example.test")
    phone_row = next(r for r in session_rows(app, user.id) if r.user_agent == CHROME_PHONE)
    url = f"/account/sessions/{phone_row.id}/end"

    assert laptop.get(url).status_code == 405
    assert laptop.post(url, csrf=False).status_code == 400
    assert phone.get(QUEUE).status_code == 200

    response = laptop.post(url)
    assert response.status_code == 302
    assert sent_to_login(phone.get(QUEUE))
    assert laptop.get(QUEUE).status_code == 200
    with app.app_context():
        [event] = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "auth.sessions_ended")).all()
        assert (event.actor_id, event.object_id) == (user.id, str(user.id))
        assert event.after == {"sessions": [phone_row.id], "scope": "one"}


def test_this_session_is_not_ended_from_the_list(app, make):
    user = make.user("interviewer", email="ivan@example.test")
    laptop = browser(app)
    log_in(laptop, "ivan@example.test")
    [row] = session_rows(app, user.id)
    response = laptop.post(f"/account/sessions/{row.id}/end", follow_redirects=True)
    assert "log out to end it" in response.get_data(as_text=True)
    assert laptop.get(QUEUE).status_code == 200


def test_ending_all_other_sessions_keeps_this_one(app, make):
    make.user("interviewer", email="ivan@example.test")
    laptop, phone, tablet = browser(app), browser(app, agent=CHROME_PHONE), browser(app)
    for client in (laptop, phone, tablet):
        log_in(client, "ivan@example.test")
    response = laptop.post("/account/sessions/end-others", follow_redirects=True)
    assert "Ended 2 other sessions." in response.get_data(as_text=True)
    assert sent_to_login(phone.get(QUEUE))
    assert sent_to_login(tablet.get(QUEUE))
    assert laptop.get(QUEUE).status_code == 200
    with app.app_context():
        [event] = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "auth.sessions_ended")).all()
        assert event.after == {"count": 2, "scope": "others"}


def test_someone_elses_session_is_out_of_reach(app, make):
    ivan = make.user("interviewer", email="ivan@example.test")
    make.user("interviewer", email="ines@example.test")
    ivans, ines = browser(app), browser(app)
    log_in(ivans, "ivan@example.test")
    log_in(ines, "ines@example.test")
    [ivans_row] = session_rows(app, ivan.id)
    assert ines.post(f"/account/sessions/{ivans_row.id}/end").status_code == 404
    assert ines.post("/account/sessions/987654/end").status_code == 404
    assert ivans.get(QUEUE).status_code == 200
    assert f"/account/sessions/{ivans_row.id}/end" not in ines.get(
        "/account/sessions").get_data(as_text=True)


def test_device_labels():
    assert sessions.device_label(FIREFOX) == "Firefox on Linux"
    assert sessions.device_label(CHROME_PHONE) == "Chrome on Android"
    assert sessions.device_label("") == "Unknown browser"
