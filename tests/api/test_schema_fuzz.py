"""A property-based run of the whole OpenAPI document (schemathesis) against the app: no 5xx,
no response outside the schema (status, content type, body, headers), as an interviewer and
as a recruiter, on a small world. Few examples per operation, derandomised: deterministic."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api.support import API, tokens
from tests.permissions.world import build_world

EXAMPLES = 4


def test_no_operation_errors_or_breaks_its_schema(app, make):
    world = build_world(make)
    secrets = tokens(make, world.users)
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    # Random ids (mostly missing), then the world's own objects, so that reads and writes
    # reach real rows too.
    own = {"requisition_id": world.id("requisition", "own"),
           "candidate_id": world.id("scored_candidate", "own"),
           "interview_id": world.id("interview", "own")}
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        for role in ("interviewer", "recruiter", "committee"):
            headers = {"Authorization": f"Bearer {secrets[role]}"}
            _fuzz(operation, headers, None)
            if names:
                _fuzz(operation, headers, {k: v for k, v in own.items() if k in names})


def _fuzz(operation, headers: dict[str, str], ids: dict[str, int] | None) -> None:
    @given(case=operation.as_strategy(path_parameters=ids))
    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        response = case.call(headers=headers)
        assert response.status_code < 500, (case.method, case.formatted_path)
        case.validate_response(response, headers=headers, excluded_checks=[
            # Schema-valid bodies may still break a rule of the product (evidence missing,
            # a requisition of someone else): those are 422 problems by design.
            positive_data_acceptance])

    run()
