"""Groups: a confusable skeleton of each name (Unicode TR39), unique, so that no group's name
looks like another's

Existing names get their skeleton here. Should two existing groups' names already look alike,
the later one's key carries its id, so the upgrade never fails on data it did not create.

Revision ID: 5b9e2f7c1d34
Revises: d28f600cbe0c
Create Date: 2026-12-01 17:20:00.000000

"""
from alembic import op
import sqlalchemy as sa

from ipn.services.names import skeleton_key
from ipn.services.search_index import ensure_search_index


# revision identifiers, used by Alembic.
revision = '5b9e2f7c1d34'
down_revision = 'd28f600cbe0c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('skeleton_key', sa.String(length=300), nullable=True))
    connection = op.get_bind()
    groups = sa.table('groups', sa.column('id', sa.Integer), sa.column('name', sa.String),
                      sa.column('skeleton_key', sa.String))
    seen = set()
    for row in connection.execute(sa.select(groups.c.id, groups.c.name).order_by(groups.c.id)):
        key = skeleton_key(row.name)
        if key in seen:
            key = f"{key} #{row.id}"
        seen.add(key)
        connection.execute(groups.update().where(groups.c.id == row.id).values(skeleton_key=key))
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.alter_column('skeleton_key', existing_type=sa.String(length=300), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_groups_skeleton_key'), ['skeleton_key'])
    # SQLite's batch mode rebuilt `groups`, dropping the directory search's triggers.
    ensure_search_index(connection)


def downgrade():
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_groups_skeleton_key'), type_='unique')
        batch_op.drop_column('skeleton_key')
    ensure_search_index(op.get_bind())
