"""Voluntary self-identification and its one-time invitation links

Kept in their own tables, apart from the candidate record; rows go with the candidate.

Revision ID: c1_self_identification
Revises: b6_packet_jobs
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "c1_self_identification"
down_revision = "b6_packet_jobs"
branch_labels = None
depends_on = None

# Frozen copies of hiring.models.self_identification's values.
GENDERS = ("female", "male", "another", "declined")
RACES = ("hispanic_latino", "white", "black", "pacific_islander", "asian", "american_indian",
         "two_or_more", "declined")


def upgrade():
    op.create_table('self_identifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('gender', sa.String(length=32), nullable=False),
    sa.Column('race_ethnicity', sa.String(length=32), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(f"gender IN {GENDERS!r}",
                       name=op.f('ck_self_identifications_known_gender')),
    sa.CheckConstraint(f"race_ethnicity IN {RACES!r}",
                       name=op.f('ck_self_identifications_known_race_ethnicity')),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'],
                            name=op.f('fk_self_identifications_candidate_id_candidates'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_identifications')),
    sa.UniqueConstraint('candidate_id', name=op.f('uq_self_identifications_candidate_id'))
    )
    op.create_table('self_id_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'],
                            name=op.f('fk_self_id_invitations_candidate_id_candidates'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                            name=op.f('fk_self_id_invitations_created_by_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_id_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_self_id_invitations_token_hash'))
    )
    with op.batch_alter_table('self_id_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_id_invitations_candidate_id'),
                              ['candidate_id'], unique=False)


def downgrade():
    with op.batch_alter_table('self_id_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_id_invitations_candidate_id'))
    op.drop_table('self_id_invitations')
    op.drop_table('self_identifications')
