"""Parallel submits against the app served by gunicorn (2 workers x 4 threads): distinct
scorecards all land, and re-sends of one submit store exactly one submission."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select

from hiring.extensions import db
from hiring.models import Scorecard, ScorecardRevision
from hiring.services import evaluations
from tests.support.client import TOKEN_IN_PAGE
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.server

INTERVIEWERS = 24
RESENDS = 10
LOCK = re.compile(r'name="lock_version" value="(\d*)"')


def logged_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    token = TOKEN_IN_PAGE.search(session.get(f"{base}/login", timeout=30).text).group(1)
    response = session.post(f"{base}/login", timeout=30, allow_redirects=False,
                            data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.text[:500]
    # Keep the cookies, not the connection: on a loaded machine the next request can come
    # after gunicorn's keep-alive has closed it, and a reused dead socket is a reset.
    session.close()
    return session


def scorecard_form(session: requests.Session, url: str, score: int) -> dict[str, str]:
    page = session.get(url, timeout=30).text
    session.close()
    return {"csrf_token": TOKEN_IN_PAGE.search(page).group(1),
            "lock_version": LOCK.search(page).group(1), "action": "submit",
            "score-coding": str(score), "evidence-coding": f"Evidence for a {score}.",
            "summary": "Written under load."}


def post(session: requests.Session, url: str, data: dict[str, str],
         start: threading.Barrier) -> tuple[int, str]:
    start.wait(timeout=60)
    response = session.post(url, data=data, timeout=60, allow_redirects=False)
    return response.status_code, response.text


def flash_after(session: requests.Session, url: str) -> str:
    """The message the redirect target shows this session (flashes live in its cookie)."""
    page = session.get(url, timeout=30).text
    found = re.search(r'<div class="flash flash-\w+"[^>]*>([^<]*)</div>', page)
    return found.group(1) if found else ""


def test_parallel_submits_all_land_and_resends_store_one(app, live_server, make):
    req = make.requisition(title="Load")
    candidates = [make.candidate(req, name=f"Load {n}") for n in range(4)]
    people = [make.user("interviewer", email=f"load{n}@example.com")
              for n in range(INTERVIEWERS + 1)]
    interviews = [make.interview(candidates[n % 4], person, "phone_screen")
                  for n, person in enumerate(people)]
    base = live_server.url
    log_start = live_server.log.stat().st_size

    with ThreadPoolExecutor(max_workers=INTERVIEWERS + 1) as pool:
        sessions = list(pool.map(lambda p: logged_in(base, p.email), people))
    urls = [f"{base}/my/interviews/{iv.id}" for iv in interviews]
    forms = [scorecard_form(s, u, 1 + n % 5)
             for n, (s, u) in enumerate(zip(sessions, urls, strict=True))]

    distinct = threading.Barrier(INTERVIEWERS)
    with ThreadPoolExecutor(max_workers=INTERVIEWERS) as pool:
        results = list(pool.map(lambda i: post(sessions[i], urls[i], forms[i], distinct),
                                range(INTERVIEWERS)))
    assert [status for status, _ in results] == [302] * INTERVIEWERS, results
    assert not [text for _, text in results if "database is locked" in text]

    # One interviewer's submit, re-sent ten times at once (same session, same form).
    last, url, data = sessions[-1], urls[-1], forms[-1]
    clones = []
    for _ in range(RESENDS):
        clone = requests.Session()
        clone.cookies.update(last.cookies)
        clones.append(clone)
    resend = threading.Barrier(RESENDS)
    with ThreadPoolExecutor(max_workers=RESENDS) as pool:
        again = list(pool.map(lambda c: post(c, url, data, resend), clones))
    assert [status for status, _ in again] == [302] * RESENDS, again
    messages = sorted(flash_after(c, url) for c in clones)
    assert sum("already submitted" in m for m in messages) == RESENDS - 1, messages

    with app.app_context():
        submitted = db.session.scalar(select(func.count(Scorecard.id))
                                      .where(Scorecard.status == "submitted"))
        revisions = db.session.scalar(select(func.count(ScorecardRevision.id)))
        last_card = db.session.scalars(select(Scorecard).where(
            Scorecard.interview_id == interviews[-1].id)).all()
        # Six submits per candidate at once: each summary still holds all six.
        assert [d.describe() for d in evaluations.verify()] == []
    assert submitted == INTERVIEWERS + 1
    assert revisions == INTERVIEWERS + 1
    assert len(last_card) == 1
    assert last_card[0].revision == 1
    with live_server.log.open("rb") as handle:
        handle.seek(log_start)
        log = handle.read().decode(errors="replace")
    assert "database is locked" not in log
    assert "Traceback" not in log
