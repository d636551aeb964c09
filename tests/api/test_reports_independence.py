"""The reports API keeps independence as the pages do: a committee member with a pending
interview of a candidate reads no figure built from colleagues' scores on that candidate."""

from __future__ import annotations

from tests.api.support import call, token_for
from tests.views.test_reports import world  # noqa: F401 - the fixture, shared with the pages


def _scores_of(client, secret: str, person: str) -> str:
    response = call(client, "GET", "/reports/calibration", secret)
    assert response.status_code == 200, response.get_data(as_text=True)
    [overall] = [t for t in response.get_json()["tables"] if t["id"] == "overall"]
    column = overall["headers"].index("Scores")
    [row] = [r for r in overall["rows"] if r[0] == person]
    return row[column]


def test_the_calibration_api_leaves_out_a_candidate_the_caller_owes_a_scorecard_on(
        client, make, world):  # noqa: F811
    cora = world["committee"]
    secret = token_for(make, cora)
    assert _scores_of(client, secret, "Sam Steady") == "12"
    pending = make.interview(world["candidates"][0], cora, "debugging_interview")
    assert _scores_of(client, secret, "Sam Steady") == "10"  # candidate 0's two scores
    make.scorecard(pending, {"debugging": 3})
    assert _scores_of(client, secret, "Sam Steady") == "12"
