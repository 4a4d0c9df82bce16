"""the network's generation, for cached public pages; statements by publication

One row whose number goes up in the same transaction as any change that can alter a public
page; cached pages are current while it stays the same. And an index on statements'
publication time, which the home page's latest statements read (issue 13).

Revision ID: f3a9c2d17b64
Revises: e7a4b2c9d1f3
Create Date: 2026-12-01 19:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f3a9c2d17b64'
down_revision = 'e7a4b2c9d1f3'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('network_generation',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('generation', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('changed', sa.BigInteger(), server_default='0', nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_network_generation_one_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_generation'))
    )
    op.bulk_insert(table, [{'id': 1, 'generation': 0, 'changed': 0}])
    # An index alone: no batch table copy on SQLite (which would drop the search triggers).
    op.create_index(op.f('ix_statements_published_at'), 'statements', ['published_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_statements_published_at'), table_name='statements')
    op.drop_table('network_generation')
