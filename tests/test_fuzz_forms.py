"""No input gives a 5xx: arbitrary text and numbers posted into every form field and sent in
every query parameter of every route, as every role.

The targets are found, not listed: every route of ``app.url_map`` is opened (GET) as each
role with the ids of a small world; each page's forms (fields, options, where they post)
and the query keys of its links become targets. Hypothesis then fills them with arbitrary
text, huge and negative numbers, calendar extremes and control characters. Bounded: a few
hundred requests per backend.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter

from tests.permissions.world import ROLES, World, build_world

NASTY = ["", "0", "-1", "1.5", "1e999", "NaN", "-inf", "100000000000000000000000",
         "-9223372036854775809", "18446744073709551616", "9999-12-31T23:59", "0001-01-01T00:00",
         "9999-12-31", "0001-01-01", "2024-02-30", "99999-01-01", "x" * 3000, "\x00",
         "a\x00b", "\r\n", "\u2028", "<script>alert(1)</script>", "%", "_", "'", '"', "\\",
         "../../etc/passwd", "//evil.example", "javascript:alert(1)", " ", "\u0663"]
# The worst values for a field, by the type of its input: calendar ends for dates, a length
# past any limit for text, a number past 64 bits for everything else (ids, numbers, choices).
WORST = {"date": ["9999-12-31", "0001-01-01"],
         "datetime-local": ["9999-12-31T23:59", "0001-01-01T00:00"],
         "text": ["x" * 3000], "textarea": ["x" * 3000], "email": ["x" * 3000],
         "search": ["x" * 3000], "password": ["x" * 3000]}
HUGE = ["100000000000000000000000"]
# The PDF packet renders with WeasyPrint for about a second: walked once, not fuzzed.
SLOW = {"committee.packet"}
OBJECT_KINDS = {"requisition_id": ["requisition"], "candidate_id": ["candidate",
                                                                     "scored_candidate"],
                "interview_id": ["interview", "scored_interview"], "user_id": ["user"],
                "decision_id": ["decision"]}


@dataclass
class Target:
    """One way to send input: a form (method, action, fields) or a page's query keys."""

    role: str
    method: str
    url: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values seen
    kinds: dict[str, str] = field(default_factory=dict)  # name -> input type

    def key(self, app: Any) -> tuple[str, str, str, tuple[str, ...]]:
        """The same form of the same route (another id) is the same target."""
        path = urlsplit(self.url).path
        endpoint, _ = app.url_map.bind("localhost").match(path, method=self.method)
        return (self.role, self.method, endpoint, tuple(sorted(self.fields)))


class FormFinder(HTMLParser):
    """The forms of a page and the query keys of its links."""

    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.forms: list[tuple[str, str, dict[str, list[str]]]] = []
        self.kinds: dict[str, str] = {}
        self.links: dict[str, set[str]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = a.get("action") or self.page_url
            self.forms.append((a.get("method", "get").upper(), action, {}))
        elif tag in ("input", "textarea", "select", "button") and self.forms and a.get("name"):
            if a["name"] == "csrf_token":
                return
            values = self.forms[-1][2].setdefault(a["name"], [])
            self.kinds[a["name"]] = tag if tag != "input" else a.get("type", "text")
            if a.get("value"):
                values.append(a["value"])
            self._select = a["name"] if tag == "select" else None
        elif tag == "option" and self._select and self.forms:
            self.forms[-1][2][self._select].append(a.get("value", ""))
        elif tag == "a" and "?" in a.get("href", ""):
            parts = urlsplit(a["href"])
            if not parts.netloc:
                keys = {k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
                self.links.setdefault(parts.path, set()).update(keys)


def ids_for(argument: str, world: World) -> list[int]:
    kinds = OBJECT_KINDS.get(argument, [])
    return [world.id(kind, "own") for kind in kinds] or [world.id("user", "own")]


def urls_of(app: Any, world: World) -> list[tuple[str, str, set[str]]]:
    """(endpoint, url, methods) for every route with the own side's ids."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        choices = []
        for argument in sorted(rule.arguments):
            if isinstance(rule._converters.get(argument), IntegerConverter):
                choices.append([(argument, i) for i in ids_for(argument, world)])
            else:
                choices.append([(argument, "x")])
        for values in itertools.product(*choices):
            with app.test_request_context():
                url = app.url_for(rule.endpoint, **dict(values))
            found.append((rule.endpoint, url, set(rule.methods or ())))
    return found


def log_in_as(client: Any, world: World, role: str) -> None:
    client.logout()
    if role != "anonymous":
        client.login(world.users[role])


def discover(app: Any, client: Any, world: World) -> list[Target]:
    """Every form and every query of every page each role can open (no 5xx on the way)."""
    targets: dict[tuple[str, str, str, tuple[str, ...]], Target] = {}
    for role in ROLES:
        log_in_as(client, world, role)
        for endpoint, url, methods in urls_of(app, world):
            if "GET" not in methods:
                continue
            response = client.get(url)
            assert response.status_code < 500, (role, url)
            if endpoint in SLOW or response.status_code != 200:
                continue
            finder = FormFinder(url)
            finder.feed(response.get_data(as_text=True))
            query = Target(role, "GET", url, {"page": [], **({"next": []} if url == "/login"
                                                             else {})})
            for path, keys in finder.links.items():
                if path == url:
                    query.fields.update({k: [] for k in keys})
            query.kinds = finder.kinds
            for method, action, fields in finder.forms:
                if method == "GET" and urlsplit(action).path == url:
                    query.fields.update(fields)
                else:
                    target = Target(role, method, action, fields, finder.kinds)
                    targets.setdefault(target.key(app), target)
            targets.setdefault(query.key(app), query)
    return list(targets.values())


def values_for(seen: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=40), st.sampled_from(NASTY),
                     st.integers().map(str), st.floats().map(str),
                     st.sampled_from(seen or [""]))


def send(client: Any, target: Target, data: dict[str, Any]) -> Any:
    if target.method == "GET":
        return client.get(target.url, query_string=data)
    return client.post(target.url, data=data)


def test_no_input_into_any_form_or_query_gives_a_server_error(app, client, make):
    world = build_world(make)
    targets = discover(app, client, world)
    posts = [t for t in targets if t.method == "POST"]
    assert len(posts) >= 20, [t.url for t in posts]  # the walk found the app's forms
    assert {t.role for t in posts} >= {"admin", "recruiter", "interviewer", "committee"}

    # Every field of every form with the worst values for its type, the others as found
    # (so that a form otherwise valid reaches its service with the one bad value).
    for target in targets:
        log_in_as(client, world, target.role)
        for name in target.fields:
            for nasty in WORST.get(target.kinds.get(name, ""), HUGE):
                data = {k: (v[:1] or [""])[0] for k, v in target.fields.items()}
                data[name] = nasty
                response = send(client, target, data)
                assert response.status_code < 500, (target, data)

    @settings(max_examples=200, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def arbitrary(draw: st.DataObject) -> None:
        target = draw.draw(st.sampled_from(targets))
        names = [*target.fields, "extra"]
        chosen = draw.draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
        data = {name: draw.draw(values_for(target.fields.get(name, []))) for name in chosen}
        log_in_as(client, world, target.role)
        response = send(client, target, data)
        assert response.status_code < 500, (target, data)

    arbitrary()
