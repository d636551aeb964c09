"""The WSGI entry point freezes the warm heap (gc.freeze), unless GC_FREEZE is off.

A full collection otherwise walks every module, mapper and template of the app: a stall of
about 150 ms every 100-150 requests under gunicorn (bench/load.py measures both).
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys

from flask import Flask

from hiring.gc_safety import freeze_warm_heap
from tests.conftest import TEST_SECRET


def test_the_wsgi_app_process_runs_with_a_frozen_heap(tmp_path):
    env = {**os.environ, "HIRING_ENV": "testing", "HIRING_SECRET_KEY": TEST_SECRET,
           "HIRING_DATABASE_URL": f"sqlite:///{tmp_path / 'hiring.sqlite3'}",
           "HIRING_INSTANCE_PATH": str(tmp_path / "instance")}
    done = subprocess.run(
        [sys.executable, "-c", "import gc, hiring.wsgi; print(gc.get_freeze_count(), "
         "gc.isenabled(), len(hiring.wsgi.app.jinja_env.cache))"],
        env=env, capture_output=True, text=True, timeout=120, check=True)
    frozen, enabled, templates = done.stdout.split()
    assert int(frozen) > 10_000  # the app's modules and objects, not a handful
    assert enabled == "False"  # the safe-point collection of gc_safety.py still rules
    assert int(templates) > 0  # compiled before the freeze


def test_gc_freeze_off_leaves_the_heap_alone():
    app = Flask(__name__)
    app.config["GC_FREEZE"] = False
    before = gc.get_freeze_count()
    assert freeze_warm_heap(app) is False
    assert gc.get_freeze_count() == before
