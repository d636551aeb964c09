"""The application factory: config -> extensions -> blueprints -> errors -> CLI. No I/O."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from hiring import bad_input, errors, gc_safety, security
from hiring.config import load_config
from hiring.database import configure_sqlite, engine_options
from hiring.extensions import csrf, db, init_migrations, login_manager
from hiring.proxy import TrustedProxyFix
from hiring.rubric_files import PROJECT_ROOT


def create_app(overrides: Mapping[str, Any] | None = None, *, migrations: bool = True) -> Flask:
    """The app. ``migrations=False`` (the WSGI server) leaves out Flask-Migrate and Alembic:
    the server never migrates, and its workers are lighter without them."""
    app = Flask(
        "hiring",
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(Path(__file__).parent / "static"),
        instance_path=_instance_path(overrides),
    )
    load_config(app, overrides)
    if hops := app.config["TRUSTED_PROXIES"]:
        # Only behind proxies we run, and only from them: else anyone picks their address.
        app.wsgi_app = TrustedProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, hops, app.config["TRUSTED_PROXY_ADDRESSES"])
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app)

    db.init_app(app)
    if migrations:
        init_migrations(app, str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    security.init_app(app, login_manager)
    bad_input.init_app(app)  # before the blueprints: it bounds their <int:...> ids
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])

    from hiring import filters
    from hiring.admin import bp as admin_bp
    from hiring.auth import bp as auth_bp
    from hiring.committee import bp as committee_bp
    from hiring.interviewer import bp as interviewer_bp
    from hiring.recruiter import bp as recruiter_bp
    from hiring.reports import bp as reports_bp

    for blueprint in (auth_bp, recruiter_bp, interviewer_bp, committee_bp, admin_bp,
                      reports_bp):
        app.register_blueprint(blueprint)
    from hiring.self_id import bp as self_id_bp
    from hiring.training import bp as training_bp

    app.register_blueprint(self_id_bp)
    app.register_blueprint(training_bp)
    from hiring.documents import bp as documents_bp

    app.register_blueprint(documents_bp)
    from hiring.rubrics_area import bp as rubrics_bp

    app.register_blueprint(rubrics_bp)
    from hiring import api

    api.init_app(app)
    filters.init_app(app)
    errors.init_app(app)
    gc_safety.init_app(app)
    return app


def _instance_path(overrides: Mapping[str, Any] | None) -> str:
    import os

    path = (overrides or {}).get("INSTANCE_PATH") or os.environ.get("HIRING_INSTANCE_PATH")
    return str(Path(path).resolve()) if path else str(PROJECT_ROOT / "instance")
