"""Rubric files become immutable versions; a broken file stops sync and start-up alike."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from hiring.app import create_app
from hiring.cli import main
from hiring.extensions import db
from hiring.models import Requisition, RubricVersion
from hiring.rubric_files import PROJECT_ROOT
from tests.conftest import TEST_SECRET, app_config

BROKEN_LINE = "rubrics/senior-engineer.yaml: criteria[0].weight: must be > 0"


def rubric_dir(tmp_path: Path, broken: bool = False, bar: str = "4.0") -> Path:
    folder = tmp_path / "rubrics"
    shutil.copytree(PROJECT_ROOT / "rubrics", folder, dirs_exist_ok=True)
    reference = folder / "senior-engineer.yaml"
    text = reference.read_text(encoding="utf-8").replace("  bar: 4.0\n", f"  bar: {bar}\n")
    if broken:
        text = text.replace("    weight: 25\n", "    weight: 0\n", 1)
    reference.write_text(text, encoding="utf-8")
    return folder


def versions(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(v.rubric_key, v.version) for v in db.session.scalars(
            select(RubricVersion).order_by(RubricVersion.id))]


def test_sync_stores_each_content_once_and_pins_nothing_retroactively(app, make, tmp_path,
                                                                     monkeypatch):
    req = make.requisition()
    before = versions(app)
    runner = app.test_cli_runner()
    monkeypatch.chdir(tmp_path)
    app.config["RUBRICS_DIR"] = str(rubric_dir(tmp_path))
    result = runner.invoke(main, ["rubric", "sync"])
    assert result.exit_code == 0, result.output
    assert "current senior-engineer" in result.output
    assert versions(app) == before  # the same content is stored once
    app.config["RUBRICS_DIR"] = str(rubric_dir(tmp_path, bar="3.5"))
    result = runner.invoke(main, ["rubric", "sync"])
    assert "stored  senior-engineer" in result.output
    after = versions(app)
    assert len(after) == len(before) + 1
    with app.app_context():
        pinned = db.session.get(Requisition, req.id).rubric_version
        assert pinned.version == dict(before)["senior-engineer"]  # a past pin never moves
        assert pinned.rubric.decision.bar == 4
        assert db.session.scalar(select(func.count(RubricVersion.id)).where(
            RubricVersion.source == "rubrics/senior-engineer.yaml")) == 2


def test_a_broken_file_stops_sync_with_file_and_field_and_stores_nothing(app, tmp_path,
                                                                        monkeypatch):
    before = versions(app)
    monkeypatch.chdir(tmp_path)
    app.config["RUBRICS_DIR"] = str(rubric_dir(tmp_path, broken=True, bar="3.5"))
    result = app.test_cli_runner().invoke(main, ["rubric", "sync"])
    assert result.exit_code == 2
    assert BROKEN_LINE in result.output
    assert "nothing was stored" in result.output
    assert versions(app) == before


def test_a_broken_file_stops_the_app_from_starting(tmp_path, database_url):
    folder = rubric_dir(tmp_path, broken=True)
    env = {**os.environ, "HIRING_ENV": "testing", "HIRING_SECRET_KEY": TEST_SECRET,
           "HIRING_DATABASE_URL": database_url, "HIRING_RUBRICS_DIR": str(folder),
           "HIRING_INSTANCE_PATH": str(tmp_path / "instance")}
    started = subprocess.run([sys.executable, "-c", "import hiring.wsgi"], cwd=tmp_path,
                             env=env, capture_output=True, text=True, timeout=60, check=False)
    # An exception, not SystemExit: gunicorn halts on it (tests/test_gunicorn_startup.py).
    assert started.returncode != 0
    assert BROKEN_LINE in started.stderr
    assert "does not start with a broken rubric file" in started.stderr
    hiring = Path(sys.executable).parent / "hiring"
    run = subprocess.run([str(hiring), "run", "--port", "1"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 2
    assert BROKEN_LINE in run.stderr


def test_the_factory_itself_reads_no_rubric_file(tmp_path):
    folder = rubric_dir(tmp_path, broken=True)
    app = create_app(app_config("sqlite:///" + str(tmp_path / "x.sqlite3"), tmp_path / "i",
                                RUBRICS_DIR=str(folder)))
    assert app.config["RUBRICS_DIR"] == str(folder)  # no I/O in create_app: it still builds
