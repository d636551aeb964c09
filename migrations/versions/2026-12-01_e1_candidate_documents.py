"""Candidate documents (résumés) stored in the database

Revision ID: e1_candidate_documents
Revises: d2_api_tokens
Create Date: 2026-12-01
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "e1_candidate_documents"
down_revision = "d2_api_tokens"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
