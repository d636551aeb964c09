"""Seed a large data set for the benchmarks (bulk inserts; a few seconds for 20,000 candidates).

usage: python bench/seed.py DATABASE_URL [--candidates N] [--requisitions N]

The set: one recruiter, committee member and admin; 60 interviewers; requisitions split
over both shipped rubrics; candidates spread over the pipeline, each with interviews for
the rounds they passed and submitted scorecards for most of them (a few drafts).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

import pyotp
from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fresh_schema
from hiring.app import create_app
from hiring.cli_evaluations import rebuild_all
from hiring.database import refresh_statistics, utcnow
from hiring.domain.search import record_key
from hiring.extensions import db
from hiring.models import (
    Candidate,
    Interview,
    Requisition,
    RubricVersion,
    Scorecard,
    ScorecardRevision,
    ScorecardScore,
    StageMove,
    TotpAuthenticator,
    User,
    UserRole,
)
from hiring.models.requisition import requisition_committee, requisition_recruiters
from hiring.rubric_files import PROJECT_ROOT
from hiring.security import hash_password
from hiring.services.mfa import seal_secret
from hiring.services.rubrics import sync_directory

BENCH_PASSWORD = "bench-password-123"  # noqa: S105 - benchmark data only
INTERVIEWERS = 60


def bench_app(database_url: str, instance: Path) -> object:
    instance.mkdir(parents=True, exist_ok=True)
    return create_app({"ENV": "development", "SQLALCHEMY_DATABASE_URI": database_url,
                       "INSTANCE_PATH": str(instance), "SECRET_KEY": "bench-" + "k" * 40,
                       "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024,
                       "ARGON2_PARALLELISM": 1,
                       # No worker runs beside the in-process benches: the one packet
                       # bench/pages.py has made before it measures cache hits is rendered
                       # in this process. Nothing measured goes through the queue.
                       "TASK_QUEUE": "in-process"})


def _users(password_hash: str) -> dict[str, list[int]]:
    people: dict[str, list[int]] = {"recruiter": [], "committee": [], "admin": [],
                                    "interviewer": []}
    specs = [("recruiter@bench.example.com", "Bench Recruiter", "recruiter"),
             ("committee@bench.example.com", "Bench Committee", "committee"),
             ("admin@bench.example.com", "Bench Admin", "admin")]
    specs += [(f"interviewer{i}@bench.example.com", f"Interviewer {i}", "interviewer")
              for i in range(INTERVIEWERS)]
    for email, name, role in specs:
        user = User(email=email, name=name, password_hash=password_hash,
                    role_rows=[UserRole(role=role)])
        db.session.add(user)
        db.session.flush()
        if role == "admin":  # admins work only with two-step verification set up
            user.totp = TotpAuthenticator(user_id=user.id, confirmed_at=utcnow(),
                                          secret=seal_secret(user.id, pyotp.random_base32()))
        people[role].append(user.id)
    return people


def seed(database_url: str, candidates: int, requisitions: int, instance: Path) -> dict[str, int]:
    rng = random.Random(2026)
    app = bench_app(database_url, instance)
    with app.app_context():  # type: ignore[attr-defined]
        fresh_schema()
        sync_directory(PROJECT_ROOT / "rubrics")
        people = _users(hash_password(BENCH_PASSWORD))
        versions = list(db.session.scalars(select(RubricVersion).order_by(RubricVersion.id)))
        now = utcnow()
        reqs = []
        for i in range(requisitions):
            version = versions[i % len(versions)]
            req = Requisition(title=f"{version.title} #{i + 1}", team=f"Team {i % 7}",
                              rubric_version_id=version.id)
            db.session.add(req)
            db.session.flush()
            reqs.append((req.id, version.rubric))
        db.session.execute(insert(requisition_recruiters), [
            {"requisition_id": rid, "user_id": people["recruiter"][0]} for rid, _ in reqs])
        db.session.execute(insert(requisition_committee), [
            {"requisition_id": rid, "user_id": people["committee"][0]} for rid, _ in reqs])

        cand_rows, plans = [], []
        for n in range(candidates):
            rid, rubric = reqs[n % len(reqs)]
            round_ids = [r.id for r in rubric.rounds]
            passed = rng.randint(0, len(round_ids))
            stage = ("applied" if passed == 0 else "debrief" if passed == len(round_ids)
                     else round_ids[passed])
            started = now - dt.timedelta(days=rng.uniform(5, 90))
            cand_rows.append({"requisition_id": rid, "name": f"Candidate {n}",
                              "email": f"c{n}@mail.example.com", "source": "Bench",
                              # a bulk insert skips the model's validators: fold here
                              "search_key": record_key(f"Candidate {n}",
                                                       f"c{n}@mail.example.com"),
                              "links": "", "notes": "", "stage": stage,
                              "stage_entered_at": started, "created_at": started,
                              "updated_at": started})
            plans.append((rubric, round_ids[:passed], started))
        db.session.execute(insert(Candidate), cand_rows)
        cand_ids = list(db.session.scalars(select(Candidate.id).order_by(Candidate.id)))

        moves, interviews, cards = [], [], []
        for cid, (rubric, passed, started) in zip(cand_ids, plans, strict=True):
            moves.append({"candidate_id": cid, "from_stage": None, "to_stage": "applied",
                          "note": "", "moved_at": started})
            when = started
            for index, round_id in enumerate(passed):
                when += dt.timedelta(days=1)
                moves.append({"candidate_id": cid, "from_stage": "applied" if index == 0
                              else passed[index - 1], "to_stage": round_id, "note": "",
                              "moved_at": when})
                for stage in rubric.round_stages(round_id):  # the round's loop
                    interviewer = rng.choice(people["interviewer"])
                    interviews.append({"candidate_id": cid, "stage": stage.id,
                                       "interviewer_id": interviewer, "scheduled_at": when,
                                       "ends_at": when + dt.timedelta(minutes=45),
                                       "duration_minutes": 45, "status": "scheduled",
                                       "cancel_reason": "", "created_at": when})
                    scores = {c: rng.choice((2, 3, 3, 4, 4, 4, 5)) for c in stage.criteria}
                    cards.append((interviewer, when, rubric, scores, rng.random() < 0.95))
        db.session.execute(insert(StageMove), moves)
        db.session.execute(insert(Interview), interviews)
        interview_ids = list(db.session.scalars(select(Interview.id).order_by(Interview.id)))
        version_of = {v.version: v.id for v in versions}
        card_rows = [{"interview_id": iid, "interviewer_id": who,
                      "rubric_version_id": version_of[rubric.version],
                      "status": "submitted" if done else "draft", "summary": "Bench summary.",
                      "revision": 1 if done else 0, "lock_version": 1, "created_at": when,
                      "updated_at": when, "first_submitted_at": when if done else None,
                      "submitted_at": when if done else None}
                     for iid, (who, when, rubric, _, done) in zip(interview_ids, cards,
                                                                   strict=True)]
        db.session.execute(insert(Scorecard), card_rows)
        card_ids = list(db.session.scalars(select(Scorecard.id).order_by(Scorecard.id)))
        score_rows, revision_rows = [], []
        for sid, (who, when, _, scores, done) in zip(card_ids, cards, strict=True):
            content = {"scores": {}, "flags": [], "summary": "Bench summary."}
            for criterion, value in scores.items():
                score_rows.append({"scorecard_id": sid, "criterion_id": criterion,
                                   "score": value, "not_assessed": False,
                                   "not_assessed_reason": "",
                                   "evidence": "Evidence written by the interviewer."})
                content["scores"][criterion] = {"score": value, "not_assessed": False,
                                                "not_assessed_reason": "",
                                                "evidence": "Evidence written by the "
                                                            "interviewer."}
            if done:
                revision_rows.append({"scorecard_id": sid, "number": 1, "content": content,
                                      "reason": "", "submitted_by_id": who,
                                      "submitted_at": when})
        db.session.execute(insert(ScorecardScore), score_rows)
        db.session.execute(insert(ScorecardRevision), revision_rows)
        db.session.commit()
        # Fresh planner statistics, as a live database has them (autovacuum, or SQLite's
        # ANALYZE); without them PostgreSQL picks nested loops for the big joins.
        with db.engine.connect() as connection:
            refresh_statistics(connection)  # what `hiring optimize` runs
            connection.commit()
        rebuild_all()  # the committee index's evaluation summaries, as the services keep them
        counts = {"requisitions": len(reqs), "candidates": len(cand_ids),
                  "interviews": len(interview_ids), "scorecards": len(card_ids),
                  "scores": len(score_rows)}
        db.session.remove()
        db.engine.dispose()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--candidates", type=int, default=20000)
    parser.add_argument("--requisitions", type=int, default=40)
    parser.add_argument("--instance", type=Path, default=Path("bench/out/instance"))
    args = parser.parse_args()
    print(seed(args.database_url, args.candidates, args.requisitions, args.instance))


if __name__ == "__main__":
    main()
