"""Join the parallel schema changes of 30 November 2026 into one head.

Municipality grants, reminders, repeat links, referrals, read models and inbox receipts were built side by
side from 0010 and touch different tables (the read models add columns to `zaak` only), so
their order does not matter.

Revision ID: 0012_merge
Revises: 0011, 0011_grants, 0011_repeats, 0011_verwijzing, 0011_readmodels, 0011_inbox
"""

from collections.abc import Sequence

revision: str = '0012_merge'
down_revision: str | Sequence[str] | None = ('0011', '0011_grants', '0011_repeats',
                                             '0011_verwijzing', '0011_readmodels', '0011_inbox')
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
