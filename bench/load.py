"""Requests per second under gunicorn, driven by wrk on 127.0.0.1 (never another host).

usage: python bench/load.py DATABASE_URL [--seconds N] [--connections N]
Seed first with bench/seed.py. Needs Debian's wrk (make bench installs it).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import requests
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.seed import BENCH_PASSWORD, bench_app
from hiring.extensions import db
from hiring.models import Candidate, Interview, User
from tests.support.client import TOKEN_IN_PAGE
from tests.support.live import start_gunicorn


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


def wrk(url: str, cookie: str, seconds: int, connections: int) -> dict[str, str]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-H", f"Cookie: hiring_session={cookie}", url],
        capture_output=True, text=True, check=True).stdout
    figures = {"rps": re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)}
    for p in ("50", "99"):
        match = re.search(rf"\s{p}%\s+([\d.]+\w+)", out)
        figures[f"p{p}"] = match.group(1) if match else "?"
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["errors"] = errors.group(1) if errors else "0"
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--instance", type=Path, default=Path("bench/out/instance"))
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    app = bench_app(args.database_url, args.instance)
    with app.app_context():  # type: ignore[attr-defined]
        cand = db.session.scalar(select(Candidate).where(Candidate.stage == "debrief")
                                 .order_by(Candidate.id))
        interviewer = db.session.scalar(select(User).where(
            User.email == "interviewer0@bench.example.com"))
        interview = db.session.scalar(select(Interview).where(
            Interview.interviewer_id == interviewer.id).order_by(Interview.id.desc()))
    env = {"HIRING_ENV": "production", "HIRING_SECRET_KEY": secrets.token_urlsafe(48),
           "HIRING_DATABASE_URL": args.database_url,
           "HIRING_INSTANCE_PATH": str(args.instance.resolve())}
    log = args.instance / "gunicorn.log"
    server = start_gunicorn(env, log, workers=args.workers, threads=4)
    try:
        cookies = {who: login(server.url, f"{who}@bench.example.com")
                   for who in ("recruiter", "committee", "interviewer0")}
        pages = [("login page (anonymous)", "recruiter", "/login"),
                 ("candidates list", "recruiter", "/candidates"),
                 ("candidate page", "recruiter", f"/candidates/{cand.id}"),
                 ("interview kit", "interviewer0", f"/my/interviews/{interview.id}"),
                 ("debrief page", "committee", f"/candidates/{cand.id}/debrief")]
        print(f"gunicorn {args.workers} workers x 4 threads, wrk -t2 -c{args.connections} "
              f"-d{args.seconds}s on 127.0.0.1")
        print(f"{'page':<26} {'req/s':>8} {'p50':>9} {'p99':>9} {'non-2xx':>8}")
        for label, who, path in pages:
            figures = wrk(server.url + path, cookies[who], args.seconds, args.connections)
            print(f"{label:<26} {figures['rps']:>8} {figures['p50']:>9} {figures['p99']:>9} "
                  f"{figures['errors']:>8}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
