"""Candidate evaluation summaries: the engine's figures stored for the committee index

The table starts empty: ``hiring evaluations rebuild`` fills it for the candidates already
there (until then the committee index evaluates a candidate without a row live, so nothing
shown is ever wrong, only slower). Every later write keeps the rows up to date.

Revision ID: b5_candidate_evaluations
Revises: b4_audit_guard_erasure
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "b5_candidate_evaluations"
down_revision = "b4_audit_guard_erasure"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('candidate_evaluations',
    sa.Column('candidate_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('score_numerator', sa.BigInteger(), nullable=True),
    sa.Column('score_denominator', sa.BigInteger(), nullable=True),
    sa.Column('submitted', sa.Integer(), nullable=False),
    sa.Column('awaited', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("outcome IN ('offer', 'no_offer', 'discuss', 'incomplete')", name=op.f('ck_candidate_evaluations_known_outcome')),
    sa.CheckConstraint('(score_numerator IS NULL AND score_denominator IS NULL) OR (score_numerator IS NOT NULL AND score_denominator > 0)', name=op.f('ck_candidate_evaluations_whole_score')),
    sa.CheckConstraint('submitted >= 0 AND awaited >= 0', name=op.f('ck_candidate_evaluations_counts_not_negative')),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_candidate_evaluations_candidate_id_candidates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('candidate_id', name=op.f('pk_candidate_evaluations'))
    )


def downgrade():
    op.drop_table('candidate_evaluations')
