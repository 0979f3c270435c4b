"""besluit_kaart: the map a gebiedsverbod or cameratoezicht refers to, as an image

Revision ID: 0019_measure_map
Revises: 0018_area_ban_address

A gebiedsverbod said "Het gebied staat op de kaart: Bijlage 1" while no map went with it: the
addressee could not see where he may not come. The map is now stored with the decision and
printed as the letter's bijlage; a ban is not taken without it.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

import playbook.storage.types

revision: str = '0019_measure_map'
down_revision: str | None = '0018_area_ban_address'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'besluit_kaart',
        sa.Column('decision_id', sa.Integer(), nullable=False),
        sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('media_type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('added_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('added_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['decision_id'], ['besluit.id']),
        sa.PrimaryKeyConstraint('decision_id'),
    )


def downgrade() -> None:
    op.drop_table('besluit_kaart')
