"""Email: the outbox, account tokens, daily runs, email preferences, concern outcomes

Accounts that exist before this revision count as confirmed from their registration: nobody
already in the network is cut off from invitations by a rule that did not exist when they joined.

Revision ID: d28f600cbe0c
Revises: 10d5c90c57ed
Create Date: 2026-12-01 16:16:13.059869

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd28f600cbe0c'
down_revision = '10d5c90c57ed'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('daily_runs',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('ran_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_daily_runs'))
    )
    op.create_table('account_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practitioner_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('new_email', sa.String(length=254), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("purpose IN ('confirm', 'reset', 'email_change')", name=op.f('ck_account_tokens_purpose_known')),
    sa.ForeignKeyConstraint(['practitioner_id'], ['practitioners.id'], name=op.f('fk_account_tokens_practitioner_id_practitioners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_tokens_token_hash'))
    )
    with op.batch_alter_table('account_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_tokens_practitioner_id'), ['practitioner_id'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('practitioner_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=254), nullable=True),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=10), server_default='queued', nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.CheckConstraint("state IN ('queued', 'sending', 'sent', 'dropped')", name=op.f('ck_outbox_state_known')),
    sa.CheckConstraint('(practitioner_id IS NULL) <> (address IS NULL)', name=op.f('ck_outbox_one_recipient')),
    sa.ForeignKeyConstraint(['practitioner_id'], ['practitioners.id'], name=op.f('fk_outbox_practitioner_id_practitioners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_outbox_dedupe_key'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_practitioner_id'), ['practitioner_id'], unique=False)
        batch_op.create_index('ix_outbox_state_next_attempt_at', ['state', 'next_attempt_at'], unique=False)

    with op.batch_alter_table('concerns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('outcome', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('outcome_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('outcome_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('outcome_group_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_concerns_outcome_by_id_practitioners'), 'practitioners', ['outcome_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_concerns_outcome_group_id_groups'), 'groups', ['outcome_group_id'], ['id'])

    with op.batch_alter_table('practitioners', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('mail_invitations', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('mail_links', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('mail_concerns', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('mail_status', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('mail_lapses', sa.Boolean(), server_default=sa.true(), nullable=False))

    op.execute("UPDATE practitioners SET email_confirmed_at = created_at")


def downgrade():
    with op.batch_alter_table('practitioners', schema=None) as batch_op:
        batch_op.drop_column('mail_lapses')
        batch_op.drop_column('mail_status')
        batch_op.drop_column('mail_concerns')
        batch_op.drop_column('mail_links')
        batch_op.drop_column('mail_invitations')
        batch_op.drop_column('email_confirmed_at')

    with op.batch_alter_table('concerns', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_concerns_outcome_group_id_groups'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_concerns_outcome_by_id_practitioners'), type_='foreignkey')
        batch_op.drop_column('outcome_group_id')
        batch_op.drop_column('outcome_by_id')
        batch_op.drop_column('outcome_at')
        batch_op.drop_column('outcome')
        batch_op.drop_column('resolved_at')

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_state_next_attempt_at')
        batch_op.drop_index(batch_op.f('ix_outbox_practitioner_id'))

    op.drop_table('outbox')
    with op.batch_alter_table('account_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_tokens_practitioner_id'))

    op.drop_table('account_tokens')
    op.drop_table('daily_runs')
