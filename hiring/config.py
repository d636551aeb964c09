"""Configuration: defaults -> instance/config.py -> HIRING_* environment -> overrides.

Outside development and testing the app refuses to run on a weak or missing SECRET_KEY:
a guessable key lets anyone forge a session, so there is no silent fallback.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from flask import Flask

from hiring.domain import documents
from hiring.rubric_files import default_rubrics_dir

ENVIRONMENTS = ("production", "development", "testing")
MIN_SECRET_LENGTH = 32
WEAK_SECRETS = {"dev", "secret", "changeme", "change-me", "development", "test", "testing"}


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says which setting and why."""


def defaults() -> dict[str, Any]:
    return {
        "ENV": "production",
        "SECRET_KEY": None,
        "SQLALCHEMY_DATABASE_URI": None,  # None: instance/hiring.sqlite3
        # SQL logs and database errors never show bound values: hashes, candidate data.
        "SQLALCHEMY_ENGINE_OPTIONS": {"hide_parameters": True},
        "SQLITE_BUSY_TIMEOUT_MS": 15000,
        "POSTGRES_LOCK_TIMEOUT_MS": 15000,  # a longer lock wait answers 503 (hiring/errors.py)
        "RUBRICS_DIR": str(default_rubrics_dir()),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,  # set True by the app when served over https
        "SESSION_COOKIE_NAME": "hiring_session",
        "PERMANENT_SESSION_LIFETIME": 12 * 3600,
        "REMEMBER_COOKIE_DURATION": 0,
        "WTF_CSRF_TIME_LIMIT": 12 * 3600,  # a long interview write-up must not lose its token
        # Every request body; routes that take a file allow theirs (hiring/uploads.py).
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        # A candidate's document (PDF): stored in the database, so keep it modest.
        "DOCUMENT_MAX_BYTES": documents.MAX_BYTES,
        "PREFERRED_URL_SCHEME": "http",
        # Password hashing: argon2id; OWASP's minimum is m=19 MiB, t=2. Tests lower it.
        "ARGON2_TIME_COST": 3,
        "ARGON2_MEMORY_COST": 64 * 1024,
        "ARGON2_PARALLELISM": 2,
        # Failed logins: per (account, address) the first PER_ACCOUNT are free, then each
        # waits twice as long as the one before (BASE_DELAY, 2x, 4x, ... up to the window);
        # per address, whatever the account, PER_ADDRESS failures in a window (a colleague
        # behind the same proxy must not be locked out by someone else's typos).
        "LOGIN_THROTTLE_WINDOW_MINUTES": 15,
        "LOGIN_THROTTLE_PER_ACCOUNT": 5,
        "LOGIN_THROTTLE_BASE_DELAY_SECONDS": 30,
        "LOGIN_THROTTLE_PER_ADDRESS": 100,
        # Server-side sessions (ASVS V7.3): idle timeout, absolute lifetime, and how often
        # the last-seen time is written (never on every request).
        "SESSION_IDLE_MINUTES": 60,
        "SESSION_MAX_HOURS": 12,
        "SESSION_TOUCH_MINUTES": 5,
        # Two-step verification: the key that encrypts stored TOTP secrets (None: derived
        # from SECRET_KEY), the issuer name authenticator apps show, and how long the login
        # waits for the code once the password was right.
        "MFA_SECRET_KEY": None,
        "MFA_ISSUER": "hiring",
        "MFA_PENDING_SECONDS": 300,
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto we believe
        # (Werkzeug's ProxyFix); 0: the client address is the connection's. The headers
        # count only on connections from TRUSTED_PROXY_ADDRESSES (see hiring/proxy.py).
        "TRUSTED_PROXIES": 0,
        "TRUSTED_PROXY_ADDRESSES": "127.0.0.1,::1",
        "OVERDUE_HOURS": 24,
        # Days a candidate's personal data is kept after their final state (hired, rejected,
        # withdrawn, offer): ``hiring privacy purge`` erases it afterwards.
        "RETENTION_DAYS": 365,
        "PAGE_SIZE": 50,
        "SAFE_POINT_GC": True,  # see hiring/gc_safety.py
        "GC_FREEZE": True,  # gc.freeze() once the app is warm: see hiring/gc_safety.py
        "PDF_TIMEOUT_SECONDS": 30,
        "PDF_MAX_BYTES": 20 * 1024 * 1024,
        "PDF_MAX_PAGES": 200,
        "PDF_MAX_HTML_BYTES": 5 * 1024 * 1024,
        # Render workers per process (0: two, or one on a single core) and the packets each
        # renders before a fresh one replaces it: see hiring/packet/renderer.py.
        "PDF_WORKERS": 0,
        "PDF_WORKER_MAX_PACKETS": 50,
        # Mail (hiring/mail/): without SMTP_HOST messages stay in the outbox, which admins
        # read at /admin/outbox. BASE_URL makes the links in mails absolute.
        "SMTP_HOST": "",
        "SMTP_PORT": 25,
        "SMTP_USER": "",
        "SMTP_PASSWORD": "",
        "SMTP_STARTTLS": False,
        "SMTP_TIMEOUT_SECONDS": 30,
        "MAIL_FROM": "hiring@localhost",
        "BASE_URL": "http://localhost:5000",
        "MAIL_MAX_ATTEMPTS": 10,  # then "failed", shown to admins, retried only by hand
        "REMINDER_MAX": 5,
        # Background jobs (hiring/tasks/): "auto" runs them on procrastinate, a queue in
        # PostgreSQL served by ``hiring worker``, when the database is PostgreSQL, and in
        # this process on SQLite; "in-process" keeps them in the web process on either.
        "TASK_QUEUE": "auto",
        # When the worker's periodic jobs run (cron; a sixth field is seconds).
        "TASK_OUTBOX_CRON": "* * * * *",
        "TASK_REMINDERS_CRON": "*/15 * * * *",
        "TASK_PURGE_CRON": "30 3 * * *",
        "TASK_STALLED_CRON": "* * * * *",
        "TASK_PRUNE_CRON": "45 3 * * *",  # finished jobs leave the queue's table
        # A worker writes a heartbeat this often; a job whose worker has been silent for
        # TASK_STALLED_SECONDS is handed to another worker (the stalled-job retry).
        "TASK_HEARTBEAT_SECONDS": 10,
        "TASK_STALLED_SECONDS": 30,
    }


def load_config(app: Flask, overrides: Mapping[str, Any] | None = None) -> None:
    """Fill ``app.config`` in the documented order and check what must not be weak."""
    app.config.from_mapping(defaults())
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("HIRING")
    if app.config.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    if overrides:
        app.config.from_mapping(overrides)
    env = app.config["ENV"]
    if env not in ENVIRONMENTS:
        raise ConfigError(f"ENV (HIRING_ENV): {env!r} is not one of {', '.join(ENVIRONMENTS)}")
    app.config["TESTING"] = app.config.get("TESTING") or env == "testing"
    _check_secret_key(app)
    _check_counts(app)
    _check_proxy_addresses(app)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app)
    _check_task_queue(app)


def _check_secret_key(app: Flask) -> None:
    key = app.config.get("SECRET_KEY")
    if app.config["ENV"] != "production":
        if not key:
            app.config["SECRET_KEY"] = secrets.token_urlsafe(48)  # sessions end at restart
        return
    if not key:
        raise ConfigError("SECRET_KEY is not set: put SECRET_KEY in instance/config.py or "
                          "set HIRING_SECRET_KEY (make run generates one)")
    if len(str(key)) < MIN_SECRET_LENGTH or _guessable(str(key)):
        raise ConfigError(f"SECRET_KEY is too weak: use at least {MIN_SECRET_LENGTH} random "
                          "characters, e.g. python -c 'import secrets; "
                          "print(secrets.token_urlsafe(48))'")


COUNT_SETTINGS = ("TRUSTED_PROXIES", "SESSION_IDLE_MINUTES", "SESSION_MAX_HOURS",
                  "SESSION_TOUCH_MINUTES", "LOGIN_THROTTLE_WINDOW_MINUTES",
                  "LOGIN_THROTTLE_PER_ACCOUNT", "LOGIN_THROTTLE_BASE_DELAY_SECONDS",
                  "LOGIN_THROTTLE_PER_ADDRESS", "PDF_WORKERS", "PDF_WORKER_MAX_PACKETS",
                  "SMTP_PORT", "MAIL_MAX_ATTEMPTS", "REMINDER_MAX", "DOCUMENT_MAX_BYTES")


def _check_counts(app: Flask) -> None:
    """Whole numbers, at least 0 (from the environment they may arrive as text)."""
    for name in COUNT_SETTINGS:
        value = app.config[name]
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"{name} (HIRING_{name}): {value!r} is not a whole number >= 0")
        app.config[name] = value


def _check_proxy_addresses(app: Flask) -> None:
    """The proxies' addresses or networks, parsed once (text from the environment)."""
    from hiring.proxy import parse_networks

    try:
        app.config["TRUSTED_PROXY_ADDRESSES"] = parse_networks(
            app.config["TRUSTED_PROXY_ADDRESSES"])
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"TRUSTED_PROXY_ADDRESSES (HIRING_TRUSTED_PROXY_ADDRESSES): {exc}"
                          ) from None


TASK_QUEUES = ("auto", "procrastinate", "in-process")


def _check_task_queue(app: Flask) -> None:
    """A known TASK_QUEUE, procrastinate only on PostgreSQL, and positive timings."""
    mode = app.config["TASK_QUEUE"]
    if mode not in TASK_QUEUES:
        raise ConfigError(f"TASK_QUEUE (HIRING_TASK_QUEUE): {mode!r} is not one of "
                          f"{', '.join(TASK_QUEUES)}")
    if mode == "procrastinate" and not app.config["SQLALCHEMY_DATABASE_URI"].startswith(
            "postgresql"):
        raise ConfigError("TASK_QUEUE (HIRING_TASK_QUEUE): procrastinate keeps its queue in "
                          "PostgreSQL; on SQLite the jobs run in-process")
    for name in ("TASK_HEARTBEAT_SECONDS", "TASK_STALLED_SECONDS"):
        try:
            value = float(app.config[name])
        except (TypeError, ValueError):
            value = 0.0
        if not value > 0:
            raise ConfigError(f"{name} (HIRING_{name}): {app.config[name]!r} is not a "
                              "number of seconds above 0")
        app.config[name] = value


def _guessable(key: str) -> bool:
    """A known word, few distinct characters, or a repeated pattern ('abcabc...')."""
    return (key.lower() in WEAK_SECRETS or len(set(key)) < 8
            or key in (key + key)[1:-1])


def database_url(app: Flask) -> str:
    """The SQLAlchemy URL; plain postgres URLs are pointed at psycopg 3."""
    url = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        return f"sqlite:///{app.instance_path}/hiring.sqlite3"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return str(url)
