"""Bad input that used to give a 500 gets a clear 400 (or the page it asked for) and changes
nothing: huge page numbers, the last and first representable dates, CR/LF in ``next=``, NUL
characters (PostgreSQL refuses them in text), and a rubric nested thousands of levels deep.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from hiring.cli import main
from hiring.domain.yaml_depth import MAX_DEPTH
from hiring.extensions import db
from hiring.models import AuditEvent, Candidate, Scorecard
from hiring.queries.paging import MAX_PAGE, page_number
from tests.support.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[1]
HUGE = ["100000000000000000000000", "9223372036854775808", str(MAX_PAGE + 1), "1" * 5000]
LENIENT = {"10^23": 1, "-100000000000000000000000": 1, "abc": 1, "0": 1, " 7 ": 7,
           "+3": 3, "٣": 1, str(MAX_PAGE): MAX_PAGE}


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def lists(make) -> dict[str, object]:
    """Each paged list of the app with a user who may read it."""
    admin, rita = make.user("admin"), make.user("recruiter")
    req = make.requisition(recruiters=[rita])
    make.candidate(req, stage="phone_screen")
    return {"admin": admin, "recruiter": rita,
            "urls": [("admin", "/admin/users"), ("admin", "/admin/audit"),
                     ("admin", "/admin/decisions"), ("recruiter", "/candidates"),
                     ("recruiter", f"/requisitions/{req.id}"), ("recruiter", "/overdue")]}


@pytest.mark.parametrize("page", HUGE)
def test_a_page_number_past_any_list_is_a_clear_400(client, lists, page):
    for role, url in lists["urls"]:
        client.login(lists[role])
        response = client.get(url, query_string={"page": page})
        assert response.status_code == 400, url
        assert "No such page" in response.get_data(as_text=True)


@pytest.mark.parametrize(("page", "expected"), sorted(LENIENT.items()))
def test_a_page_number_that_is_not_one_reads_as_the_first(app, client, lists, page,
                                                          expected):
    with app.test_request_context("/candidates", query_string={"page": page}):
        assert page_number() == expected
    for role, url in lists["urls"]:
        client.login(lists[role])
        assert client.get(url, query_string={"page": page}).status_code == 200, url


def test_every_paginate_call_passes_the_checked_page_number():
    """db.paginate without ``page=`` reads the URL itself, unbounded: an OFFSET past 64 bits.
    ``counted_page`` (column lists) takes the page as its second argument, always given."""
    calls = []
    for path in (ROOT / "hiring").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "paginate"):
                calls.append((path.name, {k.arg for k in node.keywords}))
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "counted_page"):
                given = {"page"} if len(node.args) >= 2 else set()
                calls.append((path.name, given | {k.arg for k in node.keywords}))
    assert len(calls) >= 4
    assert [name for name, keywords in calls if "page" not in keywords] == []


@pytest.mark.parametrize(("query", "shown"), [
    ({"date_to": "9999-12-31"}, True), ({"date_from": "0001-01-01"}, True),
    ({"date_from": "0001-01-01", "date_to": "9999-12-31"}, True),
    ({"date_from": "9999-12-31"}, False), ({"date_to": "0001-01-01"}, False),
    ({"date_from": "9999-12-31", "date_to": "9999-12-31"}, False)])
def test_audit_dates_at_the_ends_of_the_calendar_filter_without_error(app, client, make,
                                                                      query, shown):
    client.login(make.user("admin"))
    with app.app_context():
        db.session.add(AuditEvent(action="test.marker", actor_label="", ip="",
                                  object_type="requisition", object_id="1",
                                  at=dt.datetime(2024, 3, 10, 12, tzinfo=dt.UTC)))
        db.session.commit()
    response = client.get("/admin/audit", query_string={"action": "test.marker", **query})
    assert response.status_code == 200
    assert ('class="action-code"' in response.get_data(as_text=True)) is shown


@pytest.mark.parametrize("target", ["/candidates\r\nSet-Cookie: evil=1", "/x\nLocation: //evil",
                                    "\r\n/candidates", "/candidates\x7f", "/can\tdidates"])
def test_a_next_with_control_characters_logs_in_and_goes_home(client, make, target):
    user = make.user("recruiter", email="rita@example.com")
    response = client.post("/login", query_string={"next": target},
                           data={"email": "rita@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "evil" not in str(response.headers)
    assert client.get("/").headers["Location"].endswith("/requisitions")
    assert user.id


@pytest.fixture
def nul_world(make) -> dict[str, object]:
    rita, ivy = make.user("recruiter"), make.user("interviewer")
    req = make.requisition(recruiters=[rita])
    candidate = make.candidate(req, stage="behavioral_interview")
    interview = make.interview(candidate, ivy, "behavioral_interview")
    return {"rita": rita, "ivy": ivy, "req": req, "interview": interview,
            "admin": make.user("admin")}


def _posts(w: dict[str, object]) -> list[tuple[str | None, str, dict[str, str]]]:
    draft = {"score-ownership": "4", "evidence-ownership": "Led it\x00.", "summary": "ok",
             "lock_version": "", "action": "save"}
    return [
        (None, "/login", {"email": "rita\x00@example.com", "password": PASSWORD}),
        (None, "/login", {"email": "rita@example.com", "password": PASSWORD, "x\x00": "1"}),
        ("rita", f"/requisitions/{w['req'].id}/candidates/new",  # type: ignore[attr-defined]
         {"name": "Eve\x00Null", "email": "", "source": "", "links": "", "notes": ""}),
        ("ivy", f"/my/interviews/{w['interview'].id}", draft),  # type: ignore[attr-defined]
    ]


def test_a_nul_character_in_any_posted_field_is_refused_and_nothing_is_saved(app, client,
                                                                            nul_world):
    before = (count(app, Candidate), count(app, Scorecard), count(app, AuditEvent))
    for who, url, data in _posts(nul_world):
        client.logout()
        if who:
            client.login(nul_world[who])
        response = client.post(url, data=data)
        assert response.status_code == 400, url
        assert "NUL character" in response.get_data(as_text=True)
    assert (count(app, Candidate), count(app, Scorecard), count(app, AuditEvent)) == before


def test_a_draft_saved_in_place_with_a_nul_gets_its_message_as_json(app, client, nul_world):
    _, url, data = _posts(nul_world)[-1]
    client.login(nul_world["ivy"])
    response = client.post(url, data=data, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert "NUL character" in response.get_json()["message"]
    assert count(app, Scorecard) == 0


@pytest.mark.parametrize(("who", "url", "query"), [
    ("rita", "/candidates", {"q": "Eve\x00"}),
    ("admin", "/admin/users", {"q": "\x00"}),
    ("admin", "/admin/audit", {"actor": "a\x00", "object_id": "1"}),
    ("admin", "/admin/audit", {"object_id": "\x00"}),
    ("rita", "/requisitions", {"status": "open\x00"}),
])
def test_a_nul_character_in_a_search_is_a_clear_400(client, nul_world, who, url, query):
    client.login(nul_world[who])
    response = client.get(url, query_string=query)
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)


@pytest.mark.parametrize("nesting", [
    "levels:\n  " + "- " * 5000 + "x\n",
    "levels: " + "[" * 5000 + "]" * 5000 + "\n",
    "levels: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n",
    "".join(f"{'  ' * i}k{i}:\n" for i in range(MAX_DEPTH + 1)) + "  " * (MAX_DEPTH + 1) + "x\n",
])
def test_a_rubric_nested_thousands_deep_is_a_problem_not_a_recursion_error(tmp_path,
                                                                           monkeypatch,
                                                                           nesting):
    monkeypatch.chdir(tmp_path)
    Path("deep.yaml").write_text(f"id: deep\n{nesting}", encoding="utf-8")
    result = CliRunner().invoke(main, ["rubric", "check", "deep.yaml"])
    assert result.exit_code == 2, result.output
    [problem, total] = result.stderr.splitlines()
    assert problem.startswith("deep.yaml: line ")
    assert problem.endswith(f": YAML does not parse: nested more than {MAX_DEPTH} levels deep")
    assert total == "1 problem(s) found."


@pytest.mark.parametrize("number", [10**23, 2**63, 2**63 - 1, 2**31])
def test_an_id_past_any_integer_column_is_not_found(app, client, make, number):
    """Ids in the path are bounded by the URL converter: SQLite cannot even bind 2**63."""
    client.login(make.user("admin", "recruiter", "interviewer", "committee"))
    for rule in app.url_map.iter_rules():
        if not any(a.endswith("_id") for a in rule.arguments):
            continue
        url = rule.rule
        for argument in rule.arguments:
            url = url.replace(f"<int:{argument}>", str(number))
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            response = client.open(url, method=method,
                                   data={"csrf_token": client.csrf_token()})
            assert response.status_code in (404, 405), (method, url)  # no such route
