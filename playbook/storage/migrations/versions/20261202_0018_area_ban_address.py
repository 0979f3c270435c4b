"""besluit_maatregel.person_address: where the addressee of a gebiedsverbod lives

Revision ID: 0018_area_ban_address
Revises: 0017_hearing_heard

A gebiedsverbod made known by post (art. 3:41 Awb) needs the addressee's address. A person of
the case has one; a new person named only on the measure had none, and the letter went out
with a name and no address. Empty for measures recorded before.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0018_area_ban_address'
down_revision: str | None = '0017_hearing_heard'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('besluit_maatregel', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_address', sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('besluit_maatregel', schema=None) as batch_op:
        batch_op.drop_column('person_address')
