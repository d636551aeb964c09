"""The committee's PDF packet: what it says, when it is cached, how it fails."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from hiring.cli import main
from hiring.extensions import db
from hiring.models import Packet
from tests.support.packets import fetch_packet
from tests.views.committee_support import FLAG_NOTE, PEOPLE, amend_in_db, audit_events, panel

pytestmark = pytest.mark.pdf


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def download(client, candidate_id: int):
    response = fetch_packet(client, candidate_id)
    assert response.status_code == 200, response.data[:500]
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    return response


@pytest.mark.parametrize(("outcome", "words"), [
    ("offer", ["Offer", "4.27", "171/40", "at or above the bar of 4.00", "(margin +0.27)"]),
    ("no_offer", ["No offer", "3.00", "below the bar of 4.00", "(margin -1.00)"]),
    ("discuss", ["Discuss", "4.27", "Over-engineers", FLAG_NOTE]),
    ("incomplete", ["Incomplete", "Debugging", "Dev Debugger"]),
])
def test_the_packet_tells_the_outcome_the_scores_and_the_notes(client, make, outcome, words):
    data = panel(make, outcome, name="Patricia Packet")
    client.login(data["committee"])
    response = download(client, data["candidate"].id)
    assert re.fullmatch(r'attachment; filename="debrief-\d+-patricia-packet\.pdf"',
                        response.headers["Content-Disposition"])
    text = pdf_text(response.data)
    assert "Patricia Packet" in text
    assert "Confidential" in text
    assert "senior-engineer" in text
    for word in words:
        assert word in text, word
    for stage in ("pair_programming", "architecture_review", "behavioral_interview"):
        person = PEOPLE[stage]
        assert f"Evidence from {person}." in text
        assert f"Summary by {person}." in text
    assert "Page 1 of" in text


def test_the_packet_shows_amendments_and_an_override(app, client, make):
    data = panel(make, "offer", name="Olive Override")
    amend_in_db(make, data["cards"]["debugging_interview"], "debugging", 2,
                "Re-read my notes after the debrief.")
    make.decision(data["candidate"], decision="no_offer", engine_outcome="offer",
                  by=data["committee"], rationale="Team needs a stronger debugger.",
                  is_override=True, justification="The debugging gap outweighs the rest.")
    client.login(data["committee"])
    text = pdf_text(download(client, data["candidate"].id).data)
    # 159/40 = 3.975: the cover's margin reads as the debrief's and the live card's do
    assert "Weighted score 3.97 against the bar of 4.00 (margin -0.03)" in text
    assert "It falls short of the bar of 4.00 with a margin of -0.03." in text
    assert "Changed after first submission" in text
    assert "Re-read my notes after the debrief." in text
    assert "OVERRIDE" in text
    assert "The debugging gap outweighs the rest." in text
    assert "Team needs a stronger debugger." in text


def test_an_unchanged_packet_comes_from_the_cache_and_a_change_makes_a_new_one(app, client,
                                                                               make):
    data = panel(make, "offer")
    client.login(data["committee"])
    first = download(client, data["candidate"].id)
    assert first.headers["X-Packet-Cache"] == "miss"
    second = download(client, data["candidate"].id)
    assert second.headers["X-Packet-Cache"] == "hit"
    assert second.data == first.data
    make.decision(data["candidate"], by=data["committee"])
    third = download(client, data["candidate"].id)
    assert third.headers["X-Packet-Cache"] == "miss"
    assert "Rationale: Strong across the panel." in pdf_text(third.data)
    with app.app_context():
        assert db.session.scalar(select(func.count(Packet.id))) == 1  # only the newest kept
        downloads = audit_events("packet.downloaded")
        assert [e.after["cached"] for e in downloads] == [False, True, False]


def test_a_draft_does_not_change_the_packet(app, client, make):
    data = panel(make, "incomplete")
    client.login(data["committee"])
    assert download(client, data["candidate"].id).headers["X-Packet-Cache"] == "miss"
    make.scorecard(data["interviews"]["debugging_interview"], {"debugging": 2},
                   submitted=False, evidence="A draft nobody may read yet.")
    again = download(client, data["candidate"].id)
    assert again.headers["X-Packet-Cache"] == "hit"
    assert "A draft nobody may read yet." not in pdf_text(again.data)


@pytest.mark.parametrize(("setting", "value", "message"), [
    ("PDF_MAX_PAGES", 1, "pages; the limit is 1"),
    ("PDF_TIMEOUT_SECONDS", 0.01, "took longer than 0.01 seconds and was stopped"),
])
def test_a_packet_past_a_limit_fails_its_job_with_a_clear_reason_and_the_next_one_works(
        app, client, make, setting, value, message):
    data = panel(make, "offer")
    client.login(data["committee"])
    normal = app.config[setting]
    app.config[setting] = value
    try:
        response = fetch_packet(client, data["candidate"].id)
    finally:
        app.config[setting] = normal
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The packet could not be made:" in page
    assert message in page
    assert "Try again" in page
    assert client.get(f"/candidates/{data['candidate'].id}/packet/status").json["state"] == (
        "failed")
    with app.app_context():
        assert db.session.scalar(select(func.count(Packet.id))) == 0
    assert download(client, data["candidate"].id).headers["X-Packet-Cache"] == "miss"


def test_the_command_line_renders_one_packet_and_a_whole_debrief(app, make, tmp_path):
    first = panel(make, "offer", name="Ann One")
    panel(make, "discuss", req=first["req"], name="Bo Two")
    runner = app.test_cli_runner()
    single = tmp_path / "one.pdf"
    reader = ["--as", first["committee"].email]
    result = runner.invoke(main, ["packet", str(first["candidate"].id), "-o", str(single),
                                  *reader])
    assert result.exit_code == 0, result.output
    assert "Ann One" in pdf_text(single.read_bytes())
    out = tmp_path / "meeting"
    result = runner.invoke(main, ["packet", "--requisition", str(first["req"].id), "-o",
                                  str(out), *reader])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        f"debrief-{first['candidate'].id}-ann-one.pdf",
        f"debrief-{first['candidate'].id + 1}-bo-two.pdf"]
    assert "cached" in result.output  # Ann's packet was made a moment ago
    assert "2 packet(s)" in result.output
    with app.app_context():  # every packet handed out is audited, on the command line too
        vias = [e.after["via"] for e in audit_events("packet.downloaded")]
        assert vias == ["cli", "cli batch", "cli batch"]


@pytest.mark.parametrize("args", [["packet", "-o", "x.pdf"], ["packet", "987654", "-o", "x.pdf"],
                                  ["packet", "1", "--requisition", "1", "-o", "x"]])
def test_the_command_line_refuses_bad_arguments(app, make, args):
    reader = make.user("committee")
    result = app.test_cli_runner().invoke(main, [*args, "--as", reader.email])
    assert result.exit_code == 2
    assert "error:" in result.output
