"""The demo's voluntary self-identification and calibration training.

Self-identification: almost every candidate of the past (closed) requisitions answered
through a one-time link, with answers varied as in life (some decline). Gender is spread so
that the phone screen passes women at under four-fifths the rate of men, so the adverse
impact report flags a step; race/ethnicity groups stay small, so most are suppressed.
Calibration: a few interviewers took exercises; Ivan and Priya are calibrated for system
design, Jun scores above gold and Lena below, and the Payments requisition asks for
calibrated system-design interviewers. Deterministic; flushes only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from sqlalchemy import select

from hiring.domain.pipeline import REJECTED
from hiring.extensions import db
from hiring.models import (
    CalibrationAttempt,
    Candidate,
    Requisition,
    SelfIdentification,
    SelfIdInvitation,
    StageMove,
)
from hiring.training.catalogue import catalogue

if TYPE_CHECKING:
    from hiring.demo import _Builder

BEYOND_PHONE_SCREEN = {"take_home", "technical_interviews", "final_round"}
# Cycled over the candidates rejected at the phone screen, and over everyone else.
GENDER_REJECTED_EARLY = ("female", "female", "male", "female", "female", "declined")
GENDER_OTHERS = ("male", "female", "male", "male", "female", "another", "male", "female",
                 "declined")
RACES = ("white", "asian", "hispanic_latino", "black", "white", "two_or_more", "declined",
         "asian", "white", "black", "american_indian", "hispanic_latino", "pacific_islander",
         "white", "asian")
# Interviewer -> (exercise id, offset from gold per criterion, days ago), oldest first.
TRAINING = {
    "ivan": [("system-design-shortener-gaps", 0, 40), ("system-design-shortener-strong", -1, 38),
             ("coding-balanced-brackets", 0, 30), ("coding-top-k-words", 0, 29)],
    "priya": [("system-design-shortener-strong", 0, 35), ("system-design-shortener-gaps", 1, 34),
              ("debugging-n-plus-one", 1, 20)],
    "jun": [("system-design-shortener-gaps", 2, 33), ("system-design-shortener-strong", 0, 32),
            ("behavioral-migration-owner", 2, 25), ("pair-programming-pagination", 1, 24)],
    "lena": [("coding-top-k-words", -2, 31), ("coding-balanced-brackets", -1, 30),
             ("debugging-n-plus-one", -1, 21)],
    "marco": [("behavioral-migration-owner", 0, 18), ("values-feedback-and-voices", -1, 17)],
}
EVIDENCE = "Scored from the transcript: see the points quoted in the rationale."


def load_fairness_and_training(b: _Builder) -> None:
    """Self-identification for the past candidates, and calibration attempts (flushes)."""
    _self_identification(b)
    _training(b)
    payments = db.session.scalar(select(Requisition).where(
        Requisition.title == "Senior Software Engineer, Payments"))
    if payments is not None:
        payments.calibrated_stages = ["system_design_interview"]
    db.session.flush()


def _rejected_at_phone_screen(candidate: Candidate, reached: set[str]) -> bool:
    return candidate.stage == REJECTED and not reached & BEYOND_PHONE_SCREEN


def _self_identification(b: _Builder) -> None:
    past = list(db.session.scalars(
        select(Candidate).join(Requisition, Requisition.id == Candidate.requisition_id)
        .where(Requisition.status == "closed").order_by(Candidate.id)))
    reached: dict[int, set[str]] = {}
    for cid, stage in db.session.execute(select(StageMove.candidate_id, StageMove.to_stage)
                                         .where(StageMove.candidate_id.in_([c.id for c in past]))):
        reached.setdefault(cid, set()).add(stage)
    early = others = 0
    for n, candidate in enumerate(past):
        if _rejected_at_phone_screen(candidate, reached.get(candidate.id, set())):
            gender = GENDER_REJECTED_EARLY[early % len(GENDER_REJECTED_EARLY)]
            early += 1
        else:
            gender = GENDER_OTHERS[others % len(GENDER_OTHERS)]
            others += 1
        sent = candidate.created_at + dt.timedelta(days=1)
        answered = sent + dt.timedelta(hours=5 + n % 30)
        # The link was used; its token is long gone (only a hash is ever kept).
        digest = hashlib.sha256(f"demo-self-id-{candidate.id}".encode()).hexdigest()
        db.session.add(SelfIdInvitation(candidate_id=candidate.id, token_hash=digest,
                                        created_by_id=b.users["recruiter"].id,
                                        created_at=sent, expires_at=sent + dt.timedelta(days=14),
                                        used_at=answered))
        db.session.add(SelfIdentification(candidate_id=candidate.id, gender=gender,
                                          race_ethnicity=RACES[n % len(RACES)],
                                          answered_at=answered))


def _training(b: _Builder) -> None:
    exercises = catalogue().exercises  # the Training area's own list of valid files
    for who, attempts in TRAINING.items():
        for exercise_id, offset, days_ago in attempts:
            exercise = exercises.get(exercise_id)
            if exercise is None:
                continue  # an exercise file was removed: the demo loads without it
            gold = exercise.gold_scores()
            answers = {cid: {"score": max(1, min(5, score + offset)), "not_assessed": False,
                             "reason": "", "evidence": EVIDENCE}
                       for cid, score in gold.items()}
            db.session.add(CalibrationAttempt(
                user_id=b.users[who].id, exercise_id=exercise.id,
                exercise_version=exercise.version, rubric_key=exercise.rubric_id,
                stage_id=exercise.stage_id, answers=answers, gold=gold,
                submitted_at=b.days(-days_ago)))
