"""One-time account links: invitations and password resets

Revision ID: e4_account_links
Revises: e3_search_keys
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "e4_account_links"
down_revision = "e3_search_keys"
branch_labels = None
depends_on = None

# The outbox's kinds, before and after this revision (kept literally: a migration must not
# change when hiring/models/mail.py does).
OLD_KINDS = "kind IN ('reminder', 'reminder-manual', 'invitation', 'debrief-ready')"
NEW_KINDS = ("kind IN ('reminder', 'reminder-manual', 'invitation', 'debrief-ready', "
             "'account-invite', 'password-reset')")


def _outbox_kinds(check: str) -> None:
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_mail_outbox_known_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_mail_outbox_known_kind'), check)


def upgrade():
    op.create_table('account_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=12), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("purpose IN ('invitation', 'reset')",
                       name=op.f('ck_account_links_known_purpose')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_account_links_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_links_token_hash'))
    )
    with op.batch_alter_table('account_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_links_user_id'), ['user_id'], unique=False)
    _outbox_kinds(NEW_KINDS)


def downgrade():
    op.execute("DELETE FROM mail_outbox WHERE kind IN ('account-invite', 'password-reset')")
    _outbox_kinds(OLD_KINDS)
    with op.batch_alter_table('account_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_links_user_id'))
    op.drop_table('account_links')
