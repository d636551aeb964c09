"""Flask extensions, created unbound and initialised in create_app."""

from __future__ import annotations

from flask import Flask
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints, so that migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()


def init_migrations(app: Flask, directory: str) -> None:
    """Alembic through Flask-Migrate (``hiring db ...``, the tests). Imported here, on use:
    alembic, mako and pygments are about 30 MiB in every web worker, which never migrates."""
    from flask_migrate import Migrate

    Migrate(app, db, directory=directory, render_as_batch=True, compare_type=True)
