"""PDF packet figures: seconds per packet (4 and 8 scorecards), pages, cache-hit latency and
the batch's packets per second with one and with every core.

usage: python bench/packets.py [--candidates N]
Uses its own SQLite database under bench/out/. Wall-clock figures of this machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import delete, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.seed import bench_app
from hiring.cli import main as cli
from hiring.database import utcnow
from hiring.demo_content import EVIDENCE, SUMMARIES
from hiring.extensions import db
from hiring.models import (
    Candidate,
    Interview,
    Packet,
    Requisition,
    RubricVersion,
    Scorecard,
    ScorecardRevision,
    ScorecardScore,
    User,
    UserRole,
)
from hiring.rubric_files import PROJECT_ROOT
from hiring.security import hash_password
from hiring.services.packets import packet_for
from hiring.services.rubrics import sync_directory


def seed(app: object, candidates: int) -> dict[str, list[int]]:
    """Candidates in debrief with 4 or 8 submitted scorecards on the reference rubric."""
    with app.app_context():  # type: ignore[attr-defined]
        db.drop_all()
        db.create_all()
        sync_directory(PROJECT_ROOT / "rubrics")
        version = db.session.scalar(select(RubricVersion).where(
            RubricVersion.rubric_key == "senior-engineer"))
        rubric = version.rubric
        committee = User(email="committee@bench.example.com", name="Bench Committee",
                         password_hash=hash_password("bench-password-123"),
                         role_rows=[UserRole(role="committee")])
        people = [User(email=f"i{n}@bench.example.com", name=f"Interviewer {n}",
                       password_hash=committee.password_hash,
                       role_rows=[UserRole(role="interviewer")]) for n in range(8)]
        db.session.add_all([committee, *people])
        db.session.flush()
        groups: dict[str, list[int]] = {}
        for cards in (4, 8):
            req = Requisition(title=f"Packets with {cards} scorecards", team="Bench",
                              rubric_version_id=version.id)
            req.committee = [committee]
            db.session.add(req)
            db.session.flush()
            ids = []
            for n in range(candidates):
                cand = Candidate(requisition_id=req.id, name=f"Candidate {cards}-{n}",
                                 stage="debrief")
                db.session.add(cand)
                db.session.flush()
                for index, stage in enumerate(rubric.stages[:cards]):
                    when = utcnow() - dt.timedelta(days=20 - index)
                    person = people[index]
                    iv = Interview(candidate_id=cand.id, stage=stage.id,
                                   interviewer_id=person.id, scheduled_at=when,
                                   duration_minutes=stage.minutes)
                    db.session.add(iv)
                    db.session.flush()
                    card = Scorecard(interview_id=iv.id, interviewer_id=person.id,
                                     rubric_version_id=version.id, status="submitted",
                                     summary=SUMMARIES["high"], revision=1,
                                     submitted_at=when, first_submitted_at=when)
                    card.scores = [ScorecardScore(criterion_id=c, score=4 + (n + index) % 2,
                                                  evidence=EVIDENCE[c]["high"])
                                   for c in stage.criteria]
                    db.session.add(card)
                    db.session.flush()
                    db.session.add(ScorecardRevision(scorecard_id=card.id, number=1,
                                                     content=card.content(),
                                                     submitted_by_id=person.id,
                                                     submitted_at=when))
                ids.append(cand.id)
            groups[f"{cards} scorecards"] = [req.id, *ids]
        db.session.commit()
    return groups


def per_packet(app: object, candidate_ids: list[int]) -> tuple[list[float], list[int]]:
    seconds, pages = [], []
    with app.app_context():  # type: ignore[attr-defined]
        for cid in candidate_ids:
            db.session.execute(delete(Packet))
            started = time.perf_counter()
            result = packet_for(db.session.get(Candidate, cid))
            db.session.commit()
            seconds.append(time.perf_counter() - started)
            pages.append(result.pages)
    return seconds, pages


def cache_hits(app: object, candidate_id: int, repeat: int = 30) -> list[float]:
    client = app.test_client()  # type: ignore[attr-defined]
    with app.app_context():  # type: ignore[attr-defined]
        user_id = db.session.scalar(select(User).where(
            User.email == "committee@bench.example.com")).get_id()
    with client.session_transaction() as session:
        session["_user_id"] = user_id
    url = f"/candidates/{candidate_id}/packet.pdf"
    assert client.get(url).status_code == 200
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.headers["X-Packet-Cache"] == "hit"
    return times


def batch(app: object, requisition_id: int, jobs: int, out: Path) -> float:
    with app.app_context():  # type: ignore[attr-defined]
        db.session.execute(delete(Packet))
        db.session.commit()
    runner = app.test_cli_runner()  # type: ignore[attr-defined]
    started = time.perf_counter()
    result = runner.invoke(cli, ["packet", "--requisition", str(requisition_id), "-o",
                                 str(out / f"jobs{jobs}"), "--jobs", str(jobs),
                                 "--as", "committee@bench.example.com"])
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        raise SystemExit(result.output)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=8)
    parser.add_argument("--out", type=Path, default=Path("bench/out/packets"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{(args.out / 'packets.sqlite3').resolve()}"
    app = bench_app(url, args.out / "instance")
    groups = seed(app, args.candidates)
    print("PDF packets (WeasyPrint in a forkserver child; first render warms it up)")
    with app.app_context():  # type: ignore[attr-defined]
        packet_for(db.session.get(Candidate, groups["4 scorecards"][1]))  # warm-up
        db.session.rollback()
    for label, (_, *ids) in groups.items():
        seconds, pages = per_packet(app, ids)
        print(f"  {label}: {statistics.median(seconds):.2f} s per packet (median of "
              f"{len(seconds)}, max {max(seconds):.2f} s), {statistics.median(pages):.0f} pages")
    hits = cache_hits(app, groups["8 scorecards"][1])
    print(f"  cache hit (8 scorecards, through the web view): p50 {statistics.median(hits):.1f}"
          f" ms, max {max(hits):.1f} ms")
    req_id = groups["8 scorecards"][0]
    cores = os.cpu_count() or 1
    for jobs in sorted({1, cores}):
        elapsed = batch(app, req_id, jobs, args.out)
        print(f"  batch of {args.candidates} (hiring packet --requisition, {jobs} at once): "
              f"{elapsed:.1f} s, {args.candidates / elapsed:.2f} packets per second")


if __name__ == "__main__":
    main()
