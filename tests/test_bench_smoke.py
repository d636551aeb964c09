"""The in-process page bench runs on both databases (a small data set): every page it
measures answers 200, the packet's cache hit included. On PostgreSQL it broke once unseen
(its seed lacked the task queue's schema, so the warm-up packet failed and the bench waited)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.pages import measure, targets
from bench.seed import bench_app, seed
from hiring.extensions import db


@pytest.fixture(params=["sqlite", "postgresql"])
def bench_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    server = request.getfixturevalue("postgres")
    server.create_database("hiring_bench_smoke")
    return server.url("hiring_bench_smoke")


def test_the_page_bench_measures_every_page(bench_database: str, tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    counts = seed(bench_database, candidates=120, requisitions=3, instance=instance)
    assert counts["candidates"] == 120
    app = bench_app(bench_database, instance)
    try:
        rows = measure(app, repeat=1, hits=1)  # exits on any answer but 200 (or no PDF)
        assert [row["page"] for row in rows] == [label for _, label, _ in targets(app)]
    finally:
        with app.app_context():  # type: ignore[attr-defined]
            db.session.remove()
            db.engine.dispose()
    assert all(row["queries"] > 0 for row in rows)
