"""verwijzing: consent records, Slachtofferhulp referrals (append-only) and the facts released
to the street (append-only)

Revision ID: 0011_verwijzing
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

import playbook.storage.types

revision: str = "0011_verwijzing"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = ("verwijzing_shn", "buurtbericht")


def upgrade() -> None:
    op.create_table(
        "toestemming",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("given_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("given_at", playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("covers_contact", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("withdrawn_at", playbook.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("recorded_at", playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["zaak.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persoon.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("toestemming", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_toestemming_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_toestemming_person_id"), ["person_id"], unique=False)
    op.create_table(
        "verwijzing_shn",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("route", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("referred_at", playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("recorded_at", playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["zaak.id"],
        ),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["toestemming.id"],
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persoon.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("verwijzing_shn", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verwijzing_shn_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_verwijzing_shn_person_id"), ["person_id"], unique=False
        )
    op.create_table(
        "buurtbericht",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("injured", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("safety", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("meeting_at", playbook.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("meeting_place", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("at", playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["zaak.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("buurtbericht", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_buurtbericht_case_id"), ["case_id"], unique=False)
    # Same guards as the other history tables (0001, 0007, 0010): no UPDATE, DELETE or TRUNCATE.
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in APPEND_ONLY:
        if sqlite:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
            continue
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION playbook_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION playbook_no_truncate()"
        )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in APPEND_ONLY:
        if sqlite:
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    for table, indexes in (
        ("buurtbericht", ("case_id",)),
        ("verwijzing_shn", ("case_id", "person_id")),
        ("toestemming", ("case_id", "person_id")),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in indexes:
                batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
        op.drop_table(table)
