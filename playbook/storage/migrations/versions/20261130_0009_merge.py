"""Join the parallel schema changes of November 2026 into one head.

Decisions (0005), the practised playbook (0006), hardening (0007) and jobs (0008) were built
side by side from 0004 and touch different tables, so their order does not matter.

Revision ID: 0009
Revises: 0005, 0006, 0007, 0008
"""

from collections.abc import Sequence

revision: str = '0009'
down_revision: str | Sequence[str] | None = ('0005', '0006', '0007', '0008')
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
