"""Every API route x every role x (own object / someone else's / missing) -> status.

One world per route, shared by every role (lean): a token per role user. Anonymous callers
(no token) get 401 everywhere; role-gated routes answer 403 to other roles before looking
at the object; objects out of reach look missing (404), as on the web.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from hiring.api.auth import PUBLIC_PATHS
from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import Candidate
from hiring.permissions import GATE_ATTRIBUTE
from hiring.queries.evaluation import evaluate
from hiring.services.decisions import AGREEING
from tests.api.support import API, call, tokens
from tests.permissions.world import ROLES, SIDES, World, build_world

Status = int | tuple[int, int, int]
MINE = (200, 404, 404)
NOWHERE = 404
WORKS_ON_IT = {"recruiter": MINE, "committee": MINE}
INTERVIEWER_ONLY = {"interviewer": MINE}


@dataclass(frozen=True)
class ApiRoute:
    endpoint: str
    method: str
    path: Callable[[World, str], str]
    expect: dict[str, Status]
    default: Status = NOWHERE
    has_object: bool = True
    body: Callable[[World, str], Any] = field(default=lambda w, s: None)
    # Read from the database before the calls (in an app context), passed to ``body``.
    prepare: Callable[[World], Any] = field(default=lambda w: None)
    headers: Callable[[World, str], dict[str, str]] = field(default=lambda w, s: {})

    def status(self, role: str, side: str) -> int:
        if role == "anonymous":
            return 401
        value = self.expect.get(role, self.default)
        return value[SIDES.index(side)] if isinstance(value, tuple) else value


def _if_match(kind: str, lock: int) -> Callable[[World, str], dict[str, str]]:
    return lambda w, s: {"If-Match": f'"scorecard-{w.id(kind, s)}-{lock}"'}


def _decided(w: World, s: str) -> int:
    return w.objects["decision"][s].candidate_id if s != "missing" else w.id("decision", s)


def _agreeing_decision(w: World) -> dict[str, str]:
    """A decision that follows the live recommendation on the scored candidate."""
    candidate = db.session.get(Candidate, w.id("scored_candidate", "own"))
    outcome = evaluate(candidate).decision.outcome
    return {"decision": AGREEING.get(outcome, "hold"), "rationale": "As recommended.",
            "seen_outcome": outcome.value}


def _new_interview(w: World, s: str) -> dict[str, Any]:
    return {"stage": "phone_screen", "interviewer_id": w.users["interviewer_b"].id,
            "scheduled_at": f"{utcnow().year + 1}-01-07T10:00:00+00:00"}


CARD = {"criteria": {"coding": {"score": 4, "evidence": "Solved it with one hint."}}}
AMENDMENT = {"criteria": {"coding": {"score": 5, "evidence": "Clean solution."}},
             "reason": "Re-read my notes."}

ROUTES = [
    ApiRoute("api_requisitions.list_requisitions", "GET", lambda w, s: "/requisitions",
             {}, default=200, has_object=False),
    ApiRoute("api_requisitions.get_requisition", "GET",
             lambda w, s: f"/requisitions/{w.id('requisition', s)}", WORKS_ON_IT),
    ApiRoute("api_candidates.list_candidates", "GET", lambda w, s: "/candidates?stage=offer",
             {}, default=200, has_object=False),
    ApiRoute("api_candidates.get_candidate", "GET",
             lambda w, s: f"/candidates/{w.id('candidate', s)}", WORKS_ON_IT),
    ApiRoute("api_candidates.candidate_interviews", "GET",
             lambda w, s: f"/candidates/{w.id('candidate', s)}/interviews", WORKS_ON_IT),
    # The interviewer submitted on the scored candidate: the after_submit policy opens it.
    ApiRoute("api_candidates.candidate_scorecards", "GET",
             lambda w, s: f"/candidates/{w.id('scored_candidate', s)}/scorecards",
             {**WORKS_ON_IT, **INTERVIEWER_ONLY}),
    ApiRoute("api_candidates.recommendation", "GET",
             lambda w, s: f"/candidates/{w.id('scored_candidate', s)}/recommendation",
             WORKS_ON_IT),
    ApiRoute("api_candidates.decisions", "GET",
             lambda w, s: f"/candidates/{_decided(w, s)}/decisions", WORKS_ON_IT),
    ApiRoute("api_candidates.record_decision", "POST",
             lambda w, s: f"/candidates/{w.id('scored_candidate', s)}/decisions",
             {"committee": (201, 404, 404)}, default=403,
             prepare=_agreeing_decision, body=lambda w, s: w.objects["prepared"]["own"]),
    # Recruiters' writes: a candidate on a requisition of someone else is a field error.
    ApiRoute("api_candidates.create_candidate", "POST", lambda w, s: "/candidates",
             {"recruiter": (201, 422, 422)}, default=403,
             body=lambda w, s: {"requisition_id": w.id("requisition", s), "name": "Zoë Ny"}),
    ApiRoute("api_candidates.move", "POST",
             lambda w, s: f"/candidates/{w.id('candidate', s)}/move",
             {"recruiter": MINE}, default=403, body=lambda w, s: {"stage": "rejected"}),
    ApiRoute("api_candidates.assign", "POST",
             lambda w, s: f"/candidates/{w.id('candidate', s)}/interviews",
             {"recruiter": (201, 404, 404)}, default=403, body=_new_interview),
    ApiRoute("api_interviews.cancel", "POST",
             lambda w, s: f"/interviews/{w.id('interview', s)}/cancel",
             {"recruiter": MINE}, default=403, body=lambda w, s: {"reason": "Moved on."}),
    # Reports: the Reports pages' roles (admins report on every requisition).
    ApiRoute("api_reports.calibration", "GET", lambda w, s: "/reports/calibration",
             {"recruiter": 200, "committee": 200, "admin": 200}, default=403,
             has_object=False),
    ApiRoute("api_reports.agreement", "GET", lambda w, s: "/reports/agreement?period=all",
             {"recruiter": 200, "committee": 200, "admin": 200}, default=403,
             has_object=False),
    ApiRoute("api_interviews.my_interviews", "GET", lambda w, s: "/interviews",
             {"interviewer": 200}, default=403, has_object=False),
    ApiRoute("api_interviews.get_scorecard", "GET",
             lambda w, s: f"/interviews/{w.id('interview', s)}/scorecard",
             INTERVIEWER_ONLY, default=403),
    ApiRoute("api_interviews.save_draft", "PUT",
             lambda w, s: f"/interviews/{w.id('interview', s)}/scorecard",
             INTERVIEWER_ONLY, default=403, body=lambda w, s: CARD,
             headers=_if_match("interview", 0)),
    ApiRoute("api_interviews.submit", "POST",
             lambda w, s: f"/interviews/{w.id('interview', s)}/scorecard/submit",
             INTERVIEWER_ONLY, default=403, body=lambda w, s: CARD,
             headers=_if_match("interview", 0)),
    ApiRoute("api_interviews.amend", "POST",
             lambda w, s: f"/interviews/{w.id('scored_interview', s)}/scorecard/amend",
             INTERVIEWER_ONLY, default=403, body=lambda w, s: AMENDMENT,
             headers=_if_match("scored_interview", 1)),
]


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_route_answers_each_role_as_declared(app, client, make, route: ApiRoute):
    world = build_world(make)
    secrets = tokens(make, world.users)
    with app.app_context():
        world.objects["prepared"] = {"own": route.prepare(world)}
    got, expected = {}, {}
    for role in ROLES:
        for side in SIDES if route.has_object else ("own",):
            response = call(client, route.method, route.path(world, side), secrets.get(role),
                            json=route.body(world, side), headers=route.headers(world, side))
            got[role, side] = response.status_code
            expected[role, side] = route.status(role, side)
            if response.status_code >= 400:
                assert response.mimetype == "application/problem+json"
    assert got == expected


def test_every_api_route_has_a_gate_and_a_row(app):
    declared = {(r.endpoint, r.method) for r in ROUTES}
    missing_gate, missing_row = [], []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API + "/"):
            continue
        if not getattr(app.view_functions[rule.endpoint], GATE_ATTRIBUTE, None):
            missing_gate.append(rule.endpoint)
        if rule.rule in PUBLIC_PATHS:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if (rule.endpoint, method) not in declared:
                missing_row.append(f"{method} {rule.endpoint}")
    assert not missing_gate
    assert not missing_row
