"""Candidate documents (résumés) stored in the database

PDF files attached to a candidate, bytes and all, so that several app servers on one
PostgreSQL need no shared disk; rows go with the candidate.

Revision ID: e1_candidate_documents
Revises: d2_api_tokens
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "e1_candidate_documents"
down_revision = "d2_api_tokens"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('candidate_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("content_type IN ('application/pdf')",
                       name=op.f('ck_candidate_documents_known_content_type')),
    sa.CheckConstraint('size >= 0', name=op.f('ck_candidate_documents_size_not_negative')),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'],
                            name=op.f('fk_candidate_documents_candidate_id_candidates'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'],
                            name=op.f('fk_candidate_documents_uploaded_by_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate_documents'))
    )
    with op.batch_alter_table('candidate_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidate_documents_candidate_id'),
                              ['candidate_id'], unique=False)


def downgrade():
    with op.batch_alter_table('candidate_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidate_documents_candidate_id'))
    op.drop_table('candidate_documents')
