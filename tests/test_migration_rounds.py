"""Migration b1_rounds on a database filled under the schema and rubrics from before rounds.

The data is written with the previous revision's tables (reflected, not today's models)
and the previous rubric files (tests/fixtures/pre_rounds), as a running install holds them.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from hiring.app import create_app
from hiring.domain.rubric_loader import load_rubric_file, rubric_from_snapshot
from hiring.extensions import db
from hiring.models import RubricVersion
from tests.conftest import app_config

PRE_ROUNDS = Path(__file__).parent / "fixtures" / "pre_rounds"
BEFORE = "a3_committee_decisions"
START = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rounds.sqlite3'}"
    server = request.getfixturevalue("postgres")
    server.create_database("hiring_rounds_migration")
    return server.url("hiring_rounds_migration")


def day(n: int, dialect: str) -> dt.datetime:
    when = START + dt.timedelta(days=n)
    return when.replace(tzinfo=None) if dialect == "sqlite" else when


class OldData:
    """Rows written through the tables as revision a3 made them."""

    def __init__(self, connection: sa.Connection) -> None:
        self.conn = connection
        self.dialect = connection.dialect.name
        self.meta = sa.MetaData()
        self.meta.reflect(connection)
        self.user = self.insert("users", email="rita@example.com", name="Rita", active=True,
                                password_hash="x", session_version=1, created_at=self.at(0))

    def at(self, n: int) -> dt.datetime:
        return day(n, self.dialect)

    def insert(self, table: str, **values: Any) -> int:
        result = self.conn.execute(sa.insert(self.meta.tables[table]).values(**values))
        return int(result.inserted_primary_key[0])

    def version(self, key: str, snapshot: dict[str, Any], version: str) -> int:
        return self.insert("rubric_versions", rubric_key=key, version=version, title=key,
                           source=f"rubrics/{key}.yaml", snapshot=snapshot, created_at=self.at(0))

    def requisition(self, title: str, version_id: int) -> int:
        return self.insert("requisitions", title=title, team="", description="", status="open",
                           scorecard_visibility="after_submit", rubric_version_id=version_id,
                           created_at=self.at(0), updated_at=self.at(0))

    def candidate(self, requisition_id: int, name: str, path: list[str]) -> int:
        """A candidate moved along ``path`` one day at a time, from applied."""
        stages = ["applied", *path]
        cid = self.insert("candidates", requisition_id=requisition_id, name=name, email="",
                          source="", links="", notes="", stage=stages[-1],
                          stage_entered_at=self.at(len(stages) - 1), created_at=self.at(0),
                          updated_at=self.at(0))
        previous = None
        for n, stage in enumerate(stages):
            self.insert("stage_moves", candidate_id=cid, from_stage=previous, to_stage=stage,
                        note="", moved_by_id=self.user, moved_at=self.at(n))
            previous = stage
        return cid


def old_rubric(name: str) -> tuple[dict[str, Any], str]:
    rubric = load_rubric_file(PRE_ROUNDS / f"{name}.yaml")
    assert not rubric.declared_rounds
    return dict(rubric.snapshot), rubric.version


def edited_copy(snapshot: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The old senior rubric with a stage the shipped rubric never had."""
    edited = copy.deepcopy(snapshot)
    extra = copy.deepcopy(edited["stages"][0])
    extra["id"] = "security_interview"
    edited["stages"].append(extra)
    return edited, rubric_from_snapshot(edited, "edited").version


TECHNICAL = ["phone_screen", "system_design_interview", "coding_interview"]
EVERYTHING = ["phone_screen", "system_design_interview", "coding_interview",
              "debugging_interview", "behavioral_interview", "architecture_review",
              "pair_programming", "values_interview"]
# name -> (stages walked under the old schema, the round expected after the upgrade)
SENIOR = {
    "Ann": ([], "applied"),
    "Ben": (["phone_screen"], "phone_screen"),
    "Cat": (TECHNICAL, "technical_interviews"),
    "Dan": ([*EVERYTHING[:6]], "final_round"),
    "Eve": ([*EVERYTHING, "debrief"], "debrief"),
    "Fay": ([*TECHNICAL, "debugging_interview", "rejected"], "rejected"),
    "Gil": ([*EVERYTHING[:3], "phone_screen"], "phone_screen"),  # moved back a round
}
MANAGER = {
    "Hal": (["hiring_manager_screen"], "manager_screen"),
    "Ida": (["hiring_manager_screen", "people_management_interview", "execution_interview"],
            "leadership_loop"),
}


def fill(connection: sa.Connection) -> dict[str, Any]:
    data = OldData(connection)
    senior, senior_version = old_rubric("senior-engineer")
    manager, manager_version = old_rubric("engineering-manager")
    edited, edited_version = edited_copy(senior)
    custom = {**copy.deepcopy(senior), "id": "backend-panel"}
    custom_version = rubric_from_snapshot(custom, "custom").version
    ids = {
        "senior": data.version("senior-engineer", senior, senior_version),
        "manager": data.version("engineering-manager", manager, manager_version),
        "edited": data.version("senior-engineer", edited, edited_version),
        "custom": data.version("backend-panel", custom, custom_version),
    }
    reqs = {key: data.requisition(key, vid) for key, vid in ids.items()}
    people = {name: data.candidate(reqs["senior"], name, path)
              for name, (path, _) in SENIOR.items()}
    people |= {name: data.candidate(reqs["manager"], name, path)
               for name, (path, _) in MANAGER.items()}
    people["Jo"] = data.candidate(reqs["edited"], "Jo", TECHNICAL)
    people["Kim"] = data.candidate(reqs["custom"], "Kim", TECHNICAL)
    interview = data.insert(
        "interviews", candidate_id=people["Cat"], stage="coding_interview",
        interviewer_id=data.user, scheduled_at=data.at(3), duration_minutes=60,
        ends_at=data.at(3) + dt.timedelta(minutes=60), status="scheduled", cancel_reason="",
        created_at=data.at(2))
    card = data.insert(
        "scorecards", interview_id=interview, interviewer_id=data.user,
        rubric_version_id=ids["senior"], status="submitted", summary="", revision=1,
        lock_version=1, created_at=data.at(3), updated_at=data.at(3),
        first_submitted_at=data.at(3), submitted_at=data.at(3))
    return {"ids": ids, "reqs": reqs, "people": people, "card": card,
            "versions": {"senior": senior_version, "manager": manager_version}}


def test_upgrade_moves_every_candidate_into_the_round_of_their_stage(
        database_url: str, tmp_path: Path) -> None:
    app = create_app(app_config(database_url, tmp_path / "instance"))
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            filled = fill(connection)
        upgrade()

        meta = sa.MetaData()
        meta.reflect(db.engine)
        t = meta.tables
        with db.engine.connect() as conn:
            stage_of = dict(conn.execute(sa.select(t["candidates"].c.name,
                                                   t["candidates"].c.stage)).all())
            pinned = dict(conn.execute(sa.select(t["requisitions"].c.title,
                                                 t["requisitions"].c.rubric_version_id)).all())
            moves = {name: [(m.from_stage, m.to_stage, m.moved_at.replace(tzinfo=None))
                            for m in conn.execute(
                                sa.select(t["stage_moves"]).where(
                                    t["stage_moves"].c.candidate_id == cid)
                                .order_by(t["stage_moves"].c.moved_at))]
                     for name, cid in filled["people"].items()}
            entered = dict(conn.execute(sa.select(t["candidates"].c.name,
                                                  t["candidates"].c.stage_entered_at)).all())
            card_version = conn.execute(sa.select(t["scorecards"].c.rubric_version_id)).scalar()
            interview_stage = conn.execute(sa.select(t["interviews"].c.stage)).scalar()
            audits = conn.execute(sa.select(t["audit_events"].c.object_id,
                                            t["audit_events"].c.after)).all()

        for name, (_, expected) in (SENIOR | MANAGER).items():
            assert stage_of[name] == expected, name
        # Requisitions on versions the migration cannot lay out stay as they were.
        assert stage_of["Jo"] == stage_of["Kim"] == "coding_interview"
        assert pinned["edited"] == filled["ids"]["edited"]
        assert pinned["custom"] == filled["ids"]["custom"]

        # The shipped rubrics' requisitions are pinned to a new version with rounds and the
        # same meaning; the old versions stay stored and readable.
        for key, rubric_key in (("senior", "senior-engineer"), ("manager", "engineering-manager")):
            assert pinned[key] != filled["ids"][key]
            new = db.session.get(RubricVersion, pinned[key])
            old = db.session.get(RubricVersion, filled["ids"][key])
            assert new.rubric_key == rubric_key
            assert new.source.endswith(filled["versions"][key])
            assert new.rubric.declared_rounds
            assert not old.rubric.declared_rounds
            assert new.rubric.criteria == old.rubric.criteria
            assert new.rubric.stages == old.rubric.stages
            assert new.rubric.decision == old.rubric.decision
            for path, expected in (SENIOR if key == "senior" else MANAGER).values():
                if path and path[-1] in {s.id for s in old.rubric.stages}:
                    assert new.rubric.round_of(path[-1]).id == expected
        senior_rounds = db.session.get(RubricVersion, pinned["senior"]).rubric.rounds
        assert [r.id for r in senior_rounds] == [
            "phone_screen", "technical_interviews", "final_round"]  # no take-home stage then

        # Time in stage counts rounds: moves inside one round became one stay.
        naive = [day(n, "sqlite") for n in range(12)]
        assert moves["Cat"] == [(None, "applied", naive[0]), ("applied", "phone_screen", naive[1]),
                                ("phone_screen", "technical_interviews", naive[2])]
        assert entered["Cat"].replace(tzinfo=None) == naive[2]
        assert [m[1] for m in moves["Eve"]] == [
            "applied", "phone_screen", "technical_interviews", "final_round", "debrief"]
        assert moves["Gil"][-1] == ("technical_interviews", "phone_screen", naive[4])
        assert [m[1] for m in moves["Kim"]] == ["applied", *TECHNICAL]

        # Scores keep the version they were given under; interviews keep their stage.
        assert card_version == filled["ids"]["senior"]
        assert interview_stage == "coding_interview"
        by_requisition = {int(object_id): after for object_id, after in audits}
        assert by_requisition[filled["reqs"]["senior"]]["candidates_moved_to_rounds"] == 2
        assert set(by_requisition) == {filled["reqs"]["senior"], filled["reqs"]["manager"]}

        db.session.remove()  # its read transaction would hold SQLite's lock
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            back = dict(conn.execute(sa.text("SELECT name, stage FROM candidates")).all())
            repinned = dict(conn.execute(sa.text(
                "SELECT title, rubric_version_id FROM requisitions")).all())
        assert back["Cat"] == "system_design_interview"  # the first interview of its round
        assert back["Hal"] == "hiring_manager_screen"
        assert repinned["senior"] == filled["ids"]["senior"]
        db.engine.dispose()
