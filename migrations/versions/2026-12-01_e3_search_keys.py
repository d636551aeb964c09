"""Accent- and case-folded search keys on candidates and users

Revision ID: e3_search_keys
Revises: e2_scorecard_recommendation
Create Date: 2026-12-01
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "e3_search_keys"
down_revision = "e2_scorecard_recommendation"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
