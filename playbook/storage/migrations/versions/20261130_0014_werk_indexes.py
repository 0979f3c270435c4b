"""werk: index (case, kind, due time) for the late steps of the case list (issue 9)

Revision ID: 0014_werk_te_laat
Revises: 0013_measures

The case list reads, per row, how many steps of the case are late and the first three titles,
as ranges of this index. It starts with case_id, so it replaces ix_werk_case_id.
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0014_werk_te_laat'
down_revision: str | None = '0013_measures'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('werk', schema=None) as batch_op:
        batch_op.create_index('ix_werk_zaak_te_laat', ['case_id', 'kind', 'due_at'], unique=False)
        batch_op.drop_index(batch_op.f('ix_werk_case_id'))


def downgrade() -> None:
    with op.batch_alter_table('werk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_werk_case_id'), ['case_id'], unique=False)
        batch_op.drop_index('ix_werk_zaak_te_laat')
