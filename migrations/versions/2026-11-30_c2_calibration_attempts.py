"""Calibration attempts on gold-standard exercises, and stages that require calibration

Revision ID: c2_calibration_attempts
Revises: c1_self_identification
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "c2_calibration_attempts"
down_revision = "c1_self_identification"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calibration_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('exercise_id', sa.String(length=64), nullable=False),
    sa.Column('exercise_version', sa.String(length=64), nullable=False),
    sa.Column('rubric_key', sa.String(length=64), nullable=False),
    sa.Column('stage_id', sa.String(length=64), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('gold', sa.JSON(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_calibration_attempts_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_attempts'))
    )
    with op.batch_alter_table('calibration_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_calibration_attempts_user_rubric_stage',
                              ['user_id', 'rubric_key', 'stage_id'], unique=False)
    with op.batch_alter_table('requisitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calibrated_stages', sa.JSON(), nullable=False,
                                      server_default=sa.text("'[]'")))


def downgrade():
    with op.batch_alter_table('requisitions', schema=None) as batch_op:
        batch_op.drop_column('calibrated_stages')
    with op.batch_alter_table('calibration_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_calibration_attempts_user_rubric_stage')
    op.drop_table('calibration_attempts')
