"""PDF packets: ``hiring packet`` against a bare WeasyPrint render of the same HTML (CPU of the
whole process tree, each a fresh process), and the batch's packets per second with one and
with two render jobs.

usage: python bench/packets.py [DATABASE_URL] [--candidates N] [--repeat N]
Seeds its own database (SQLite under bench/out/ without DATABASE_URL): candidates in debrief
with 8 submitted scorecards on the reference rubric. Writes
bench/out/results/<backend>/packets.json. Wall-clock and CPU figures of this machine:
compare ratios within one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import delete, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, ROOT, backend_of, fresh_schema, save
from bench.seed import bench_app
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
from hiring.services.rubrics import sync_directory

CARDS = 8
READER = "committee@bench.example.com"
ASSET_BASE = "https://packet.invalid/static/"  # where packet HTML points for our assets
# The same PDF variant as hiring.packet.worker.PDF_VARIANT, so the comparison is fair.
BARE_RENDER = ("import sys, weasyprint; "
               "weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2], "
               "pdf_variant='pdf/ua-1')")


def packet_html(candidate: Candidate) -> str:
    """The packet's HTML as the app renders it (the one import to update if it moves)."""
    from hiring.packet.content import packet_html as html_of
    from hiring.queries.debrief import build_debrief

    return str(html_of(build_debrief(candidate)))


def seed(app: object, candidates: int) -> list[int]:
    """[requisition id, candidate ids...]: candidates in debrief with 8 scorecards."""
    with app.app_context():  # type: ignore[attr-defined]
        fresh_schema()
        sync_directory(PROJECT_ROOT / "rubrics")
        version = db.session.scalar(select(RubricVersion).where(
            RubricVersion.rubric_key == "senior-engineer"))
        rubric = version.rubric
        committee = User(email=READER, name="Bench Committee",
                         password_hash=hash_password("bench-password-123"),
                         role_rows=[UserRole(role="committee")])
        people = [User(email=f"i{n}@bench.example.com", name=f"Interviewer {n}",
                       password_hash=committee.password_hash,
                       role_rows=[UserRole(role="interviewer")]) for n in range(CARDS)]
        db.session.add_all([committee, *people])
        db.session.flush()
        req = Requisition(title=f"Packets with {CARDS} scorecards", team="Bench",
                          rubric_version_id=version.id)
        req.committee = [committee]
        db.session.add(req)
        db.session.flush()
        ids = [req.id]
        for n in range(candidates):
            cand = Candidate(requisition_id=req.id, name=f"Candidate {n}", stage="debrief")
            db.session.add(cand)
            db.session.flush()
            for index, stage in enumerate(rubric.stages[:CARDS]):
                when = utcnow() - dt.timedelta(days=20 - index)
                person = people[index]
                iv = Interview(candidate_id=cand.id, stage=stage.id, interviewer_id=person.id,
                               scheduled_at=when, duration_minutes=stage.minutes)
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
                                                 submitted_by_id=person.id, submitted_at=when))
            ids.append(cand.id)
        if len(rubric.stages) < CARDS:
            raise SystemExit(f"the reference rubric has {len(rubric.stages)} stages, not {CARDS}")
        db.session.commit()
    return ids


def drop_cache(app: object) -> None:
    with app.app_context():  # type: ignore[attr-defined]
        db.session.execute(delete(Packet))
        db.session.commit()


def tree_cpu(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """CPU of the command's whole process tree (bench/cputree.py, its own process)."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "cputree.py"), "--", *command],
                          env={**os.environ, **env}, cwd=ROOT, capture_output=True, text=True,
                          check=True)
    figures = json.loads(done.stdout)
    if figures["returncode"] != 0:
        raise SystemExit(f"{command[:3]} failed: {figures['stderr']}")
    return figures


def bare_html(html: str, out: Path) -> Path:
    """The same HTML with our assets as plain files, for WeasyPrint's default fetcher."""
    static = (PROJECT_ROOT / "hiring" / "static").resolve().as_uri() + "/"
    text = html.replace(ASSET_BASE, static)
    if "packet.invalid" in text:
        raise SystemExit("the packet HTML points at assets this bench does not map")
    path = out / "packet.html"
    path.write_text(text, encoding="utf-8")
    return path


def batch(hiring: str, env: dict[str, str], requisition_id: int, jobs: int,
          out: Path) -> dict[str, float]:
    """``hiring packet --requisition``: packets per second as the command reports it (its
    render phase), else over its whole run."""
    started = time.perf_counter()
    done = subprocess.run([hiring, "packet", "--requisition", str(requisition_id), "-o",
                           str(out / f"jobs{jobs}"), "--jobs", str(jobs), "--as", READER],
                          env={**os.environ, **env}, cwd=ROOT, capture_output=True, text=True,
                          check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"hiring packet --requisition failed: {done.stdout}{done.stderr}")
    packets = len(list((out / f"jobs{jobs}").glob("*.pdf")))
    reported = re.search(r"([\d.]+) per second", done.stdout)
    rate = float(reported.group(1)) if reported else packets / wall
    return {"jobs": jobs, "packets": packets, "wall": wall, "per_second": rate,
            "reported": bool(reported)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url", nargs="?")
    parser.add_argument("--candidates", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=OUT / "packets")
    args = parser.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite:///{out / 'packets.sqlite3'}"
    instance = out / "instance"
    app = bench_app(url, instance)
    ids = seed(app, args.candidates)
    requisition_id, first = ids[0], ids[1]
    env = {"HIRING_ENV": "production", "HIRING_SECRET_KEY": secrets.token_urlsafe(48),
           "HIRING_DATABASE_URL": url, "HIRING_INSTANCE_PATH": str(instance)}
    with app.app_context():  # type: ignore[attr-defined]
        html = bare_html(packet_html(db.session.get(Candidate, first)), out)
        db.session.rollback()
    hiring = str(Path(sys.executable).parent / "hiring")
    cli, bare = [], []
    for n in range(args.repeat + 1):  # the first of each warms the page cache, not counted
        drop_cache(app)
        one = tree_cpu([hiring, "packet", str(first), "--as", READER, "-o",
                        str(out / "cli.pdf")], env)
        other = tree_cpu([sys.executable, "-c", BARE_RENDER, str(html), str(out / "bare.pdf")],
                         {})
        if n:
            cli.append(one)
            bare.append(other)
    result: dict[str, object] = {
        "scorecards": CARDS,
        "cli": {"cpu": statistics.median(r["cpu"] for r in cli),
                "wall": statistics.median(r["wall"] for r in cli)},
        "bare": {"cpu": statistics.median(r["cpu"] for r in bare),
                 "wall": statistics.median(r["wall"] for r in bare)}}
    print(f"hiring packet, {CARDS} scorecards: {result['cli']['cpu']:.2f} s CPU of the "  # type: ignore[index]
          f"process tree; bare WeasyPrint render of the same HTML: "
          f"{result['bare']['cpu']:.2f} s (medians of {args.repeat})", flush=True)  # type: ignore[index]
    runs = []
    for jobs in (1, 2):
        drop_cache(app)
        runs.append(batch(hiring, env, requisition_id, jobs, out))
        print(f"batch of {args.candidates} (--jobs {jobs}): {runs[-1]['per_second']:.2f} "
              f"packets/s ({runs[-1]['wall']:.1f} s in all)", flush=True)
    result["batch"] = {"one": runs[0], "two": runs[1]}
    save(backend_of(url), "packets", result)
    with app.app_context():  # type: ignore[attr-defined]
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
