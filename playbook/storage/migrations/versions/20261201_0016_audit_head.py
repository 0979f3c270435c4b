"""zaak.audit_head and audit_anker: where each audit chain ends, kept beside the chain

Revision ID: 0016_audit_head
Revises: 0015_werk_indexes

A chain verifies row by row, so deleting its newest rows left a shorter chain that still
verified. Each case now names its chain's newest hash, and the one row of audit_anker names
the global chain's (rows without a case); both are written in the transaction that appends
(playbook/cases/audit.py), so `playbook audit verifieer` finds a chain cut short. Filled here
from the newest rows.
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
    op.create_table(
        'audit_anker',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('head', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.PrimaryKeyConstraint('id'))
    op.execute("INSERT INTO audit_anker (id, head) VALUES (1, (SELECT audit.hash FROM audit "
               "WHERE audit.case_id IS NULL ORDER BY audit.id DESC LIMIT 1))")


def downgrade() -> None:
    op.drop_table('audit_anker')
    with op.batch_alter_table('zaak', schema=None) as batch_op:
        batch_op.drop_column('audit_head')
