"""The baseline of the load bench: a bare Flask "hello" app, served by the same gunicorn
command as the hiring app (bench/common.py ``serve``), so the hiring pages' requests per
second read as a fraction of what this machine, gunicorn and Flask manage with no app work.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"


@app.get("/login")
def ready() -> str:  # the readiness probe ``serve`` uses for both apps
    return "ready"
