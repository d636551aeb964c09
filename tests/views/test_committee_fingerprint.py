"""The debrief's fingerprint: the packet cache key changes exactly when what it shows does."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from hiring.extensions import db
from hiring.models import Candidate, CommitteeDecision, Requisition, RubricVersion, Scorecard
from hiring.queries.debrief import build_debrief
from hiring.services.decisions import record_decision, reopen_decision
from tests.views.committee_support import amend_in_db, panel


def digest(app, candidate) -> str:
    with app.app_context():
        view = build_debrief(db.session.get(Candidate, candidate.id))
        text = json.dumps(view.fingerprint(), sort_keys=True)  # JSON as it is
        assert json.loads(text) == view.fingerprint()
        return view.fingerprint_digest()


def test_the_fingerprint_is_stable_and_ignores_drafts(app, make):
    data = panel(make, "incomplete")
    first = digest(app, data["candidate"])
    assert digest(app, data["candidate"]) == first
    draft = make.scorecard(data["interviews"]["debugging_interview"], {"debugging": 2},
                           submitted=False, summary="Draft")
    assert digest(app, data["candidate"]) == first
    with make.session() as s:
        s.get(Scorecard, draft.id).summary = "Draft, saved again"
    assert digest(app, data["candidate"]) == first


def test_a_row_update_that_shows_nothing_new_keeps_the_fingerprint(app, make):
    """Only what the packet shows counts: a bumped lock_version is no reason to re-render."""
    data = panel(make, "offer")
    first = digest(app, data["candidate"])
    with make.session() as s:
        card = s.get(Scorecard, data["cards"]["pair_programming"].id)
        version = card.lock_version
        card.updated_at += dt.timedelta(seconds=1)
    with make.session() as s:
        assert s.get(Scorecard, data["cards"]["pair_programming"].id).lock_version > version
    assert digest(app, data["candidate"]) == first


def test_the_fingerprint_changes_with_scorecards_revisions_and_names(app, make):
    data = panel(make, "incomplete")
    seen = {digest(app, data["candidate"])}
    make.scorecard(data["interviews"]["debugging_interview"], {"debugging": 4})
    seen.add(digest(app, data["candidate"]))
    amend_in_db(make, data["cards"]["behavioral_interview"], "mentoring", 5, "Re-read.")
    seen.add(digest(app, data["candidate"]))
    with make.session() as s:
        s.get(Scorecard, data["cards"]["pair_programming"].id).summary = "Edited summary"
    seen.add(digest(app, data["candidate"]))
    with make.session() as s:
        s.get(Scorecard, data["cards"]["pair_programming"].id).interviewer.name = "Pia Renamed"
    seen.add(digest(app, data["candidate"]))
    assert len(seen) == 5


def test_the_fingerprint_changes_with_the_decision_and_its_reopening(app, make):
    data = panel(make, "offer")
    before = digest(app, data["candidate"])
    with app.app_context():
        record_decision(db.session.get(Candidate, data["candidate"].id), "offer", "Strong.")
        db.session.commit()
    decided = digest(app, data["candidate"])
    with app.app_context():
        reopen_decision(db.session.scalars(select(CommitteeDecision)).one(), "Too early.")
        db.session.commit()
    reopened = digest(app, data["candidate"])
    assert len({before, decided, reopened}) == 3


def test_the_fingerprint_changes_with_the_rubric_version(app, make):
    req = make.requisition()
    candidate = make.candidate(req, stage="debrief")
    before = digest(app, candidate)
    with make.session() as s:
        other = s.scalar(select(RubricVersion).where(RubricVersion.rubric_key != "senior-engineer"))
        s.get(Requisition, req.id).rubric_version_id = other.id
    assert digest(app, candidate) != before
