"""weigering: a person's refusal of a purpose (referral to Slachtofferhulp, ...) without consent
in force, its own record next to `toestemming`

Only added by the service, but no append-only trigger: retention scrubs names from `note`
(retention/personal.py), as it does for `toestemming.note`.

Revision ID: 0014_weigering
Revises: 0013_measures
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

import playbook.storage.types

revision: str = "0014_weigering"
down_revision: str | None = "0013_measures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "weigering",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("refused_at", playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("recorded_at", playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["zaak.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["persoon.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("weigering", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_weigering_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_weigering_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("weigering", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_weigering_person_id"))
        batch_op.drop_index(batch_op.f("ix_weigering_case_id"))
    op.drop_table("weigering")
