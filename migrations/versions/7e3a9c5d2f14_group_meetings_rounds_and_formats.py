"""group meetings, rounds and formats

A group's meeting records (who came, agenda and notes for the group, the next date, a link
group's visit), the rounds run in them (format, presenter, phases: never a case's content),
the group's own copies of the shipped formats, and its choice to show its rhythm (SPEC R18).

Revision ID: 7e3a9c5d2f14
Revises: f3a9c2d17b64
Create Date: 2026-12-01 19:09:04

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '7e3a9c5d2f14'
down_revision = 'f3a9c2d17b64'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('group_formats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('based_on', sa.String(length=80), server_default='', nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('purpose', sa.Text(), server_default='', nullable=False),
    sa.Column('ground_rules', sa.JSON(), nullable=False),
    sa.Column('phases', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_formats_group_id_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_formats')),
    sa.UniqueConstraint('group_id', 'slug', name=op.f('uq_group_formats_group_id_slug'))
    )
    with op.batch_alter_table('group_formats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_formats_group_id'), ['group_id'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('online', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('agenda', sa.Text(), server_default='', nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('next_date', sa.Date(), nullable=True),
    sa.Column('visiting_group_id', sa.Integer(), nullable=True),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_meetings_group_id_groups')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['practitioners.id'], name=op.f('fk_meetings_recorded_by_id_practitioners')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_meetings_visit_id_visits')),
    sa.ForeignKeyConstraint(['visiting_group_id'], ['groups.id'], name=op.f('fk_meetings_visiting_group_id_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('visit_id', name=op.f('uq_meetings_visit_id'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_visiting_group_id'), ['visiting_group_id'], unique=False)

    op.create_table('meeting_attendees',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('practitioner_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_attendees_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['practitioner_id'], ['practitioners.id'], name=op.f('fk_meeting_attendees_practitioner_id_practitioners')),
    sa.PrimaryKeyConstraint('meeting_id', 'practitioner_id', name=op.f('pk_meeting_attendees'))
    )
    op.create_table('rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('format_slug', sa.String(length=80), nullable=False),
    sa.Column('format_name', sa.String(length=120), nullable=False),
    sa.Column('presenter_id', sa.Integer(), nullable=True),
    sa.Column('phases', sa.JSON(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_rounds_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['presenter_id'], ['practitioners.id'], name=op.f('fk_rounds_presenter_id_practitioners')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['practitioners.id'], name=op.f('fk_rounds_recorded_by_id_practitioners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rounds'))
    )
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rounds_meeting_id'), ['meeting_id'], unique=False)

    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shows_rhythm', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_column('shows_rhythm')

    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rounds_meeting_id'))

    op.drop_table('rounds')
    op.drop_table('meeting_attendees')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_visiting_group_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_group_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_date'))

    op.drop_table('meetings')
    with op.batch_alter_table('group_formats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_formats_group_id'))

    op.drop_table('group_formats')
