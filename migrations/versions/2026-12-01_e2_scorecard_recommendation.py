"""The interviewer's holistic recommendation on a scorecard

Revision ID: e2_scorecard_recommendation
Revises: e1_candidate_documents
Create Date: 2026-12-01
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "e2_scorecard_recommendation"
down_revision = "e1_candidate_documents"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
