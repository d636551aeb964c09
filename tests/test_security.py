"""Headers on every response, CSRF on every POST route, and escaping of user text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Response
from sqlalchemy import select

from hiring.api.problems import API_PREFIX
from hiring.extensions import db
from hiring.models import AuditEvent, Candidate, Interview, Requisition, User
from hiring.rubric_files import PROJECT_ROOT
from hiring.security import no_store
from tests.permissions.world import World, build_world

TEMPLATES = PROJECT_ROOT / "templates"
XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
# Every `|safe` in a template must be listed here with why its value cannot hold user text.
SAFE_FILTER_ALLOWED: dict[str, str] = {}


def csp(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = [d.split() for d in header.split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def assert_security_headers(response) -> None:
    policy = csp(response)
    scripts = policy.get("script-src", policy.get("default-src"))
    assert scripts is not None
    assert "'unsafe-inline'" not in scripts
    assert "'unsafe-eval'" not in scripts
    assert "'unsafe-inline'" not in policy.get("style-src", policy["default-src"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer",
                                                   "strict-origin-when-cross-origin")


# -- headers --------------------------------------------------------------------------------

def test_every_kind_of_response_carries_the_security_headers(client, make):
    page = client.get("/login")
    missing = client.get("/no/such/page")
    static = client.get("/static/css/app.css")
    redirect = client.get("/")
    wrong_method = client.get("/logout")
    assert (page.status_code, missing.status_code, static.status_code, redirect.status_code,
            wrong_method.status_code) == (200, 404, 200, 302, 405)
    for response in (page, missing, static, redirect, wrong_method):
        assert_security_headers(response)
    static.close()
    client.login(make.user("admin"))
    assert_security_headers(client.get("/admin/users"))


def test_the_policy_would_catch_an_inline_script(client):
    response = client.get("/login")
    response.headers["Content-Security-Policy"] = "script-src 'self' 'unsafe-inline'; " \
        "default-src 'self'; frame-ancestors 'none'; object-src 'none'"
    with pytest.raises(AssertionError):
        assert_security_headers(response)


def test_pages_are_not_stored_but_static_files_may_be(client):
    assert "no-store" in client.get("/login").headers["Cache-Control"]
    static = client.get("/static/css/app.css")
    assert "no-store" not in static.headers.get("Cache-Control", "")
    static.close()


@pytest.mark.fresh_app
def test_a_non_html_response_with_candidate_data_is_not_stored(app, client):
    def export() -> Response:
        no_store()
        return Response("name,email\n", mimetype="text/csv")

    def plain() -> Response:
        return Response("{}", mimetype="application/json")

    app.add_url_rule("/_test/export.csv", view_func=export)
    app.add_url_rule("/_test/plain.json", view_func=plain)
    assert "no-store" in client.get("/_test/export.csv").headers["Cache-Control"]
    assert "no-store" not in client.get("/_test/plain.json").headers.get("Cache-Control", "")


def all_roles_world(app, make) -> tuple[World, User]:
    """The permission world, plus a user holding every role and attached to the A side."""
    world = build_world(make)
    everyone = make.user("admin", "recruiter", "interviewer", "committee", name="All Roles")
    with app.app_context():
        req = db.session.get(Requisition, world.id("requisition", "own"))
        me = db.session.get(User, everyone.id)
        req.recruiters.append(me)
        req.committee.append(me)
        interview = db.session.get(Interview, world.id("interview", "own"))
        db.session.add(Interview(candidate_id=interview.candidate_id, stage=interview.stage,
                                 interviewer_id=me.id, scheduled_at=interview.scheduled_at,
                                 duration_minutes=30, status="scheduled"))
        db.session.commit()
    return world, everyone


def url_for_rule(rule, world: World) -> str:
    values: dict[str, Any] = {}
    for name in rule.arguments:
        kind = name.removesuffix("_id")
        values[name] = world.id(kind, "own") if kind in world.objects else 1
    return rule.build(values, append_unknown=False)[1]


def test_every_page_a_user_can_open_is_marked_no_store(app, client, make):
    world, everyone = all_roles_world(app, make)
    client.login(everyone)
    opened = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in (rule.methods or ()):
            continue
        url = url_for_rule(rule, world)
        response = client.get(url)
        assert response.status_code < 500, url
        assert "no-store" in response.headers.get("Cache-Control", ""), url
        if response.status_code == 200:
            opened.append(rule)
    # the check ran on real pages, candidate pages among them, not only on errors
    assert len(opened) >= 5
    assert any("candidate_id" in rule.arguments for rule in opened)


# -- CSRF -----------------------------------------------------------------------------------

def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, to prove that a refused request changed nothing."""
    return {table.name: sorted(tuple(map(repr, row))
                               for row in db.session.execute(select(table)).all())
            for table in db.metadata.sorted_tables}


def test_every_post_route_refuses_a_request_without_a_token(app, client, make):
    world, everyone = all_roles_world(app, make)
    client.login(everyone)
    client.csrf_token()  # the session holds a token; only the form's copy is missing
    with app.app_context():
        before = snapshot()
    tried = []
    for rule in app.url_map.iter_rules():
        if "POST" not in (rule.methods or ()):
            continue
        url = url_for_rule(rule, world)
        data = {"name": "Changed", "reason": "Changed", "email": "changed@example.test"}
        missing = client.post(url, data=data, csrf=False)
        forged = client.post(url, data={**data, "csrf_token": "forged"}, csrf=False)
        # The JSON API never accepts the session cookie: without a bearer token, 401.
        refused = 401 if rule.rule.startswith(API_PREFIX + "/") else 400
        assert (missing.status_code, forged.status_code) == (refused, refused), url
        tried.append(rule.endpoint)
    with app.app_context():
        assert snapshot() == before
    assert {"auth.login", "auth.logout", "admin.user_new", "admin.user_deactivate"} <= set(
        tried)


def test_a_post_with_the_token_goes_through(app, client, make):
    admin, user = make.user("admin"), make.user("interviewer")
    client.login(admin)
    assert client.post(f"/admin/users/{user.id}/deactivate").status_code == 302
    with app.app_context():
        assert db.session.get(User, user.id).active is False


# -- escaping -------------------------------------------------------------------------------

def template_files() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in (".html", ".txt", ".xml"))


def test_templates_mark_nothing_safe_unless_allowed():
    found = {}
    for path in template_files():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\|\s*safe\b|autoescape\s+false|\bMarkup\b", line):
                found[f"{path.relative_to(TEMPLATES)}:{n}"] = line.strip()
    unexpected = {k: v for k, v in found.items()
                  if not any(v.find(allowed) >= 0 and k.startswith(f.split(":")[0])
                             for f, allowed in SAFE_FILTER_ALLOWED.items())}
    assert not unexpected, f"|safe on possibly user data: {unexpected}"


def test_templates_hold_no_inline_script_style_or_handler():
    """The CSP would block them: the page would silently lose them in a browser."""
    problems = []
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\sstyle\s*=", r"\son[a-z]+\s*=\s*\"",
                        r"javascript:"):
            problems += [f"{path.relative_to(TEMPLATES)}: {m.group(0)}"
                         for m in re.finditer(pattern, text)]
    assert not problems


def test_user_text_is_shown_escaped_on_the_admin_pages(app, client, make):
    admin = make.user("admin")
    target = make.user("interviewer", name=XSS)
    with app.app_context():
        db.session.add(AuditEvent(action="candidate.updated", actor_label=XSS,
                                  object_type="candidate", object_id=XSS[:60],
                                  before={XSS: XSS}, after={"name": [XSS]}, ip=""))
        db.session.commit()
    client.login(admin)
    pages = ["/admin/users", f"/admin/users/{target.id}", "/admin/audit",
             f"/admin/audit?actor={XSS}", f"/admin/users?q={XSS}"]
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        assert XSS not in html, url
        assert ESCAPED in html, url


def test_the_candidate_name_stays_text_in_the_audit_trail(app, client, make):
    """Any object's text (here a candidate's, via the audit trail) is escaped too."""
    admin = make.user("admin")
    recruiter = make.user("recruiter")
    req = make.requisition(recruiters=[recruiter])
    candidate = make.candidate(req, name=XSS)
    with app.app_context():
        name = db.session.get(Candidate, candidate.id).name
        db.session.add(AuditEvent(action="candidate.created", object_type="candidate",
                                  object_id=str(candidate.id), after={"name": name}, ip=""))
        db.session.commit()
    client.login(admin)
    html = client.get("/admin/audit?object_type=candidate").get_data(as_text=True)
    assert ESCAPED in html
    assert XSS not in html
