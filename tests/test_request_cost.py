"""What every authenticated request costs before the page itself runs."""

from sqlalchemy import event

from hiring.extensions import db


def test_the_logged_in_user_and_roles_load_in_one_statement(app, client, make):
    client.login(make.user("admin", "committee"))
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get("/welcome").status_code == 200  # a page that queries nothing itself
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(seen) == 1, seen
