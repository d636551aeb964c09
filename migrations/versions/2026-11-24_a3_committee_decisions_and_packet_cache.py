"""Committee decisions (one standing per candidate) and the PDF packet cache

Revision ID: a3_committee_decisions
Revises: a2_scorecard_revisions
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "a3_committee_decisions"
down_revision = 'a2_scorecard_revisions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('committee_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('engine_outcome', sa.String(length=12), nullable=False),
    sa.Column('engine_score', sa.String(length=64), nullable=True),
    sa.Column('rubric_version_id', sa.Integer(), nullable=False),
    sa.Column('is_override', sa.Boolean(), nullable=False),
    sa.Column('override_justification', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reopened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reopened_by_id', sa.Integer(), nullable=True),
    sa.Column('reopen_reason', sa.Text(), nullable=False),
    sa.CheckConstraint("NOT is_override OR override_justification <> ''", name=op.f('ck_committee_decisions_override_is_justified')),
    sa.CheckConstraint("decision IN ('offer', 'no_offer', 'hold')", name=op.f('ck_committee_decisions_known_decision')),
    sa.CheckConstraint("reopened_at IS NULL OR reopen_reason <> ''", name=op.f('ck_committee_decisions_reopen_has_reason')),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_committee_decisions_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_committee_decisions_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reopened_by_id'], ['users.id'], name=op.f('fk_committee_decisions_reopened_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rubric_version_id'], ['rubric_versions.id'], name=op.f('fk_committee_decisions_rubric_version_id_rubric_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_decisions'))
    )
    with op.batch_alter_table('committee_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_decisions_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index('uq_committee_decisions_standing', ['candidate_id'], unique=True, sqlite_where=sa.text('reopened_at IS NULL'), postgresql_where=sa.text('reopened_at IS NULL'))

    op.create_table('packets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('cache_key', sa.String(length=64), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('byte_size', sa.Integer(), nullable=False),
    sa.Column('render_seconds', sa.Double(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_packets_candidate_id_candidates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packets')),
    sa.UniqueConstraint('cache_key', name=op.f('uq_packets_cache_key'))
    )
    with op.batch_alter_table('packets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_packets_candidate_id'), ['candidate_id'], unique=False)


def downgrade():
    op.drop_table('packets')
    op.drop_table('committee_decisions')
