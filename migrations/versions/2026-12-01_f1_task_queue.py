"""The task queue: procrastinate's tables, types and functions (PostgreSQL only)

Revision ID: f1_task_queue
Revises: e4_account_links
Create Date: 2026-12-01

procrastinate keeps its jobs in PostgreSQL; on SQLite the jobs run in the web process and
this revision changes nothing. The SQL is procrastinate's own, for the minor version pinned
in pyproject.toml (hiring/tasks/schema.py); autogenerate ignores these objects (env.py).
"""

from alembic import op

from hiring.tasks.schema import create_sql, drop_sql

revision = "f1_task_queue"
down_revision = "e4_account_links"
branch_labels = None
depends_on = None


def _postgresql():
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if _postgresql():
        # Passed to the driver as it is: the SQL holds % and : that are not parameters.
        op.get_bind().exec_driver_sql(create_sql(), execution_options={"no_parameters": True})


def downgrade():
    if _postgresql():
        op.get_bind().exec_driver_sql(drop_sql(), execution_options={"no_parameters": True})
