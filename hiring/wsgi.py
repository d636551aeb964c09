"""The WSGI entry point for gunicorn: ``gunicorn --preload 'hiring.wsgi:app'``.

A broken rubric file stops the whole server at start-up with the messages of
``hiring rubric check``. The check raises a RuntimeError, which gunicorn turns into a halt
either way it loads the app: with ``--preload`` the master loads it before it opens the
port and exits 1; without, a worker that fails to boot exits 3 and the master halts and
closes the port. (A SystemExit here only ended the worker, and gunicorn started another,
in a loop, with the port open.)

Once the app is loaded, its warm heap is frozen (``GC_FREEZE``, hiring/gc_safety.py); with
``--preload`` the master does it before it forks, and every worker inherits the frozen heap.
"""

from pathlib import Path

from hiring.app import create_app
from hiring.gc_safety import freeze_warm_heap
from hiring.rubric_files import check_rubrics_at_start

app = create_app(migrations=False)  # the server never migrates: `hiring db upgrade` does
check_rubrics_at_start(Path(app.config["RUBRICS_DIR"]))
freeze_warm_heap(app)  # GC_FREEZE (on by default): see hiring/gc_safety.py
