"""Packet jobs: a web packet is rendered in the background, and its page polls the state

Revision ID: b6_packet_jobs
Revises: b5_candidate_evaluations
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "b6_packet_jobs"
down_revision = "b5_candidate_evaluations"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('packet_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('cache_key', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('queued', 'rendering', 'ready', 'failed')", name=op.f('ck_packet_jobs_known_state')),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_packet_jobs_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_packet_jobs_requested_by_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packet_jobs'))
    )
    with op.batch_alter_table('packet_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_packet_jobs_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_packet_jobs_requested_by_id'), ['requested_by_id'], unique=False)


def downgrade():
    op.drop_table('packet_jobs')
