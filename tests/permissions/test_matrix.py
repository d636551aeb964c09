"""Every route x every role x (own object / someone else's / missing) -> expected status.

One test per route tries every role in one world. Reading, and a refused write, change
nothing a status depends on; after a POST that was let through, the next role gets a fresh
world, since that POST may have changed what it would meet. Sharing the world keeps the
matrix, once the largest part of the suite, to a fraction of the time a world per case took.
"""

from __future__ import annotations

import pytest

from hiring.api.problems import API_PREFIX
from hiring.permissions import GATE_ATTRIBUTE
from tests.conftest import reset_database
from tests.permissions.matrix import Route, all_routes
from tests.permissions.world import ROLES, SIDES, World, build_world

ROUTES = all_routes()
REFUSED = {400, 403, 404, 405, 409, 410}  # answers that wrote nothing


def _may_have_written(route: Route, role: str, got: dict[str, int]) -> bool:
    if route.method == "GET" or role == "anonymous":  # anonymous is sent to the login page
        return False
    return any(status not in REFUSED for status in got.values())


def _answers(client, route: Route, world: World, role: str) -> dict[str, int]:
    client.logout()
    if role != "anonymous":
        client.login(world.users[role])
    sides = SIDES if route.has_object else ("own",)
    got = {}
    for side in sides:
        url = route.url(world, side)
        if route.method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data=route.data(world, side))
        got[side] = response.status_code
    return got


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_route_answers_each_role_as_declared(app, client, make, database_url, route: Route):
    sides = SIDES if route.has_object else ("own",)
    expected = {role: {side: route.status(role, side) for side in sides} for role in ROLES}
    got: dict[str, dict[str, int]] = {}
    world = build_world(make)
    previous = None
    for role in ROLES:
        if previous is not None and _may_have_written(route, previous, got[previous]):
            with app.app_context():
                reset_database(database_url)
            world = build_world(make)
        got[role] = _answers(client, route, world, role)
        previous = role
    assert got == expected, f"{route.method} {route.endpoint}"


def test_every_route_declares_a_gate_and_is_in_the_matrix(app):
    declared = {(r.endpoint, r.method) for r in ROUTES}
    missing_gate, missing_row = [], []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        if not getattr(view, GATE_ATTRIBUTE, None):
            missing_gate.append(rule.endpoint)
        if rule.rule.startswith(API_PREFIX + "/"):
            # The JSON API authenticates by token, not by the session this matrix logs in
            # with: tests/api/test_matrix.py has its rows (and checks they cover every API
            # route). The gate check above still applies.
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if (rule.endpoint, method) not in declared:
                missing_row.append(f"{method} {rule.endpoint}")
    assert not missing_gate, f"routes without a permission gate: {missing_gate}"
    assert not missing_row, f"routes missing from the permission matrix: {missing_row}"


def test_matrix_rows_name_real_routes(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert not [r.endpoint for r in ROUTES if r.endpoint not in endpoints]
