"""Writes under load, served by gunicorn (``--preload``, as in production) on 127.0.0.1.

usage: python bench/writes.py [DATABASE_URL] [--distinct 400] [--resends 50] [--logins 40]
                              [--settings 5x4,3x4,2x8]
Without DATABASE_URL: SQLite in bench/out, then a throwaway PostgreSQL server.
Each WORKERSxTHREADS setting gets a fresh database and server; the first runs all of the
below, the others the distinct submits only (to compare settings and recommend one).

1. Scorecard submits: DISTINCT interviewers submit their own scorecard and one more sends
   the same submit RESENDS times, all at once.
2. Login flood: LOGINS wrong-password logins (each for its own account, from its own
   X-Forwarded-For address when the app trusts a proxy) at once with 20 more submits.
   The flooded accounts' stored hashes have the shipped argon2 costs, so each check costs
   what it costs in production (verification follows the stored hash's parameters).

Prints status classes, lost writes (a submit answered 3xx whose scorecard is not stored),
stored submissions per re-sent scorecard, and latency percentiles, and writes them to
bench/out/results/<backend>/writes.json. Wall-clock figures of the machine it runs on:
compare ratios and counts, not seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import secrets
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests
from argon2 import PasswordHasher
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import Server, backend_of, fresh_schema, save, serve  # noqa: E402
from hiring.app import create_app  # noqa: E402
from hiring.config import defaults  # noqa: E402
from hiring.database import utcnow  # noqa: E402
from hiring.extensions import db  # noqa: E402
from hiring.models import (  # noqa: E402
    Candidate,
    Interview,
    Requisition,
    RubricVersion,
    Scorecard,
    ScorecardRevision,
    StageMove,
    User,
    UserRole,
)
from hiring.rubric_files import PROJECT_ROOT  # noqa: E402
from hiring.services.rubrics import sync_directory  # noqa: E402
from tests.support.client import TOKEN_IN_PAGE  # noqa: E402

PASSWORD = "bench-password-123"  # noqa: S105 - benchmark data only
CHEAP = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024, "ARGON2_PARALLELISM": 1}
FLOOD_SUBMITS = 20
LOCK = re.compile(r'name="lock_version" value="(\d*)"')
OUT = ROOT / "bench" / "out"


@dataclass
class Round:
    """What one burst of requests got back: (kind, status, seconds) per request."""

    results: list[tuple[str, int, float]] = field(default_factory=list)

    def classes(self, kind: str | None = None) -> Counter[str]:
        return Counter(f"{status // 100}xx" for k, status, _ in self.results
                       if kind is None or k == kind)

    def percentiles(self, kind: str | None = None) -> str:
        times = sorted(t for k, _, t in self.results if kind is None or k == kind)
        if not times:
            return "-"
        pick = [times[min(len(times) - 1, int(len(times) * p))] for p in (0.5, 0.9, 0.99)]
        return " ".join(f"p{q}={t:.2f}s" for q, t in zip((50, 90, 99), pick, strict=True)) \
            + f" max={times[-1]:.2f}s"

    def figures(self, kind: str | None = None) -> dict[str, float]:
        """Status classes and latency percentiles (seconds) of one kind of request."""
        times = sorted(t for k, _, t in self.results if kind is None or k == kind)
        classes = self.classes(kind)
        found: dict[str, float] = {c: classes.get(c, 0) for c in ("2xx", "3xx", "4xx", "5xx")}
        found["n"] = len(times)
        for q in (50, 95, 99):
            found[f"p{q}"] = times[min(len(times) - 1, int(len(times) * q / 100))] if times else 0
        found["max"] = times[-1] if times else 0
        return found


def seed(url: str, instance: Path, distinct: int, logins: int) -> dict[str, list[int]]:
    """An empty schema with the shipped rubrics, one requisition, and the people."""
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
    shipped = defaults()
    real = PasswordHasher(time_cost=shipped["ARGON2_TIME_COST"],
                          memory_cost=shipped["ARGON2_MEMORY_COST"],
                          parallelism=shipped["ARGON2_PARALLELISM"]).hash(PASSWORD)
    app = create_app({"ENV": "development", "SQLALCHEMY_DATABASE_URI": url,
                      "INSTANCE_PATH": str(instance), "SECRET_KEY": "bench-" + "k" * 40,
                      **CHEAP})
    with app.app_context():
        fresh_schema()
        sync_directory(PROJECT_ROOT / "rubrics")
        version = db.session.scalar(select(RubricVersion).where(
            RubricVersion.rubric_key == "senior-engineer").order_by(RubricVersion.id.desc()))
        req = Requisition(title="Load", team="Platform", rubric_version_id=version.id,
                          scorecard_visibility="after_submit", status="open")
        db.session.add(req)
        db.session.flush()
        candidates = []
        for n in range(10):
            candidate = Candidate(requisition_id=req.id, name=f"Load {n}",
                                  email=f"load{n}@bench.example.com", stage="applied")
            db.session.add(candidate)
            db.session.flush()
            db.session.add(StageMove(candidate_id=candidate.id, to_stage="applied"))
            candidates.append(candidate)
        ids: dict[str, list[int]] = {"interviews": [], "flooded": []}
        for n in range(distinct + 1 + FLOOD_SUBMITS):
            person = User(email=f"scorer{n}@bench.example.com", name=f"Scorer {n}",
                          password_hash=cheap, role_rows=[UserRole(role="interviewer")])
            db.session.add(person)
            db.session.flush()
            interview = Interview(candidate_id=candidates[n % 10].id, stage="phone_screen",
                                  interviewer_id=person.id, duration_minutes=45,
                                  scheduled_at=utcnow() - dt.timedelta(hours=2),
                                  status="scheduled")
            db.session.add(interview)
            db.session.flush()
            ids["interviews"].append(interview.id)
        for n in range(logins):
            person = User(email=f"flooded{n}@bench.example.com", name=f"Flooded {n}",
                          password_hash=real, role_rows=[UserRole(role="interviewer")])
            db.session.add(person)
            db.session.flush()
            ids["flooded"].append(person.id)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return ids


def logged_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    token = TOKEN_IN_PAGE.search(session.get(f"{base}/login", timeout=60).text).group(1)
    response = session.post(f"{base}/login", timeout=60, allow_redirects=False,
                            data={"email": email, "password": PASSWORD, "csrf_token": token})
    if response.status_code != 302:
        raise SystemExit(f"could not log in as {email}: {response.status_code}")
    session.close()  # keeps the cookies; no idle kept-alive connection the server may close
    return session


def kit_form(session: requests.Session, url: str, score: int) -> dict[str, str]:
    page = session.get(url, timeout=60).text
    session.close()
    return {"csrf_token": TOKEN_IN_PAGE.search(page).group(1),
            "lock_version": LOCK.search(page).group(1), "action": "submit",
            "score-coding": str(score), "evidence-coding": f"Evidence for a {score}.",
            "summary": "Written under load."}


def burst(calls: list[tuple[str, Callable[[], requests.Response]]]) -> Round:
    """Send every call at the same moment; time each from that moment to its answer."""
    done = Round()
    if not calls:
        return done
    start = threading.Barrier(len(calls))

    def send(item: tuple[str, Callable[[], requests.Response]]) -> tuple[str, int, float]:
        start.wait(timeout=300)
        began = time.monotonic()
        try:
            status = item[1]().status_code
        except requests.RequestException:
            status = 599  # no answer at all counts as a server failure
        return item[0], status, time.monotonic() - began

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        done.results = list(pool.map(send, calls))
    return done


def submit_call(session: requests.Session, url: str,
                form: dict[str, str]) -> Callable[[], requests.Response]:
    return lambda: session.post(url, data=form, timeout=300, allow_redirects=False)


def stored(app_url: str, instance: Path, interview_ids: list[int]) -> tuple[set[int], int, int]:
    """Interviews with a submitted scorecard; scorecards and revisions of the last one."""
    app = create_app({"ENV": "development", "SQLALCHEMY_DATABASE_URI": app_url,
                      "INSTANCE_PATH": str(instance), "SECRET_KEY": "bench-" + "k" * 40})
    with app.app_context():
        submitted = set(db.session.scalars(select(Scorecard.interview_id).where(
            Scorecard.status == "submitted", Scorecard.interview_id.in_(interview_ids))))
        resent = list(db.session.scalars(select(Scorecard.id).where(
            Scorecard.interview_id == interview_ids[-1], Scorecard.status == "submitted")))
        revisions = db.session.scalar(select(func.count(ScorecardRevision.id)).where(
            ScorecardRevision.scorecard_id.in_(resent))) or 0
        db.session.remove()
        db.engine.dispose()
    return submitted, len(resent), revisions


def settings(text: str) -> list[tuple[int, int]]:
    """"5x4,2x8" -> [(5, 4), (2, 8)]: gunicorn workers x threads."""
    pairs = []
    for item in text.split(","):
        workers, _, threads = item.strip().partition("x")
        pairs.append((int(workers), int(threads)))
    return pairs


def reset_sqlite(url: str) -> None:
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{url.removeprefix('sqlite:///')}{suffix}").unlink(missing_ok=True)


def run(url: str, label: str, args: argparse.Namespace) -> None:
    """Every setting on a fresh database; the figures go to writes.json."""
    results = []
    for index, (workers, threads) in enumerate(settings(args.settings)):
        full = index == 0
        part = argparse.Namespace(**{**vars(args), "workers": workers, "threads": threads,
                                     "resends": args.resends if full else 0,
                                     "logins": args.logins if full else 0})
        reset_sqlite(url)
        figures, lines = run_one(url, label, part)
        results.append({"workers": workers, "threads": threads, "full": full, **figures})
        print(f"\n== {label}: gunicorn --preload {workers} workers x {threads} threads ==")
        for line in lines if full else [lines[0], lines[2]]:  # the bursts that ran
            print(line, flush=True)
    save(backend_of(url), "writes", {"distinct": args.distinct, "settings": results})


def run_one(url: str, label: str,
            args: argparse.Namespace) -> tuple[dict[str, object], list[str]]:
    instance = OUT / f"writes-{label}"
    instance.mkdir(parents=True, exist_ok=True)
    ids = seed(url, instance, args.distinct, args.logins)
    env = {"HIRING_ENV": "production", "HIRING_SECRET_KEY": secrets.token_urlsafe(48),
           "HIRING_DATABASE_URL": url, "HIRING_INSTANCE_PATH": str(instance.resolve()),
           "HIRING_TRUSTED_PROXIES": "1",
           **{f"HIRING_{k}": str(v) for k, v in CHEAP.items()}}
    server = serve("hiring.wsgi:app", env, instance / "gunicorn.log", workers=args.workers,
                   threads=args.threads)
    try:
        return measure(server, url, instance, ids, args)
    finally:
        server.stop()


def measure(server: Server, url: str, instance: Path, ids: dict[str, list[int]],
            args: argparse.Namespace) -> tuple[dict[str, object], list[str]]:
    base = server.url
    scorers = len(ids["interviews"])
    urls = [f"{base}/my/interviews/{i}" for i in ids["interviews"]]
    with ThreadPoolExecutor(max_workers=16) as pool:
        sessions = list(pool.map(lambda n: logged_in(base, f"scorer{n}@bench.example.com"),
                                 range(scorers)))
        forms = list(pool.map(lambda n: kit_form(sessions[n], urls[n], 1 + n % 5),
                              range(scorers)))
    for session in sessions:
        session.close()  # no kept-alive connection the server may be closing as we send

    distinct, last = args.distinct, args.distinct  # the re-sent one follows the distinct ones
    calls = [("submit", submit_call(sessions[n], urls[n], forms[n])) for n in range(distinct)]
    for _ in range(args.resends):
        clone = requests.Session()
        clone.cookies.update(sessions[last].cookies)
        calls.append(("resend", submit_call(clone, urls[last], forms[last])))
    submits = burst(calls)

    flood_calls = []
    for n in range(args.logins):
        flooder = requests.Session()
        page = flooder.get(f"{base}/login", timeout=60).text
        data = {"csrf_token": TOKEN_IN_PAGE.search(page).group(1),
                "email": f"flooded{n}@bench.example.com", "password": "wrong-password-123"}
        headers = {"X-Forwarded-For": f"10.10.{n // 250}.{n % 250 + 1}"}
        flooder.close()
        flood_calls.append(("login", lambda s=flooder, d=data, h=headers: s.post(
            f"{base}/login", data=d, headers=h, timeout=300, allow_redirects=False)))
    first = distinct + 1
    for n in range(first, first + (FLOOD_SUBMITS if args.logins else 0)):
        flood_calls.append(("submit", submit_call(sessions[n], urls[n], forms[n])))
    flood = burst(flood_calls)

    expected = [ids["interviews"][n] for n, (kind, status, _) in enumerate(submits.results)
                if kind == "submit" and status == 302]
    expected += [ids["interviews"][first + n] for n, (_, status, _) in
                 enumerate(r for r in flood.results if r[0] == "submit") if status == 302]
    submitted, resent_cards, resent_revisions = stored(url, instance, ids["interviews"])
    lost = len(set(expected) - submitted)
    never = len(set(ids["interviews"][:distinct]) - submitted)
    addresses = f"{args.logins} addresses via X-Forwarded-For" if "TRUSTED_PROXIES" in defaults() \
        else "one address (no trusted-proxy support in this build)"

    def row(name: str, part: Round, kind: str | None = None) -> str:
        classes = part.classes(kind)
        counts = " ".join(f"{c}={classes.get(c, 0)}" for c in ("2xx", "3xx", "4xx", "5xx"))
        return f"{name:<34} {counts:<30} {part.percentiles(kind)}"

    figures: dict[str, object] = {
        "submits": submits.figures("submit"), "resends": submits.figures("resend"),
        "lost": lost, "never_stored": never, "resent_cards": resent_cards,
        "resent_revisions": resent_revisions, "flood_logins": flood.figures("login"),
        "flood_submits": flood.figures("submit")}
    return figures, [
        row(f"{distinct} distinct submits", submits, "submit"),
        row(f"{args.resends} re-sends of one", submits, "resend"),
        f"{'lost writes':<34} {lost} (answered 3xx, not stored); not stored at all: {never}",
        f"{'re-sent scorecard':<34} {resent_cards} stored submission(s), "
        f"{resent_revisions} revision(s)",
        row(f"{args.logins} wrong-password logins", flood, "login")
        + f"  [{addresses}]",
        row(f"{FLOOD_SUBMITS} submits during the flood", flood, "submit"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url", nargs="?")
    parser.add_argument("--distinct", type=int, default=400)
    parser.add_argument("--resends", type=int, default=50)
    parser.add_argument("--logins", type=int, default=40)
    parser.add_argument("--settings", default="5x4,3x4,2x8",
                        help="gunicorn WORKERSxTHREADS, comma-separated; the first runs every "
                             "burst, the others the distinct submits only")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.database_url:
        label = "sqlite" if args.database_url.startswith("sqlite") else "postgresql"
        run(args.database_url, label, args)
        return
    from tests.support.postgres import start_postgres

    run(f"sqlite:///{OUT / 'writes.sqlite3'}", "sqlite", args)
    server = start_postgres()
    try:
        server.create_database("hiring_writes")
        run(server.url("hiring_writes"), "postgresql", args)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
