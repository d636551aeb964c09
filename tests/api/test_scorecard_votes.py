"""The holistic vote through the API: read and written as ``recommendation``, checked."""

from __future__ import annotations

import pytest

from tests.api.support import call

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

CARD = {"criteria": {"coding": {"score": 4, "evidence": "Clear, tested solution."}}}


def test_the_api_reads_and_writes_the_vote(app, client, make):
    ivan = make.user("interviewer", name="Ivan")
    interview = make.interview(make.candidate(make.requisition(), stage="phone_screen"), ivan)
    token = make.api_token(ivan).secret
    path = f"/interviews/{interview.id}/scorecard"
    before = call(client, "GET", path, token)
    assert before.get_json()["recommendation"] == "none"

    saved = call(client, "PUT", path, token, {**CARD, "recommendation": "strong_yes"},
                 {"If-Match": before.headers["ETag"]})
    assert saved.status_code == 200
    assert saved.get_json()["recommendation"] == "strong_yes"

    refused = call(client, "PUT", path, token, {**CARD, "recommendation": "maybe"},
                   {"If-Match": saved.headers["ETag"]})
    assert refused.status_code == 422
    assert "recommendation" in str(refused.get_json())
    # Leaving it out is no vote, as on the form.
    kept = call(client, "POST", f"{path}/submit", token, CARD, {"If-Match": saved.headers["ETag"]})
    assert kept.status_code == 200
    assert kept.get_json()["recommendation"] == "none"
