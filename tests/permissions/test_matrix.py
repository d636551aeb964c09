"""Every route x every role x (own object / someone else's / missing) -> expected status."""

from __future__ import annotations

import pytest

from hiring.api.problems import API_PREFIX
from hiring.permissions import GATE_ATTRIBUTE
from tests.permissions.matrix import Route, all_routes
from tests.permissions.world import ROLES, SIDES, build_world

ROUTES = all_routes()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_route_answers_each_role_as_declared(app, client, make, route: Route, role: str):
    world = build_world(make)
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
    expected = {side: route.status(role, side) for side in sides}
    assert got == expected, f"{route.method} {route.endpoint} as {role}"


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
