"""besluit.hearing_heard: who gave a zienswijze, by person

Revision ID: 0017_hearing_heard
Revises: 0016_audit_head

Before the zienswijze term ends, a decision may be taken only once every belanghebbende it
will be addressed to has been heard (art. 4:8 Awb). One yes/no for the whole decision could
not say whether the landlord had been heard as well as the resident; the persons heard can.
Empty for decisions recorded before: their yes/no stays as it was.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0017_hearing_heard'
down_revision: str | None = '0016_audit_head'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('besluit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hearing_heard', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('besluit', schema=None) as batch_op:
        batch_op.drop_column('hearing_heard')
