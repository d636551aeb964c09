"""Scorecard revisions: every submission and amendment is kept, so drift is visible

Revision ID: a2_scorecard_revisions
Revises: a1_foundation
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "a2_scorecard_revisions"
down_revision = 'a1_foundation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('scorecard_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scorecard_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['scorecard_id'], ['scorecards.id'], name=op.f('fk_scorecard_revisions_scorecard_id_scorecards'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_scorecard_revisions_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scorecard_revisions')),
    sa.UniqueConstraint('scorecard_id', 'number', name='uq_scorecard_revisions_number')
    )


def downgrade():
    op.drop_table('scorecard_revisions')
