"""The live decision partial, rendered on its own."""

from __future__ import annotations

import html

from flask import render_template

from hiring.extensions import db
from hiring.models import Candidate
from hiring.queries.evaluation import evaluate

FULL = {"system_design_interview": {"system_design": 4}, "phone_screen": {"coding": 4},
        "debugging_interview": {"debugging": 4},
        "behavioral_interview": {"ownership": 5, "mentoring": 4},
        "values_interview": {"cultural_fit": 4}}  # weighted 415/100 = 4.15


def panel(make, scores, flags=()):
    req = make.requisition(title="Platform engineer")
    candidate = make.candidate(req, name="Cleo")
    for n, (stage, values) in enumerate(scores.items()):
        interviewer = make.user("interviewer", name=f"Interviewer {stage}")
        interview = make.interview(candidate, interviewer, stage)
        make.scorecard(interview, values, flags=flags if n == 0 else ())
    return candidate


def render(app, template: str, candidate_id: int) -> str:
    with app.app_context(), app.test_request_context():
        candidate = db.session.get(Candidate, candidate_id)
        return html.unescape(render_template(template, evaluation=evaluate(candidate)))


def test_live_decision_offer_with_score_bar_and_margin(app, make):
    page = render(app, "_partials/live_decision.html", panel(make, FULL).id)
    assert 'data-outcome="offer"' in page
    assert ">Offer<" in page
    assert ">4.15<" in page
    assert "bar 4.00" in page
    assert "+0.15" in page
    assert "meets the bar" in page
    assert 'title="exactly 83/20"' in page
    assert "Offer: the weighted score 4.15 meets the bar of 4.00." in page
    assert "System Design (weight 25): mean 4.00 from 1 score (4)" in page


def test_live_decision_incomplete_names_the_stages_that_would_score_the_gap(app, make):
    scores = {k: v for k, v in FULL.items() if k != "debugging_interview"}
    page = render(app, "_partials/live_decision.html", panel(make, scores).id)
    assert 'data-outcome="incomplete"' in page
    assert "Not scored yet" in page
    assert "Debugging</strong> <span class=\"muted\">— Debugging would score it" in page


def test_live_decision_below_the_bar_and_with_red_flags(app, make):
    low = {**FULL, "phone_screen": {"coding": 1}}
    page = render(app, "_partials/live_decision.html", panel(make, low).id)
    assert 'data-outcome="no_offer"' in page
    assert "below the bar" in page
    assert ">3.55<" in page
    assert "-0.45" in page
    flagged = panel(make, FULL, flags=[("over_engineers", "Kubernetes for a cron job.")])
    page = render(app, "_partials/live_decision.html", flagged.id)
    assert 'data-outcome="discuss"' in page
    assert "Over-engineers" in page
    assert "Kubernetes for a cron job." in page

