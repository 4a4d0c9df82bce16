"""Governance: Gatherings attended, proposals, positions, rule versions, NetCom

The network governs its own rules (SPEC R16). No rows are written here: the founding rule
version is written from the IPN_NETWORK_* settings the first time the registry needs its rules
(ipn.services.rulebook.ensure_founding), so a database built from the models behaves the same.

Revision ID: 10d5c90c57ed
Revises: 7c3e1d2a9b40
Create Date: 2026-12-01 16:18:46.499860

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '10d5c90c57ed'
down_revision = '7c3e1d2a9b40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attendances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gathering_id', sa.Integer(), nullable=False),
    sa.Column('practitioner_id', sa.Integer(), nullable=False),
    sa.Column('attended', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['gathering_id'], ['gatherings.id'], name=op.f('fk_attendances_gathering_id_gatherings')),
    sa.ForeignKeyConstraint(['practitioner_id'], ['practitioners.id'], name=op.f('fk_attendances_practitioner_id_practitioners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendances')),
    sa.UniqueConstraint('gathering_id', 'practitioner_id', name=op.f('uq_attendances_gathering_id_practitioner_id'))
    )
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendances_gathering_id'), ['gathering_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendances_practitioner_id'), ['practitioner_id'], unique=False)

    op.create_table('netcom_issues',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gathering_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['practitioners.id'], name=op.f('fk_netcom_issues_author_id_practitioners')),
    sa.ForeignKeyConstraint(['gathering_id'], ['gatherings.id'], name=op.f('fk_netcom_issues_gathering_id_gatherings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_netcom_issues')),
    sa.UniqueConstraint('gathering_id', name=op.f('uq_netcom_issues_gathering_id'))
    )
    with op.batch_alter_table('netcom_issues', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_netcom_issues_published_on'), ['published_on'], unique=False)

    op.create_table('proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('immediate', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('gathering_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['practitioners.id'], name=op.f('fk_proposals_author_id_practitioners')),
    sa.ForeignKeyConstraint(['gathering_id'], ['gatherings.id'], name=op.f('fk_proposals_gathering_id_gatherings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals'))
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_gathering_id'), ['gathering_id'], unique=False)

    op.create_table('positions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('gathering_id', sa.Integer(), nullable=False),
    sa.Column('practitioner_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), server_default='', nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("position <> 'block' OR length(reason) > 0", name=op.f('ck_positions_block_has_reason')),
    sa.CheckConstraint("position IN ('agree', 'stand_aside', 'block')", name=op.f('ck_positions_position_known')),
    sa.ForeignKeyConstraint(['gathering_id'], ['gatherings.id'], name=op.f('fk_positions_gathering_id_gatherings')),
    sa.ForeignKeyConstraint(['practitioner_id'], ['practitioners.id'], name=op.f('fk_positions_practitioner_id_practitioners')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_positions_proposal_id_proposals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_positions')),
    sa.UniqueConstraint('proposal_id', 'gathering_id', 'practitioner_id', name=op.f('uq_positions_proposal_id_gathering_id_practitioner_id'))
    )
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_positions_gathering_id'), ['gathering_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_positions_practitioner_id'), ['practitioner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_positions_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('rule_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('in_force_since', sa.Date(), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('founding', sa.Boolean(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_rule_versions_proposal_id_proposals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_versions')),
    sa.UniqueConstraint('founding', name=op.f('uq_rule_versions_founding')),
    sa.UniqueConstraint('proposal_id', name=op.f('uq_rule_versions_proposal_id'))
    )
    with op.batch_alter_table('rule_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rule_versions_in_force_since'), ['in_force_since'], unique=False)

    with op.batch_alter_table('gatherings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('announced_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('announced_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_gatherings_announced_by_id_practitioners'), 'practitioners', ['announced_by_id'], ['id'])



def downgrade():
    with op.batch_alter_table('gatherings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_gatherings_announced_by_id_practitioners'), type_='foreignkey')
        batch_op.drop_column('announced_at')
        batch_op.drop_column('announced_by_id')
        batch_op.drop_column('description')

    with op.batch_alter_table('rule_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rule_versions_in_force_since'))

    op.drop_table('rule_versions')
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_positions_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_positions_practitioner_id'))
        batch_op.drop_index(batch_op.f('ix_positions_gathering_id'))

    op.drop_table('positions')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_gathering_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_author_id'))

    op.drop_table('proposals')
    with op.batch_alter_table('netcom_issues', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_netcom_issues_published_on'))

    op.drop_table('netcom_issues')
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendances_practitioner_id'))
        batch_op.drop_index(batch_op.f('ix_attendances_gathering_id'))

    op.drop_table('attendances')
