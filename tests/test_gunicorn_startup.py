"""Under gunicorn a broken rubric file stops the whole server at start-up with the messages
of ``hiring rubric check``: the master exits non-zero and the port is not left open (a
worker that only exited was restarted by the master, in a loop, with the port open)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from hiring.rubric_files import PROJECT_ROOT
from tests.conftest import FAST_HASHING, TEST_SECRET
from tests.support.postgres import free_port

pytestmark = pytest.mark.server


def broken_rubrics(directory: Path) -> Path:
    """The shipped rubrics, one of them with a weight that is not a number."""
    shutil.copytree(PROJECT_ROOT / "rubrics", directory)
    path = directory / "senior-engineer.yaml"
    text = path.read_text(encoding="utf-8")
    assert "weight: 25" in text
    path.write_text(text.replace("weight: 25", "weight: lots", 1), encoding="utf-8")
    return directory


def serve(tmp_path: Path, *options: str) -> tuple[subprocess.CompletedProcess[str], int]:
    port = free_port()
    env = {**os.environ, "HIRING_ENV": "testing", "HIRING_SECRET_KEY": TEST_SECRET,
           "HIRING_DATABASE_URL": f"sqlite:///{tmp_path / 'hiring.sqlite3'}",
           "HIRING_INSTANCE_PATH": str(tmp_path / "instance"),
           "HIRING_RUBRICS_DIR": str(broken_rubrics(tmp_path / "rubrics")),
           **{f"HIRING_{k}": str(v) for k, v in FAST_HASHING.items()}}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    done = subprocess.run(
        [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "2", *options,
         "hiring.wsgi:app"],
        env=env, capture_output=True, text=True, timeout=120, check=False)
    return done, port


def port_is_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("options", [("--preload",), ()], ids=["preload", "no-preload"])
def test_a_broken_rubric_file_stops_gunicorn_with_the_check_messages(tmp_path, options):
    done, port = serve(tmp_path, *options)
    assert done.returncode != 0
    assert "senior-engineer.yaml: criteria[0].weight: " in done.stderr
    assert "The app does not start with a broken rubric file" in done.stderr
    assert "Booting worker" not in done.stderr or not options  # preload: no worker at all
    assert not port_is_open(port)
