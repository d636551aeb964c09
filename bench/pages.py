"""Latency percentiles and SQL statements per page, in process, on a seeded database.

usage: python bench/pages.py DATABASE_URL [--repeat N]
Seed first with bench/seed.py. Figures are wall-clock on this machine: compare runs, not
machines.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.seed import bench_app
from hiring.extensions import db
from hiring.models import Candidate, Interview, Requisition, User
from hiring.services import sessions


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def targets(app: object) -> list[tuple[str, str, str]]:
    """(role email, label, path) for the pages people use most."""
    with app.app_context():  # type: ignore[attr-defined]
        req = db.session.scalar(select(Requisition).order_by(Requisition.id))
        debrief = db.session.scalar(select(Candidate).where(Candidate.stage == "debrief")
                                    .order_by(Candidate.id))
        mid = db.session.scalar(select(Candidate).where(Candidate.stage != "applied")
                                .order_by(Candidate.id.desc()))
        interviewer = db.session.scalar(select(User).where(
            User.email == "interviewer0@bench.example.com"))
        interview = db.session.scalar(select(Interview).where(
            Interview.interviewer_id == interviewer.id).order_by(Interview.id.desc()))
        rec, com, adm = ("recruiter@bench.example.com", "committee@bench.example.com",
                         "admin@bench.example.com")
        iv = interviewer.email
        return [
            (rec, "requisitions list", "/requisitions"),
            (rec, "requisition page", f"/requisitions/{req.id}"),
            (rec, "candidates, page 1", "/candidates"),
            (rec, "candidates, page 200", "/candidates?page=200"),
            (rec, "candidates, search", "/candidates?q=Candidate+1999"),
            (rec, "candidate page", f"/candidates/{mid.id}"),
            (rec, "overdue scorecards", "/overdue"),
            (iv, "interviewer queue", "/my/interviews"),
            (iv, "interview kit", f"/my/interviews/{interview.id}"),
            (com, "committee index", "/committee"),
            (com, "debrief page", f"/candidates/{debrief.id}/debrief"),
            (adm, "audit trail", "/admin/audit"),
        ]


def measure(app: object, repeat: int) -> list[dict[str, object]]:
    counter = {"n": 0}
    with app.app_context():  # type: ignore[attr-defined]
        engine = db.engine

    def count(*_: object) -> None:
        counter["n"] += 1

    event.listen(engine, "before_cursor_execute", count)
    rows = []
    client = app.test_client()  # type: ignore[attr-defined]
    logged_in: Callable[[str], None]

    def logged_in(email: str) -> None:
        with app.app_context():  # type: ignore[attr-defined]
            user = db.session.scalar(select(User).where(User.email == email))
            user_id = user.get_id()
            token = sessions.start(user)  # a server-side session, as the login form starts
            db.session.commit()
        with client.session_transaction() as session:
            session.clear()
            session["_user_id"] = user_id
            session["_fresh"] = True
            session[sessions.SESSION_KEY] = token

    for email, label, path in targets(app):
        logged_in(email)
        client.get(path)  # warm caches (rubric parsing, templates)
        times, queries = [], []
        for _ in range(repeat):
            counter["n"] = 0
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            queries.append(counter["n"])
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
        rows.append({"page": label, "path": path, "p50": statistics.median(times),
                     "p95": percentile(times, 95), "max": max(times),
                     "queries": max(queries)})
    event.remove(engine, "before_cursor_execute", count)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--instance", type=Path, default=Path("bench/out/instance"))
    args = parser.parse_args()
    app = bench_app(args.database_url, args.instance)
    print(f"{'page':<24} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for row in measure(app, args.repeat):
        print(f"{row['page']:<24} {row['p50']:>8.1f} {row['p95']:>8.1f} {row['max']:>8.1f} "
              f"{row['queries']:>8}")


if __name__ == "__main__":
    main()
