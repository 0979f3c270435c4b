"""reminders: e-mail address of a user, notice outbox, digest log, calendar-feed secrets

Revision ID: 0011
Revises: 0010
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

import playbook.storage.types

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('gebruiker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254),
                                      nullable=True))
    op.create_table(
        'melding',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('created_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('claimed_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column('sent_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
        sa.ForeignKeyConstraint(['user_id'], ['gebruiker.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'document_id'),
    )
    with op.batch_alter_table('melding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_melding_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_melding_sent_at'), ['sent_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_melding_user_id'), ['user_id'], unique=False)
    op.create_table(
        'herinnering_verzonden',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('items', sa.Integer(), nullable=False),
        sa.Column('sent_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['gebruiker.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'day'),
    )
    with op.batch_alter_table('herinnering_verzonden', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_herinnering_verzonden_user_id'), ['user_id'],
                              unique=False)
    op.create_table(
        'agenda_feed',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('secret_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['gebruiker.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('agenda_feed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_feed_secret_hash'), ['secret_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_agenda_feed_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('agenda_feed', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_feed_user_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_feed_secret_hash'))
    op.drop_table('agenda_feed')
    with op.batch_alter_table('herinnering_verzonden', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_herinnering_verzonden_user_id'))
    op.drop_table('herinnering_verzonden')
    with op.batch_alter_table('melding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_melding_user_id'))
        batch_op.drop_index(batch_op.f('ix_melding_sent_at'))
        batch_op.drop_index(batch_op.f('ix_melding_document_id'))
    op.drop_table('melding')
    with op.batch_alter_table('gebruiker', schema=None) as batch_op:
        batch_op.drop_column('email')
