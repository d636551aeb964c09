"""The WSGI entry point for gunicorn: ``gunicorn 'hiring.wsgi:app'``."""

from hiring.app import create_app
from hiring.cli import check_rubrics_or_exit

app = create_app()
with app.app_context():
    check_rubrics_or_exit()
