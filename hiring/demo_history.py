"""Months of past hiring for the demo, so that every report has something real to show.

Three closed senior-engineer requisitions, each with a panel of two interviewers on most
interviews: Jun Park scores about a point above the rest of the panel (lenient), Lena
Fischer about a point below (severe), cultural fit is scored far less consistently than
coding (agreement), and scorecards arrive anywhere from an hour to three days after the
interview (turnaround). Candidates leave at every step: rejected after each round, one
withdrawing, the strongest hired on the committee's offer. Deterministic: a fixed seed.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from hiring.domain.pipeline import APPLIED, DEBRIEF, HIRED, OFFER, REJECTED, WITHDRAWN
from hiring.domain.scoring import exact
from hiring.extensions import db
from hiring.models import Candidate, CommitteeDecision, Requisition, StageMove
from hiring.queries.evaluation import evaluate
from hiring.services.decisions import is_override

if TYPE_CHECKING:
    from hiring.demo import _Builder

LENIENT, SEVERE = "jun", "lena"
BIAS = {LENIENT: 1, SEVERE: -1}
# Habits: how many hours after the interview each person usually submits (low, high).
HABITS = {"ivan": (1, 5), "priya": (2, 20), "sam": (18, 72), "lena": (3, 30),
          "marco": (1, 26), "jun": (4, 50), "manager": (6, 40)}
# Each stage of the senior-engineer rubric with its panel (two interviewers, one row each).
PANELS = {
    "phone_screen": ("ivan", "sam"),
    "take_home_review": ("sam", "jun"),
    "system_design_interview": ("priya", LENIENT),
    "coding_interview": ("sam", SEVERE),
    "debugging_interview": (SEVERE, "ivan"),
    "behavioral_interview": ("marco", LENIENT),
    "architecture_review": ("manager", SEVERE),
    "pair_programming": (LENIENT, "ivan"),
    "values_interview": ("marco", "sam"),
}
ROUNDS = (("phone_screen", ("phone_screen",)),
          ("take_home", ("take_home_review",)),
          ("technical_interviews", ("system_design_interview", "coding_interview",
                                    "debugging_interview", "behavioral_interview")),
          ("final_round", ("architecture_review", "pair_programming", "values_interview")))
# How far each candidate gets: the last round they are interviewed in, then the exit.
PATHS = [("phone_screen", REJECTED), ("phone_screen", REJECTED),
         ("technical_interviews", WITHDRAWN), ("technical_interviews", REJECTED),
         ("final_round", REJECTED), ("final_round", DEBRIEF), ("final_round", DEBRIEF),
         ("final_round", DEBRIEF)]
# The levels a candidate's criteria are drawn from, by how far they get.
STRENGTH = {"phone_screen": (1, 2, 2, 3), "technical_interviews": (2, 3, 3, 4),
            "final_round": (3, 3, 4, 4)}
STRONG = (3, 4, 4, 5, 5)
REQUISITIONS = (("Senior Software Engineer, Search", "Search", 240),
                ("Senior Software Engineer, Mobile API", "Mobile", 175),
                ("Senior Software Engineer, Data Platform", "Data", 110))
FIRST = ["Aiko", "Bruno", "Camila", "Dmitri", "Esi", "Farah", "Gustav", "Hana", "Ibrahim",
         "Jana", "Kwame", "Leila", "Mikael", "Noor", "Oscar", "Paula", "Quang", "Rosa",
         "Sipho", "Tereza", "Umar", "Valentina", "Wen", "Yusuf"]
LAST = ["Sato", "Almeida", "Restrepo", "Volkov", "Mensah", "Siddiqui", "Lund", "Kim",
        "Diallo", "Horvath", "Boateng", "Haddad", "Virtanen", "Qureshi", "Ortega", "Nowak",
        "Tran", "Jiménez", "Dlamini", "Dvořák", "Farouk", "Greco", "Zhang", "Yilmaz"]


def load_history(b: _Builder) -> None:
    """Write the past requisitions through the demo builder ``b`` (flushes only)."""
    rng = random.Random(12)  # noqa: S311 - demo data, not secrets
    names = iter(zip(FIRST, LAST, strict=True))
    for title, team, opened in REQUISITIONS:
        req = b.requisition(title, team, "senior-engineer",
                            f"Past opening on the {team} team (closed).")
        req.status, req.created_at = "closed", b.days(-opened)
        for index, (last_round, exit_to) in enumerate(PATHS):
            first, last = next(names)
            start = opened - 4 - index * 3
            _candidate(b, rng, req, f"{first} {last}", start, last_round, exit_to,
                       take_home=index % 3 == 0)


def _score(rng: random.Random, who: str, level: int, criterion: str) -> int:
    noise = rng.choice((-2, -1, 0, 1, 2) if criterion == "cultural_fit" else (-1, 0, 0, 0, 1))
    if criterion == "cultural_fit" and who in BIAS:
        noise = 0  # the spread there is the panel's own, not these two people's habit
    return max(1, min(5, level + BIAS.get(who, 0) + noise))


def _candidate(b: _Builder, rng: random.Random, req: Requisition, name: str, start: float,
               last_round: str, exit_to: str, take_home: bool) -> None:
    rubric = req.rubric_version.rubric
    pool = STRONG if exit_to == DEBRIEF else STRENGTH[last_round]
    level = {c.id: rng.choice(pool) for c in rubric.criteria}
    email = name.lower().replace(" ", ".") + "@mail.example.com"
    entered = b.days(-start)
    cand = Candidate(requisition_id=req.id, name=name, email=email, source="Careers page",
                     stage=APPLIED, stage_entered_at=entered, created_at=entered)
    db.session.add(cand)
    db.session.flush()
    moves = [StageMove(candidate_id=cand.id, from_stage=None, to_stage=APPLIED,
                       moved_by_id=b.users["recruiter"].id, moved_at=entered)]
    day = -start + rng.uniform(1, 4)
    for round_id, stages in ROUNDS:
        if round_id == "take_home" and not take_home:
            continue
        moves.append(_move(b, cand, moves[-1].to_stage, round_id, b.days(day)))
        for stage in stages:
            day += rng.uniform(0.5, 2.5)
            for who in PANELS[stage]:
                iv = b.interview(cand, stage, who, day)
                scores = {c.id: _score(rng, who, level[c.id], c.id)
                          for c in rubric.stage_criteria(stage)}
                low, high = HABITS[who]
                b.scorecard(iv, scores, delay=dt.timedelta(hours=rng.uniform(low, high)))
        day += rng.uniform(2, 6)
        if round_id == last_round:
            break
    moves.append(_move(b, cand, moves[-1].to_stage, exit_to, b.days(day)))
    db.session.add_all(moves)
    db.session.flush()
    if exit_to == DEBRIEF:
        _decide(b, cand, b.days(day + rng.uniform(1, 3)), moves)
        db.session.add_all(moves)
    b.summary.candidates += 1


def _move(b: _Builder, cand: Candidate, from_stage: str, to_stage: str,
          when: dt.datetime) -> StageMove:
    cand.stage, cand.stage_entered_at = to_stage, when
    return StageMove(candidate_id=cand.id, from_stage=from_stage, to_stage=to_stage,
                     moved_by_id=b.users["recruiter"].id, moved_at=when)


def _decide(b: _Builder, cand: Candidate, when: dt.datetime, moves: list[StageMove]) -> None:
    """The committee follows the engine: an offer (then hired a week later) or no offer."""
    engine = evaluate(cand).decision
    decision = "offer" if engine.outcome.value == "offer" else "no_offer"
    override = is_override(engine.outcome, decision)
    db.session.add(CommitteeDecision(
        candidate_id=cand.id, decision=decision, engine_outcome=engine.outcome.value,
        rationale="Decided on the panel's evidence at the debrief.",
        engine_score=exact(engine.weighted_score) if engine.weighted_score is not None else None,
        rubric_version_id=cand.requisition.rubric_version_id, is_override=override,
        override_justification="The panel's evidence was too mixed for an offer." if override
        else "", decided_by_id=b.users["committee"].id, decided_at=when))
    if decision == "offer":
        moves.append(_move(b, cand, DEBRIEF, OFFER, when))
        moves.append(_move(b, cand, OFFER, HIRED, when + dt.timedelta(days=7)))
    else:
        moves.append(_move(b, cand, DEBRIEF, REJECTED, when))
