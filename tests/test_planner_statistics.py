"""``hiring optimize`` refreshes the query planner's statistics; with them, SQLite reads the
candidate list's newest page from ix_candidates_newest instead of sorting every candidate."""

from __future__ import annotations

from sqlalchemy import text

from hiring.cli import main
from hiring.extensions import db
from hiring.queries.candidates import CandidateFilters, candidate_query


def test_optimize_refreshes_the_statistics(app, make):
    req = make.requisition()
    for n in range(3):
        make.candidate(req, name=f"Candidate {n}")
    result = app.test_cli_runner().invoke(main, ["optimize"])
    assert result.exit_code == 0, result.output
    assert "statistics refreshed" in result.output
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            rows = db.session.execute(text(
                "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'candidates'")).scalar()
        else:
            rows = db.session.execute(text(
                "SELECT count(*) FROM pg_stats WHERE tablename = 'candidates'")).scalar()
        assert rows


def test_with_statistics_the_newest_page_walks_its_index(app, make):
    reqs = [make.requisition(title=f"Team {n}") for n in range(4)]
    with make.session() as s:
        from hiring.models import Candidate

        s.add_all([Candidate(requisition_id=reqs[n % 4].id, name=f"Candidate {n}")
                   for n in range(2000)])
    assert app.test_cli_runner().invoke(main, ["optimize"]).exit_code == 0
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return  # PostgreSQL plans from its own statistics; the index is there for it
        query = candidate_query([r.id for r in reqs[:3]], CandidateFilters()).limit(50)
        compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
        plan = " ".join(row[3] for row in db.session.execute(
            text(f"EXPLAIN QUERY PLAN {compiled}")))
        assert "ix_candidates_newest" in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # no sort of every candidate
