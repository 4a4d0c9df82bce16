"""the network's generation, for cached public pages

One row whose number goes up in the same transaction as any change that can alter a public
page; cached pages are current while it stays the same (issue 13).

Revision ID: f3a9c2d17b64
Revises: c1f0a7d3e9b2
Create Date: 2026-12-01 19:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f3a9c2d17b64'
down_revision = 'c1f0a7d3e9b2'
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


def downgrade():
    op.drop_table('network_generation')
