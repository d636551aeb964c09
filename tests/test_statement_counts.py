"""What each page costs in SELECT statements, pinned, and the same for more data.

Eager loading is opt-in per query (no relationship loads eagerly by default), so a page
that grows a statement per row, or pays for relationships it never shows, fails here.
Each page is counted at two data sizes: a world with one of everything, then with a few
more requisitions (each pinned to its own rubric version), candidates, interviews,
scorecards (with scores and a red flag), people and audit events. The count is taken on
the second request of a page (the first fills per-process caches such as parsed rubrics).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event

from hiring.database import utcnow
from hiring.extensions import db
from hiring.models import AuditEvent, ScorecardFlag, ScorecardScore
from tests.support.factories import Factory
from tests.views.committee_support import STRONG
from tests.views.recruiter_support import store_new_version

# page -> SELECT statements; the same on SQLite and PostgreSQL, whatever the data size.
PINNED = {
    "candidate list": 4,
    "requisition list": 3,
    "overdue list": 3,
    "interviewer queue": 5,
    "users list": 4,
    "audit trail": 6,  # 6th: the people its sentences name, all at once
    "candidate page": 13,  # 13th: its documents (names and sizes, never their bytes)
    "kit": 8,  # 8th: the candidate's documents
    "debrief": 13,  # 12th: the rubric version note (the current version of its rubric);
    # 13th: the candidate's documents (part of the debrief view, as the packet lists them)
}
STAGES = list(STRONG)


@contextmanager
def selects(app: Flask) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


class World:
    """People, and a first requisition with one candidate, interview and scorecard each."""

    def __init__(self, make: Factory) -> None:
        self.make = make
        self.rita = make.user("recruiter", name="Rita Recruiter")
        self.ivan = make.user("interviewer", name="Ivan Interviewer")
        self.cleo = make.user("committee", name="Cleo Committee")
        self.adam = make.user("admin", name="Adam Admin")
        self.requisitions: list[Any] = []
        self.first = self.add_candidate()
        self.focus = self.first["candidate"]  # the candidate, kit and debrief pages' own
        self.kit = self.first["interview"]
        coding = {"coding": 3}  # the kit's own draft: one score at first, no red flag
        self.draft = make.scorecard(self.kit, coding, submitted=False)
        self.audit_event()  # the trail names people: one event to look them up at first

    def audit_event(self) -> None:
        with self.make.session() as s:
            s.add(AuditEvent(actor_id=self.adam.id, actor_label="adam@example.com",
                             action="user.updated", object_type="user",
                             object_id=str(self.rita.id), before={"name": "R"},
                             after={"name": "Rita"}))

    def add_requisition(self, app: Flask) -> Any:
        version = store_new_version(app)  # each requisition on its own rubric version
        req = self.make.requisition(recruiters=[self.rita], committee=[self.cleo],
                                    hiring_manager=self.make.user("interviewer"),
                                    title=f"Requisition {len(self.requisitions) + 2}")
        with self.make.session() as s:
            s.merge(req).rubric_version_id = version.id
        self.requisitions.append(req)
        return req

    def add_candidate(self, req: Any = None) -> dict[str, Any]:
        make = self.make
        if req is None:
            req = make.requisition(recruiters=[self.rita], committee=[self.cleo])
            self.requisitions.append(req)
        candidate = make.candidate(req, stage="debrief")
        long_ago = utcnow() - dt.timedelta(days=3)
        mine = make.interview(candidate, self.ivan, STAGES[0], when=long_ago)  # overdue
        make.interview(candidate, self.ivan, STAGES[1],  # upcoming
                       when=utcnow() + dt.timedelta(days=2))
        self.score(candidate, STAGES[2])
        return {"candidate": candidate, "interview": mine}

    def score(self, candidate: Any, stage: str) -> None:
        person = self.make.user("interviewer")
        interview = self.make.interview(candidate, person, stage)
        self.make.scorecard(interview, STRONG[stage], flags=[("over_engineers", "A note.")])

    def grow(self, app: Flask, rows: int) -> None:
        """More of everything every page lists or reads."""
        for n in range(rows):
            req = self.add_requisition(app) if n % 3 == 0 else self.requisitions[-1]
            self.add_candidate(req)
            self.audit_event()
        self.score(self.focus, STAGES[3])  # the focus candidate's panel grows too
        with self.make.session() as s:  # and the kit's draft gains a score and red flags
            s.add(ScorecardScore(scorecard_id=self.draft.id, criterion_id="cultural_fit",
                                 score=4, evidence="More."))
            s.add_all(ScorecardFlag(scorecard_id=self.draft.id, flag_id=flag, note="A note.")
                      for flag in ("arrogant", "blames_others"))


def pages(world: World) -> dict[str, tuple[Any, str]]:
    return {
        "candidate list": (world.rita, "/candidates"),
        "requisition list": (world.rita, "/requisitions?status=all"),
        "overdue list": (world.rita, "/overdue"),
        "interviewer queue": (world.ivan, "/my/interviews"),
        "users list": (world.adam, "/admin/users"),
        "audit trail": (world.adam, "/admin/audit"),
        "candidate page": (world.rita, f"/candidates/{world.focus.id}"),
        "kit": (world.ivan, f"/my/interviews/{world.kit.id}"),
        "debrief": (world.cleo, f"/candidates/{world.focus.id}/debrief"),
    }


def count_pages(app: Flask, world: World) -> tuple[dict[str, int], dict[str, list[str]]]:
    counts, statements = {}, {}
    clients: dict[int, Any] = {}
    for name, (user, url) in pages(world).items():
        if user.id not in clients:
            clients[user.id] = app.test_client()
            clients[user.id].login(user)
        client = clients[user.id]
        assert client.get(url).status_code == 200, name  # warm-up: per-process caches
        with selects(app) as seen:
            assert client.get(url).status_code == 200, name
        counts[name], statements[name] = len(seen), seen
    return counts, statements


def test_every_page_runs_a_pinned_number_of_selects_whatever_the_data(app, make):
    world = World(make)
    few, _ = count_pages(app, world)
    world.grow(app, 9)  # 3 more requisitions (new rubric versions), 9 more candidates, ...
    many, statements = count_pages(app, world)
    grew = {name: (few[name], many[name]) for name in few if few[name] != many[name]}
    assert not grew, (grew, {name: brief(statements[name]) for name in grew})
    assert many == PINNED, (many, {name: brief(found) for name, found in statements.items()})


def brief(statements: list[str]) -> list[str]:
    """Each statement's start and its FROM clause: enough to see what ran."""
    shown = []
    for statement in statements:
        words = " ".join(statement.split())
        tail = words[words.find(" FROM "):][:90] if " FROM " in words else ""
        shown.append(f"{words[:40]} ...{tail}")
    return shown
