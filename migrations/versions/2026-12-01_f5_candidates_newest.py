"""Candidates indexed newest first, and the planner's statistics refreshed

Revision ID: f5_candidates_newest
Revises: f4_interviewer_queue_index
Create Date: 2026-12-01
"""

from alembic import op

revision = "f5_candidates_newest"
down_revision = "f4_interviewer_queue_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_candidates_newest", "candidates", ["created_at", "id", "requisition_id"])
    # Statistics, so that SQLite walks the new index for the newest page instead of sorting
    # every candidate (PostgreSQL's autovacuum would get there by itself).
    op.execute("ANALYZE")


def downgrade():
    op.drop_index("ix_candidates_newest", table_name="candidates")
