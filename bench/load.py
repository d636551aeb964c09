"""Pages under gunicorn, driven by wrk on 127.0.0.1 (never another host), against a bare
Flask app served by the same gunicorn command.

usage: python bench/load.py DATABASE_URL [--seconds N] [--connections N] [--gc-seconds N]
Seed first with bench/seed.py. Needs Debian's wrk (make bench installs it).

Measures, and writes to bench/out/results/<backend>/load.json:
- requests/s and CPU per request (master + workers, from /proc) of the bare app, the
  anonymous login page and four authenticated pages;
- the largest worker's memory (RSS, PSS, USS) after that load, for both apps;
- latency p99 / max over a few thousand requests with two connections, once with the
  default ``gc.freeze()`` of hiring/wsgi.py and once with ``HIRING_GC_FREEZE=0``.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import sys
from pathlib import Path

import requests
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Server, backend_of, save, serve, worker_memory, wrk
from bench.seed import BENCH_PASSWORD, bench_app
from hiring.extensions import db
from hiring.models import Candidate, Interview, User
from tests.support.client import TOKEN_IN_PAGE


def login(base: str, email: str) -> str:
    """The session cookie of a real login through the form."""
    session = requests.Session()
    token = TOKEN_IN_PAGE.search(session.get(f"{base}/login", timeout=30).text).group(1)
    response = session.post(f"{base}/login", data={"csrf_token": token, "email": email,
                                                   "password": BENCH_PASSWORD}, timeout=30)
    response.raise_for_status()
    cookie = session.cookies.get("hiring_session")
    if not cookie:
        raise SystemExit(f"could not log in as {email}")
    return cookie


def pages(database_url: str, instance: Path) -> list[tuple[str, str | None, str]]:
    """(key, who or None for anonymous, path) of the pages measured."""
    app = bench_app(database_url, instance)
    with app.app_context():  # type: ignore[attr-defined]
        cand = db.session.scalar(select(Candidate).where(Candidate.stage == "debrief")
                                 .order_by(Candidate.id))
        interviewer = db.session.scalar(select(User).where(
            User.email == "interviewer0@bench.example.com"))
        interview = db.session.scalar(select(Interview).where(
            Interview.interviewer_id == interviewer.id).order_by(Interview.id.desc()))
        db.session.remove()
        db.engine.dispose()
    return [("login", None, "/login"),
            ("candidates", "recruiter", "/candidates"),
            ("candidate", "recruiter", f"/candidates/{cand.id}"),
            ("kit", "interviewer0", f"/my/interviews/{interview.id}"),
            ("debrief", "committee", f"/candidates/{cand.id}/debrief")]


def check_ok(url: str, cookie: str | None) -> None:
    """wrk counts a 3xx as a success: make sure the page itself answers 200."""
    cookies = {"hiring_session": cookie} if cookie else {}
    status = requests.get(url, cookies=cookies, allow_redirects=False, timeout=60).status_code
    if status != 200:
        raise SystemExit(f"{url} answered {status}, not 200: not measuring a redirect")


def app_env(args: argparse.Namespace, **extra: str) -> dict[str, str]:
    return {"HIRING_ENV": "production", "HIRING_SECRET_KEY": secrets.token_urlsafe(48),
            "HIRING_DATABASE_URL": args.database_url,
            "HIRING_INSTANCE_PATH": str(args.instance.resolve()), **extra}


def start(args: argparse.Namespace, target: str, env: dict[str, str], name: str) -> Server:
    return serve(target, env, args.instance / f"gunicorn-{name}.log", workers=args.workers,
                 threads=args.threads)


def gc_latency(args: argparse.Namespace, freeze: bool, who: str, path: str) -> dict[str, float]:
    """p99 / max with two connections (no queueing to speak of) on a fresh server."""
    server = start(args, "hiring.wsgi:app", app_env(args, HIRING_GC_FREEZE="1" if freeze
                                                    else "0"), f"gc-{int(freeze)}")
    try:
        cookie = login(server.url, f"{who}@bench.example.com")
        check_ok(server.url + path, cookie)
        wrk(server.url + path, seconds=3, connections=2, threads=1, cookie=cookie)  # warm-up
        return wrk(server.url + path, seconds=args.gc_seconds, connections=2, threads=1,
                   cookie=cookie, server=server)
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--gc-seconds", type=float, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--instance", type=Path, default=Path("bench/out/instance"))
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    targets = pages(args.database_url, args.instance)
    setting = {"workers": args.workers, "threads": args.threads, "seconds": args.seconds,
               "connections": args.connections, "worker_class": "gthread", "preload": True}
    print(f"gunicorn --preload {args.workers} workers x {args.threads} threads, "
          f"wrk -t2 -c{args.connections} -d{args.seconds:g}s on 127.0.0.1")
    print(f"{'page':<12} {'req/s':>8} {'CPU ms/req':>11} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'non-2xx':>8}")

    def show(name: str, row: dict[str, float]) -> None:
        print(f"{name:<12} {row['rps']:>8.1f} {row['cpu_ms_per_request']:>11.2f} "
              f"{row['p50']:>8.1f} {row['p99']:>8.1f} {row['non_2xx']:>8}", flush=True)

    result: dict[str, object] = {"setting": setting, "pages": {}}
    bare = start(args, "bench.bare_app:app", {}, "bare")
    try:
        check_ok(bare.url + "/", None)
        wrk(bare.url + "/", seconds=2, connections=args.connections)  # warm-up
        result["bare"] = wrk(bare.url + "/", seconds=args.seconds,
                             connections=args.connections, server=bare)
        result["bare_memory"] = worker_memory(bare)
        show("bare app", result["bare"])  # type: ignore[arg-type]
    finally:
        bare.stop()

    server = start(args, "hiring.wsgi:app", app_env(args), "app")
    try:
        cookies = {who: login(server.url, f"{who}@bench.example.com")
                   for who in ("recruiter", "committee", "interviewer0")}
        for key, who, path in targets:
            cookie = cookies[who] if who else None
            check_ok(server.url + path, cookie)
            wrk(server.url + path, seconds=1, connections=args.connections, cookie=cookie)
            row = wrk(server.url + path, seconds=args.seconds, connections=args.connections,
                      cookie=cookie, server=server)
            result["pages"][key] = row  # type: ignore[index]
            show(key, row)
        result["memory"] = worker_memory(server)
    finally:
        server.stop()
    memory = result["memory"]
    print(f"largest worker after load: RSS {memory['rss']:.0f} MiB, PSS {memory['pss']:.0f}, "  # type: ignore[index]
          f"USS {memory['uss']:.0f} (bare app: RSS {result['bare_memory']['rss']:.0f})")  # type: ignore[index]

    gc_page = next(t for t in targets if t[0] == "candidate")
    result["gc"] = {"page": gc_page[0], "seconds": args.gc_seconds}
    for freeze in (True, False):
        row = gc_latency(args, freeze, gc_page[1] or "recruiter", gc_page[2])
        result["gc"]["frozen" if freeze else "unfrozen"] = row  # type: ignore[index]
        print(f"GC, {'with' if freeze else 'without'} gc.freeze(): {row['requests']:.0f} "
              f"requests, p50 {row['p50']:.1f} ms, p99 {row['p99']:.1f} ms, "
              f"max {row['max']:.1f} ms", flush=True)
    save(backend_of(args.database_url), "load", result)


if __name__ == "__main__":
    main()
