"""zaak.audit_head: the newest hash of each case's audit chain, kept on the case

Revision ID: 0016_audit_head
Revises: 0015_werk_indexes

A chain verifies row by row, so deleting its newest rows left a shorter chain that still
verified. The case now names its newest hash (written in the transaction that appends,
playbook/cases/audit.py), so `playbook audit verifieer` finds a chain cut short. Filled here
from each case's newest audit row.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0016_audit_head'
down_revision: str | None = '0015_werk_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('zaak', schema=None) as batch_op:
        batch_op.add_column(sa.Column('audit_head', sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=True))
    # The version is not bumped: the case's content did not change, only where its chain ends.
    op.execute("UPDATE zaak SET audit_head = (SELECT audit.hash FROM audit WHERE "
               "audit.case_id = zaak.id ORDER BY audit.id DESC LIMIT 1)")


def downgrade() -> None:
    with op.batch_alter_table('zaak', schema=None) as batch_op:
        batch_op.drop_column('audit_head')
