"""What a web worker imports. Under ``gunicorn --preload`` every worker holds the master's
modules, so a library only one rare action needs (a PDF upload, a password change, the MFA
set-up, an invitation) or that the server never uses (Alembic) is imported on use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import TEST_SECRET

ON_USE_ONLY = ("alembic", "flask_migrate", "mako", "pypdf", "zxcvbn", "segno", "icalendar",
               "weasyprint", "procrastinate")


def test_the_wsgi_app_leaves_rare_libraries_out(tmp_path: Path) -> None:
    env = {**os.environ, "HIRING_ENV": "testing", "HIRING_SECRET_KEY": TEST_SECRET,
           "HIRING_DATABASE_URL": f"sqlite:///{tmp_path / 'hiring.sqlite3'}",
           "HIRING_INSTANCE_PATH": str(tmp_path / "instance")}
    code = ("import sys, hiring.wsgi; "
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = set(result.stdout.split())
    assert {"flask", "hiring"} <= loaded  # the probe itself works
    assert loaded.isdisjoint(ON_USE_ONLY), sorted(loaded & set(ON_USE_ONLY))


def test_the_cli_app_still_migrates(app: object) -> None:
    assert "migrate" in app.extensions  # type: ignore[attr-defined]


def _hiring(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HIRING_ENV": "testing", "HIRING_SECRET_KEY": TEST_SECRET,
           "HIRING_DATABASE_URL": f"sqlite:///{tmp_path / 'hiring.sqlite3'}",
           "HIRING_INSTANCE_PATH": str(tmp_path / "instance")}
    code = ("import sys\nfrom hiring.cli import main\nsys.argv = ['hiring', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
            "print('ALEMBIC' if 'alembic' in sys.modules else 'NO ALEMBIC', code)\n")
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_only_the_db_commands_load_alembic(tmp_path: Path) -> None:
    """`hiring db ...` migrates; every other command (a packet, the worker) starts without
    Alembic, a fifth of their start-up."""
    upgraded = _hiring(tmp_path, "db", "upgrade")
    assert upgraded.stdout.strip().endswith("ALEMBIC 0"), upgraded.stderr[-2000:]
    verified = _hiring(tmp_path, "evaluations", "verify")
    assert verified.stdout.strip().endswith("NO ALEMBIC 0"), verified.stdout + verified.stderr
    assert "db" in _hiring(tmp_path, "--help").stdout  # still listed
