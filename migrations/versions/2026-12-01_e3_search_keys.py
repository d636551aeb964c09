"""Accent- and case-folded search keys on candidates and users

Each row's name and email, folded as ``hiring.domain.search.record_key`` folds them, so that
search finds "Mateo García" for ``garcia`` with the same rows on SQLite and PostgreSQL. The
fold is copied here rather than imported: a migration replays the schema's history and must
not change when the app's code does (a later change of the fold gets its own migration that
refolds every row). tests/test_search.py checks that this backfill equals the app's fold.

No index: search matches anywhere in the key (``LIKE '%…%'``), which no B-tree index serves
on either database; an index would only cost every write.

Revision ID: e3_search_keys
Revises: e2_scorecard_recommendation
Create Date: 2026-12-01
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "e3_search_keys"
down_revision = "e2_scorecard_recommendation"
branch_labels = None
depends_on = None

TABLES = ("candidates", "users")
BATCH = 500


def _fold_once(text):
    text = unicodedata.normalize("NFD", text).casefold()
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def _search_key(text):
    folded = _fold_once(text)
    for _ in range(3):
        again = _fold_once(folded)
        if again == folded:
            break
        folded = again
    spaced = "".join(" " if ch.isspace() else ch for ch in folded
                     if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    return " ".join(spaced.split())


def _record_key(name, email):
    return "\n".join(_search_key(part or "") for part in (name, email))


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("search_key", sa.Text(), nullable=False,
                                          server_default=""))
    bind = op.get_bind()
    for name in TABLES:
        table = sa.table(name, sa.column("id", sa.Integer), sa.column("name", sa.String),
                         sa.column("email", sa.String), sa.column("search_key", sa.Text))
        last = 0
        while True:  # in batches by id: a large table never sits in memory at once
            rows = bind.execute(sa.select(table.c.id, table.c.name, table.c.email)
                                .where(table.c.id > last).order_by(table.c.id)
                                .limit(BATCH)).all()
            if not rows:
                break
            bind.execute(sa.update(table).where(table.c.id == sa.bindparam("row_id"))
                         .values(search_key=sa.bindparam("key")),
                         [{"row_id": row.id, "key": _record_key(row.name, row.email)}
                          for row in rows])
            last = rows[-1].id


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("search_key")
