"""Alembic environment for Flask-Migrate (Flask-SQLAlchemy 3)."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from hiring.tasks.schema import include_name

config = context.config
# Keep the app's loggers: Alembic's default logging set-up would silence them.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def get_engine():
    return target_db.engine


config.set_main_option(
    "sqlalchemy.url", get_engine().url.render_as_string(hide_password=False).replace("%", "%%"))


def get_metadata():
    return target_db.metadata


def run_migrations_offline():
    """Emit SQL without a database connection (``hiring db upgrade --sql``)."""
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=get_metadata(), literal_binds=True,
                      include_name=include_name)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(context, revision, directives):
        # No empty revision when autogenerate finds nothing to do.
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = current_app.extensions["migrate"].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives
    # procrastinate's tables (the task queue) are no model of ours: autogenerate and
    # ``flask db check`` leave them alone.
    conf_args.setdefault("include_name", include_name)

    with get_engine().connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # SQLite's procedure for schema changes: foreign keys off, checked at the end
            _sqlite_foreign_keys(connection, "OFF")
        try:
            context.configure(connection=connection, target_metadata=get_metadata(), **conf_args)
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    _refuse_broken_references(connection)
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, "ON")


def _sqlite_foreign_keys(connection, state):
    """Switch SQLite's foreign key enforcement, outside any transaction (it is ignored inside).

    A batch migration rebuilds a table by copying it and dropping the original; with
    enforcement on, dropping a parent such as ``requisitions`` would cascade and delete every
    candidate. https://www.sqlite.org/lang_altertable.html (the 12-step procedure).
    """
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"PRAGMA foreign_keys={state}")
    finally:
        cursor.close()


def _refuse_broken_references(connection):
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"the migration left {len(broken)} broken references, first: "
                           f"{tuple(broken[0])}; nothing was changed")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
