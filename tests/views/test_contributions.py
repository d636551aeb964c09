"""Numbers that add up, states that read right (issue 8), on the pages and in the packet.

Every demo candidate's shown contributions add up to the shown weighted score, on the debrief
and in the packet's HTML (rendered without WeasyPrint); an ``incomplete`` recommendation leads
with what is missing and never reads as a pass, however well the scored criteria did.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from flask import Flask, render_template
from sqlalchemy import select

from hiring.cli import main
from hiring.extensions import db
from hiring.models import Candidate, User
from hiring.packet.content import packet_html
from hiring.queries.debrief import build_debrief
from hiring.queries.evaluation import evaluate
from tests.views.committee_support import panel


def cells(page: str, pattern: str) -> list[Decimal]:
    return [Decimal(v) for v in re.findall(pattern + r"[^>]*>\s*(-?\d+\.\d\d)\s*<", page)]


def flat(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


@pytest.fixture
def demo(app: Flask) -> Flask:
    loaded = app.test_cli_runner().invoke(main, ["demo"])
    assert loaded.exit_code == 0, loaded.output
    return app


def test_every_demo_candidate_adds_up_on_the_debrief_and_in_the_packet(demo, client):
    checked = set()
    with demo.test_request_context():
        client.login(db.session.scalar(select(User).where(User.email == "committee@example.com")))
        for candidate in db.session.scalars(select(Candidate).order_by(Candidate.id)).all():
            view = build_debrief(candidate)
            if view.weighted_score is None:
                assert all(row.shown_contribution is None for row in view.criteria)
                continue
            page = client.get(f"/candidates/{candidate.id}/debrief").get_data(as_text=True)
            shown = cells(page, r'<td data-label="Contribution"')
            [total] = cells(page, r'<td class="num strong" data-label="Sum of contributions"')
            assert len(shown) == sum(1 for row in view.criteria if row.mean is not None)
            assert sum(shown) == total, (candidate.name, shown, total)

            packet = packet_html(view)
            shares = cells(packet, r'<td class="num share"')
            [share_total] = cells(packet, r'<td class="num share-total"')
            assert sum(shares) == share_total == total, (candidate.name, shares)
            products = cells(packet, r'<td class="num shown"')
            [product_total] = cells(packet, r'<td class="num shown-total"')
            assert sum(products) == product_total, (candidate.name, products)
            checked.add(candidate.name)
    assert {"Amara Okonkwo", "Ben Carter", "Chen Wei", "Dana Kowalski"} <= checked


def test_chen_reads_4_05_in_every_column(demo, client):
    """Rounded down one by one, Chen's shares summed to 4.04 and the packet's to 404.99."""
    with demo.test_request_context():
        client.login(db.session.scalar(select(User).where(User.email == "committee@example.com")))
        chen = db.session.scalar(select(Candidate).where(Candidate.name == "Chen Wei"))
        page = client.get(f"/candidates/{chen.id}/debrief").get_data(as_text=True)
        packet = packet_html(build_debrief(chen))
    assert cells(page, r'<td data-label="Contribution"') == [
        Decimal(v) for v in ("0.92", "0.93", "0.60", "0.60", "0.60", "0.40")]
    assert 'title="exactly 11/12"' in page  # the exact share stays available
    assert cells(packet, r'<td class="num shown"') == [
        Decimal(v) for v in ("91.67", "93.33", "60.00", "60.00", "60.00", "40.00")]
    assert cells(packet, r'<td class="num shown-total"') == [Decimal("405.00")]


def assert_reads_incomplete(text: str) -> None:
    assert "meets the bar" not in text
    assert "margin" not in text.lower()
    incomplete, missing = text.index("Incomplete"), text.index("Debugging")
    score = text.index("4.32 over the scored criteria so far")
    assert incomplete < missing < score
    assert "not a result" in text[score:]


def test_incomplete_above_the_bar_never_reads_as_a_pass(app, client, make):
    """Everything but Debugging scored, at 4.32 over a bar of 4.00: still only Incomplete."""
    data = panel(make, "incomplete")
    client.login(data["committee"])
    page = client.get(f"/candidates/{data['candidate'].id}/debrief").get_data(as_text=True)
    verdict = re.search(r'<section class="card verdict-card.*?</section>', page, re.S)
    assert verdict
    assert "margin-ok" not in verdict.group(0)
    top = flat(verdict.group(0))
    assert_reads_incomplete(top[:top.index("To talk about")])
    assert "(Debugging would score it)" in top
    assert "Weighted score so far" in flat(page)
    assert "weighted score so far 4.32, not a result" in html.unescape(page)  # the chart

    with app.test_request_context():
        candidate = db.session.get(Candidate, data["candidate"].id)
        card = render_template("_partials/live_decision.html", evaluation=evaluate(candidate))
        packet = packet_html(build_debrief(candidate))
    assert "margin-ok" not in card
    live = flat(card)
    assert_reads_incomplete(live[:live.index("Why: the arithmetic")])
    assert "Not scored yet Debugging — Debugging would score it" in live

    cover = re.search(r'<section class="cover">.*?</section>', packet, re.S)
    assert cover
    assert_reads_incomplete(flat(cover.group(0)))


def test_a_complete_offer_still_reads_as_meeting_the_bar(app, make):
    data = panel(make, "offer")
    with app.test_request_context():
        candidate = db.session.get(Candidate, data["candidate"].id)
        card = flat(render_template("_partials/live_decision.html",
                                    evaluation=evaluate(candidate)))
    assert "4.27 weighted score · bar 4.00 +0.27 meets the bar" in card
    assert "not a result" not in card
