"""werk: indexes for the late steps of the case list and the count of "Mijn werk" (issue 9)

Revision ID: 0015_werk_indexes
Revises: 0014_weigering

ix_werk_zaak_te_laat (case, kind, due time): the case list reads, per row, how many steps of
the case are late and the first three titles as ranges of it. It starts with case_id, so it
replaces ix_werk_case_id. ix_werk_gemeente_soort (municipality, kind, due time): "Mijn werk"
counts its items as ranges of kind without reading the table (playbook/cases/worklist.py).
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0015_werk_indexes'
down_revision: str | None = '0014_weigering'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('werk', schema=None) as batch_op:
        batch_op.create_index('ix_werk_zaak_te_laat', ['case_id', 'kind', 'due_at'], unique=False)
        batch_op.create_index('ix_werk_gemeente_soort', ['municipality_code', 'kind', 'due_at'],
                              unique=False)
        batch_op.drop_index(batch_op.f('ix_werk_case_id'))


def downgrade() -> None:
    with op.batch_alter_table('werk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_werk_case_id'), ['case_id'], unique=False)
        batch_op.drop_index('ix_werk_gemeente_soort')
        batch_op.drop_index('ix_werk_zaak_te_laat')
