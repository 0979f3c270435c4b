"""municipality grants: which other municipalities a regional user may read

Revision ID: 0011_grants
Revises: 0010
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

import playbook.storage.types

revision: str = '0011_grants'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'gemeente_inzage',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('municipality_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column('granted_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('granted_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['gebruiker.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'municipality_code')
    )
    with op.batch_alter_table('gemeente_inzage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gemeente_inzage_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('gemeente_inzage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gemeente_inzage_user_id'))
    op.drop_table('gemeente_inzage')
