"""notifications name a place, not a URL

A notification leads to a place (the group's workspace, statement, links, concerns or public
page, or What needs me); the pages turn it into an address. The stored URLs are read back
into places.

Revision ID: 7c3e1d2a9b40
Revises: 4f1c2a9e7b10
Create Date: 2026-12-01 16:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7c3e1d2a9b40'
down_revision = '4f1c2a9e7b10'
branch_labels = None
depends_on = None

PLACES = "place IN ('me', 'group', 'workspace', 'statement', 'links', 'concerns', 'rules')"
# The paths services used to store, by the place they led to.
PATHS = (("workspace", "/workspace"), ("statement", "/statement"), ("links", "/links"),
         ("concerns", "/concerns"))


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place', sa.String(length=20), server_default='me', nullable=False))
    notifications = sa.table('notifications', sa.column('url', sa.String), sa.column('place', sa.String))
    for place, suffix in PATHS:
        op.execute(notifications.update().where(notifications.c.url.like('/groups/%' + suffix))
                   .values(place=place))
    op.execute(notifications.update().where(notifications.c.url.like('/groups/%'),
                                            notifications.c.place == 'me').values(place='group'))
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('url')
        batch_op.create_check_constraint('place_known', PLACES)


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_notifications_place_known'), type_='check')
        batch_op.add_column(sa.Column('url', sa.String(length=300), server_default='', nullable=False))
    notifications = sa.table('notifications', sa.column('url', sa.String), sa.column('place', sa.String))
    op.execute(notifications.update().where(notifications.c.place == 'me').values(url='/me'))
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('place')
