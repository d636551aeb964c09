"""The holistic vote over HTTP: the scorecard form keeps it, the debrief shows it beside the
weighted score and marks where it disagrees, and the packet carries it on page 1."""

from __future__ import annotations

import html
import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hiring.extensions import db
from hiring.models import Scorecard
from tests.support.packets import fetch_packet
from tests.views.committee_support import PEOPLE, panel

STAGE = "behavioral_interview"
SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def flat(markup: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(markup)))


def form(**changes: str) -> dict[str, str]:
    values = {"score-ownership": "4", "evidence-ownership": "Drove the billing migration.",
              "score-mentoring": "3", "evidence-mentoring": "Reviews juniors' code weekly.",
              "summary": "Good ownership.", "lock_version": ""}
    values.update(changes)
    return values


def stored(app, interview_id: int) -> tuple[str, int, str]:
    with app.app_context():
        card = db.session.scalar(select(Scorecard).where(Scorecard.interview_id == interview_id))
        return card.recommendation, card.lock_version, card.status


def vote(make, card: Any, value: str) -> None:
    with make.session() as s:
        s.get(Scorecard, card.id).recommendation = value


# -- the form (both databases: the column and its check constraint) -----------------------

def test_the_form_offers_the_vote_keeps_it_in_the_draft_and_on_submit(app, client, make):
    interviewer = make.user("interviewer", name="Ivy")
    candidate = make.candidate(make.requisition(), name="Cleo", stage=STAGE)
    interview = make.interview(candidate, interviewer, STAGE)
    client.login(interviewer)
    url = f"/my/interviews/{interview.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'name="recommendation" id="recommendation-none" value="none" checked' in page
    assert "never enters the formula" in flat(page)

    client.post(url, data=form(action="save", recommendation="strong_yes"))
    assert stored(app, interview.id)[0] == "strong_yes"
    page = client.get(url).get_data(as_text=True)
    assert 'id="recommendation-strong_yes" value="strong_yes" checked' in page

    lock = stored(app, interview.id)[1]
    tampered = client.post(url, data=form(action="save", recommendation="maybe",
                                          lock_version=str(lock)))
    assert tampered.status_code == 400
    assert stored(app, interview.id) == ("strong_yes", lock, "draft")

    client.post(url, data=form(action="submit", recommendation="no", lock_version=str(lock)))
    assert stored(app, interview.id)[::2] == ("no", "submitted")
    assert "Overall recommendation: No" in flat(client.get(url).get_data(as_text=True))


def test_the_database_refuses_a_vote_that_is_not_ours(app, make):
    interviewer = make.user("interviewer")
    interview = make.interview(make.candidate(make.requisition(), stage=STAGE), interviewer,
                               STAGE)
    card = make.scorecard(interview, {"ownership": 4, "mentoring": 3})
    with pytest.raises(IntegrityError), make.session() as s:
        s.get(Scorecard, card.id).recommendation = "maybe"


# -- the debrief ---------------------------------------------------------------------------

@SQLITE
def test_the_debrief_shows_the_votes_beside_the_score_and_marks_disagreement(client, make):
    data = panel(make, "no_offer")  # all 3s: below the bar of 4
    cards = data["cards"]
    vote(make, cards["pair_programming"], "strong_yes")
    vote(make, cards["architecture_review"], "no")
    vote(make, cards["behavioral_interview"], "definitely_not")
    client.login(data["committee"])
    page = client.get(f"/candidates/{data['candidate'].id}/debrief").get_data(as_text=True)
    card = re.search(r'<section class="card verdict-card.*?</section>', page, re.S).group(0)
    votes = flat(re.search(r'<div class="verdict-votes".*?</div>', card, re.S).group(0))
    pia, arlo = PEOPLE["pair_programming"], PEOPLE["architecture_review"]
    assert f"Strong yes {pia}" in votes
    assert f"No {arlo}" in votes
    assert "No vote " + PEOPLE["debugging_interview"] in votes
    assert "Strong yes 1 · Yes 0 · No 1 · Definitely not 1 · No vote 1" in votes
    # Only the Strong yes is on the other side of the bar: marked, and a topic.
    marked = re.findall(r'<li class="vote-disagree">(.*?)</li>', card, re.S)
    assert len(marked) == 1
    assert pia in marked[0]
    assert "Against the score" in marked[0]
    topics = flat(re.search(r'<ul class="topics">.*?</ul>', card, re.S).group(0))
    assert re.search(rf"Vote against the score {pia} , .*Pair Programming\), voted Strong yes ;"
                     r" the weighted score is below the bar\.", topics), topics
    matrix = flat(re.search(r'id="scorecards".*?</section>', page, re.S).group(0))
    assert "Vote: Strong yes" in matrix


@SQLITE
def test_without_votes_the_debrief_says_so_and_nothing_disagrees(client, make):
    data = panel(make, "offer")
    vote(make, data["cards"]["pair_programming"], "yes")
    client.login(data["committee"])
    page = client.get(f"/candidates/{data['candidate'].id}/debrief").get_data(as_text=True)
    assert 'class="vote-disagree"' not in page
    assert "Vote against the score" not in page
    assert "Yes 1 · No 0 · Definitely not 0 · No vote 3" in flat(page)


# -- the packet ----------------------------------------------------------------------------

def pages(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


@SQLITE
@pytest.mark.pdf
def test_packet_page_one_carries_the_meeting_and_is_tagged(client, make, tmp_path):
    data = panel(make, "no_offer", name="Vera Vote")
    vote(make, data["cards"]["pair_programming"], "strong_yes")
    client.login(data["committee"])
    response = fetch_packet(client, data["candidate"].id)
    assert response.status_code == 200
    first = pages(response.data)[0]
    for words in ("Vera Vote", "No offer", "against the bar of 4.00", "WHY",
                  "To talk about", "Vote against the score",
                  f"{PEOPLE['pair_programming']}, Team Collaboration (Pair Programming), "
                  "voted Strong yes",
                  "The interviewers\u2019 votes beside the score, never part of it",
                  "Tally: Strong yes 1",
                  "The committee\u2019s decision", "Not yet decided"):
        assert words in first, words

    assert_tagged(response.data, "Debrief packet: Vera Vote", tmp_path / "packet.pdf")


def assert_tagged(pdf: bytes, title: str, path: Path) -> None:
    """What a screen reader needs, as PDF/UA-1 asks for it. No full PDF/UA validator is
    packaged for Debian or PyPI (veraPDF is not), so this checks the parts by hand, and
    poppler's pdfinfo (a test dependency, scripts/system-packages) must call it tagged."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/StructTreeRoot"]["/K"]  # a structure tree with content
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == title
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp  # identifies the file as PDF/UA-1
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.M), info.stdout


@SQLITE
@pytest.mark.pdf
def test_packet_page_one_shows_the_recorded_decision_and_names_the_team_once(client, make):
    committee = make.user("committee", name="Cora Committee")
    req = make.requisition(committee=[committee], title="Staff Engineer, Platform")
    data = panel(make, "offer", name="Dora Decided", committee=committee, req=req)
    make.decision(data["candidate"], "offer", rationale="Strong everywhere, no doubts.")
    client.login(committee)
    first = pages(fetch_packet(client, data["candidate"].id).data)[0]
    assert "The committee\u2019s decision" in first
    assert "Not yet decided" not in first
    assert "Rationale: Strong everywhere, no doubts." in first
    assert "Staff Engineer, Platform Stage" in first  # the team is in the title: not repeated
    assert "· Platform" not in first
