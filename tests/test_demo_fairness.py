"""The demo holds self-identification for part of the candidates (enough for a flagged
step) and calibration attempts by a few interviewers."""

from __future__ import annotations

from fractions import Fraction

from sqlalchemy import func, select

from hiring.cli import main
from hiring.extensions import db
from hiring.models import Candidate, Requisition, SelfIdentification, StageMove, User
from hiring.queries.calibration import calibrated_users
from hiring.queries.self_identification import group_labels


def test_demo_self_identification_and_training(app):
    result = app.test_cli_runner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        candidates = db.session.scalar(select(func.count(Candidate.id)))
        answered = db.session.scalar(select(func.count(SelfIdentification.id)))
        assert 0.3 * candidates < answered < candidates  # part of the candidates
        past = list(db.session.scalars(select(Candidate.id).join(Requisition).where(
            Requisition.status == "closed")))
        labels = group_labels(past, "gender")
        assert len(set(group_labels(past, "race_ethnicity").values())) >= 6
        beyond = set(db.session.scalars(select(StageMove.candidate_id).where(
            StageMove.to_stage.in_(("take_home", "technical_interviews", "final_round")))))
        rate = {}
        for group in ("Female", "Male"):
            members = [cid for cid, label in labels.items() if label == group]
            assert len(members) >= 5  # not suppressed
            rate[group] = Fraction(sum(cid in beyond for cid in members), len(members))
        assert rate["Female"] / rate["Male"] < Fraction(4, 5)  # the phone screen is flagged
        users = {u.email.split("@")[0]: u.id for u in db.session.scalars(select(User))}
        ids = [users["interviewer"], users["priya"], users["jun"], users["lena"]]
        assert calibrated_users(ids, "senior-engineer", "system_design_interview") == {
            users["interviewer"], users["priya"]}
        assert calibrated_users(ids, "senior-engineer", "coding_interview") == {
            users["interviewer"]}
        payments = db.session.scalar(select(Requisition).where(
            Requisition.title == "Senior Software Engineer, Payments"))
        assert payments.calibrated_stages == ["system_design_interview"]
