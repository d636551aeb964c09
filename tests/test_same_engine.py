"""The decision on the candidate page and `hiring decide` are one implementation.

The candidate's stored scorecards are written out in `hiring decide`'s input format and run
through the command; the page shows the same outcome and the same exact weighted score.
"""

from __future__ import annotations

import json
import re

import pytest

from hiring.cli import main
from hiring.extensions import db
from hiring.models import Candidate
from hiring.queries.evaluation import candidate_scorecards
from hiring.rubric_files import PROJECT_ROOT
from tests.views.committee_support import panel

LABELS = {"offer": "Offer", "no_offer": "No offer", "discuss": "Discuss",
          "incomplete": "Incomplete"}


def decide_input(candidate_id: int) -> dict:
    cards = []
    for card in candidate_scorecards(candidate_id):
        cards.append({
            "interviewer": card.interviewer.email, "stage": card.interview.stage,
            "status": card.status, "scores": {s.criterion_id: s.score for s in card.scores},
            "red_flags": [{"id": f.flag_id, "note": f.note} for f in card.flags if f.flag_id]})
    return {"candidate": str(candidate_id), "scorecards": cards}


@pytest.mark.parametrize("outcome", ["offer", "no_offer", "discuss", "incomplete"])
def test_the_candidate_page_and_hiring_decide_agree(app, client, make, tmp_path, outcome):
    recruiter = make.user("recruiter")
    data = panel(make, outcome, recruiter=recruiter)
    with app.app_context():
        candidate = db.session.get(Candidate, data["candidate"].id)
        path = tmp_path / "input.json"
        path.write_text(json.dumps(decide_input(candidate.id)))
    result = app.test_cli_runner().invoke(main, [
        "decide", "--rubric", str(PROJECT_ROOT / "rubrics" / "senior-engineer.yaml"),
        str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    cli = json.loads(result.output)
    assert cli["outcome"] == outcome
    client.login(recruiter)
    page = client.get(f"/candidates/{data['candidate'].id}").get_data(as_text=True)
    card = page[page.index("verdict"):]
    assert LABELS[outcome] in card
    if cli["weighted_score_exact"] is not None:
        assert f'title="exactly {cli["weighted_score_exact"]}"' in card
        assert re.search(rf">\s*{re.escape(cli['weighted_score'])}\s*<", card)
