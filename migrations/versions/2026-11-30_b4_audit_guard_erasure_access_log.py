"""The audit trail guarded by triggers, candidate erasure, and the access log

The audit trail becomes append-only in the database (triggers refuse UPDATE and DELETE, and
TRUNCATE on PostgreSQL) and stops pointing at users with ON DELETE SET NULL. Before the
guard goes on, candidate personal data already written into audit payloads is withheld, as
``hiring.services.audit`` does for new events: otherwise it could never be erased.
Candidates get ``erased_at`` (a tombstone), and reads of candidate data get their own log.

Revision ID: b4_audit_guard_erasure
Revises: b3_totp_recovery_codes
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "b4_audit_guard_erasure"
down_revision = "b3_totp_recovery_codes"
branch_labels = None
depends_on = None

# Frozen copies of hiring.models.audit's guard and hiring.services.audit's rules.
GUARD = {
    "sqlite": (
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END",
        "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION USING MESSAGE = 'audit_events is append-only: ' || TG_OP || ' refused', "
        "ERRCODE = 'restrict_violation'; END $$",
        "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()",
        "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()",
    ),
}
UNGUARD = {
    "sqlite": ("DROP TRIGGER IF EXISTS audit_events_no_update",
               "DROP TRIGGER IF EXISTS audit_events_no_delete"),
    "postgresql": ("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
                   "DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events",
                   "DROP FUNCTION IF EXISTS audit_events_refuse_change()"),
}
CANDIDATE_OBJECT_TYPES = ("candidate", "committeedecision", "interview", "scorecard",
                          "packet", "stagemove")
PERSONAL_KEYS = frozenset({"name", "email", "source", "links", "notes", "note", "rationale",
                           "reason", "override_justification", "evidence", "summary"})
WITHHELD = "(withheld: personal data)"


def _withhold(data):
    if not isinstance(data, dict):
        return data
    return {key: _withhold(value) if isinstance(value, dict)
            else WITHHELD if key in PERSONAL_KEYS and value not in ("", None, [])
            else value
            for key, value in data.items()}


def _withhold_personal_data_in_audit_events():
    events = sa.table("audit_events", sa.column("id", sa.Integer),
                      sa.column("object_type", sa.String), sa.column("before", sa.JSON),
                      sa.column("after", sa.JSON))
    connection = op.get_bind()
    rows = connection.execute(sa.select(events.c.id, events.c.before, events.c.after).where(
        events.c.object_type.in_(CANDIDATE_OBJECT_TYPES))).all()
    for row in rows:
        before, after = _withhold(row.before), _withhold(row.after)
        if (before, after) != (row.before, row.after):
            connection.execute(events.update().where(events.c.id == row.id).values(
                before=before, after=after))


def upgrade():
    _withhold_personal_data_in_audit_events()
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_constraint('fk_audit_events_actor_id_users', type_='foreignkey')

    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))

    op.create_table('access_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.CheckConstraint("kind IN ('candidate', 'debrief', 'packet')",
                       name=op.f('ck_access_records_known_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_records'))
    )
    with op.batch_alter_table('access_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_records_at'), ['at'], unique=False)
        batch_op.create_index('ix_access_records_candidate_at', ['candidate_id', 'at'],
                              unique=False)
        batch_op.create_index('ix_access_records_user_at', ['user_id', 'at'], unique=False)

    for statement in GUARD.get(op.get_bind().dialect.name, ()):
        op.execute(statement)


def downgrade():
    for statement in UNGUARD.get(op.get_bind().dialect.name, ()):
        op.execute(statement)

    with op.batch_alter_table('access_records', schema=None) as batch_op:
        batch_op.drop_index('ix_access_records_user_at')
        batch_op.drop_index('ix_access_records_candidate_at')
        batch_op.drop_index(batch_op.f('ix_access_records_at'))
    op.drop_table('access_records')

    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_column('erased_at')

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_audit_events_actor_id_users', 'users', ['actor_id'],
                                    ['id'], ondelete='SET NULL')
