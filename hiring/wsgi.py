"""The WSGI entry point for gunicorn: ``gunicorn --preload 'hiring.wsgi:app'``.

A broken rubric file stops the whole server at start-up with the messages of
``hiring rubric check``. The check raises a RuntimeError, which gunicorn turns into a halt
either way it loads the app: with ``--preload`` the master loads it before it opens the
port and exits 1; without, a worker that fails to boot exits 3 and the master halts and
closes the port. (A SystemExit here only ended the worker, and gunicorn started another,
in a loop, with the port open.)
"""

import sys

from flask import current_app

from hiring.app import create_app
from hiring.domain.problems import RubricError


class BrokenRubricFiles(RuntimeError):
    """The rubric files do not validate; the app must not serve."""


def check_rubrics() -> None:
    """Print every problem as ``FILE: FIELD: message`` and raise BrokenRubricFiles."""
    from pathlib import Path

    from hiring.rubric_files import load_directory

    try:
        load_directory(Path(current_app.config["RUBRICS_DIR"]))
    except RubricError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)  # noqa: T201 - start-up output for the operator
        sys.stderr.flush()
        raise BrokenRubricFiles("The app does not start with a broken rubric file "
                                "(see: hiring rubric check).") from None


app = create_app()
with app.app_context():
    check_rubrics()
