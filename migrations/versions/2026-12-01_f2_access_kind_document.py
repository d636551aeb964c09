"""Reading a candidate's document is recorded in the access log

Revision ID: f2_access_kind_document
Revises: f1_task_queue
Create Date: 2026-12-01
"""

from alembic import op

revision = "f2_access_kind_document"
down_revision = "f1_task_queue"
branch_labels = None
depends_on = None

# The access log's kinds, before and after this revision (kept literally: a migration must
# not change with the code).
OLD_KINDS = "kind IN ('candidate', 'debrief', 'packet')"
NEW_KINDS = "kind IN ('candidate', 'debrief', 'packet', 'document')"


def _access_kinds(check: str) -> None:
    with op.batch_alter_table('access_records', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_access_records_known_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_access_records_known_kind'), check)


def upgrade():
    _access_kinds(NEW_KINDS)


def downgrade():
    op.execute("DELETE FROM access_records WHERE kind = 'document'")
    _access_kinds(OLD_KINDS)
