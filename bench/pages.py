"""Latency percentiles, CPU and SQL statements per page, in process, on a seeded database.

usage: python bench/pages.py DATABASE_URL [--repeat N] [--hits N]
Seed first with bench/seed.py. Also measures the packet download with a warm cache (the
first download renders it). The heap is frozen after warm-up as hiring/wsgi.py does. Writes
bench/out/results/<backend>/pages.json. Figures are wall-clock on this machine: compare
ratios within one run, not machines.
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

from bench.common import backend_of, save, spread
from bench.seed import bench_app
from hiring.extensions import db
from hiring.gc_safety import freeze_warm_heap
from hiring.models import Candidate, Interview, Requisition, User
from hiring.services import sessions


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
            (com, "packet, cache hit", f"/candidates/{debrief.id}/packet.pdf"),
        ]


def warm(client: object, path: str, patience: float = 300) -> None:
    """One request before measuring; a packet may be made in the background: wait for it."""
    deadline = time.monotonic() + patience
    while True:
        response = client.get(path)  # type: ignore[attr-defined]
        if response.status_code >= 500:  # a failure, not a packet still being made
            raise SystemExit(f"{path} answered {response.status_code}")
        if not path.endswith(".pdf") or response.mimetype == "application/pdf":
            return
        if time.monotonic() > deadline:
            raise SystemExit(f"{path}: no PDF after {patience:g} s ({response.status_code})")
        time.sleep(0.5)


def measure(app: object, repeat: int, hits: int) -> list[dict[str, object]]:
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
        warm(client, path)  # rubric parsing, templates; the packet's first render
        times, cpu, queries = [], [], []
        for _ in range(hits if path.endswith(".pdf") else repeat):
            counter["n"] = 0
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            cpu.append((time.process_time() - started_cpu) * 1000)
            times.append((time.perf_counter() - started) * 1000)
            queries.append(counter["n"])
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            if path.endswith(".pdf") and response.mimetype != "application/pdf":
                raise SystemExit(f"{path} answered {response.mimetype}, not the cached PDF")
        rows.append({"page": label, "path": path, **spread(times),
                     "cpu_ms": statistics.median(cpu), "queries": max(queries)})
    event.remove(engine, "before_cursor_execute", count)
    return rows


KEYS = {"committee index": "committee_index", "interview kit": "kit",
        "packet, cache hit": "packet_cache_hit"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--hits", type=int, default=50)
    parser.add_argument("--instance", type=Path, default=Path("bench/out/instance"))
    args = parser.parse_args()
    app = bench_app(args.database_url, args.instance)
    freeze_warm_heap(app)  # as served (hiring/wsgi.py)
    rows = measure(app, args.repeat, args.hits)
    print(f"{'page':<24} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU ms':>8} {'queries':>8}")
    for row in rows:
        print(f"{row['page']:<24} {row['p50']:>8.1f} {row['p95']:>8.1f} {row['max']:>8.1f} "
              f"{row['cpu_ms']:>8.1f} {row['queries']:>8}")
    save(backend_of(args.database_url), "pages",
         {"repeat": args.repeat, "hits": args.hits, "pages": rows,
          **{KEYS[row["page"]]: row for row in rows if row["page"] in KEYS}})


if __name__ == "__main__":
    main()
