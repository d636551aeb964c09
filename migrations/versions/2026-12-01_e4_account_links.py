"""One-time account links: invitations and password resets

Revision ID: e4_account_links
Revises: e3_search_keys
Create Date: 2026-12-01
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "e4_account_links"
down_revision = "e3_search_keys"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
