"""read models: list columns on zaak, fixed due times on stap, werk and zoekterm (issue 9)

Revision ID: 0011_readmodels
Revises: 0010

The backfill computes the read model of every existing case with the application's own code
(playbook/cases/readmodel.py), the same as `playbook zaken herbereken`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

import playbook.storage.types

revision: str = "0011_readmodels"  # main already has 0011 (reminders)
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "werk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("partner", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("phase_title", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("due_at", playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("anchor", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["zaak.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("werk", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_werk_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "ix_werk_gemeente_termijn", ["municipality_code", "due_at"], unique=False
        )

    op.create_table(
        "zoekterm",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("term", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["zaak.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("zoekterm", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_zoekterm_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "ix_zoekterm_gemeente_term",
            ["municipality_code", "term"],
            unique=False,
            postgresql_ops={"term": "text_pattern_ops"},
        )

    with op.batch_alter_table("stap", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("due_at", playbook.storage.types.UTCDateTime(timezone=True), nullable=True)
        )

    with op.batch_alter_table("zaak", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "next_due_at", playbook.storage.types.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column("phase_title", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("phase_order", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("open_mandatory", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("overdue_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("overdue_steps", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "summary_at", playbook.storage.types.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch_op.create_index(
            "ix_zaak_gemeente_incident", ["municipality_code", "incident_at"], unique=False
        )
        batch_op.create_index(
            "ix_zaak_gemeente_termijn", ["municipality_code", "next_due_at"], unique=False
        )

    _backfill()


def _backfill() -> None:
    """Existing cases get their read model now. The application's models may already know
    columns that a sibling migration adds later in this same upgrade: then reading them would
    fail, so the backfill is left to `playbook zaken herbereken` (and says so)."""
    from datetime import UTC, datetime

    from sqlmodel import Session, SQLModel

    from playbook.cases.readmodel import rebuild_all

    bind = op.get_bind()
    if not bind.execute(sa.text("SELECT count(*) FROM zaak")).scalar():
        return
    inspector = sa.inspect(bind)
    for table in SQLModel.metadata.sorted_tables:
        known = (
            {c["name"] for c in inspector.get_columns(table.name)}
            if inspector.has_table(table.name)
            else set()
        )
        missing = sorted({c.name for c in table.columns} - known)
        if missing:
            print(
                f"Leesmodellen niet aangevuld: tabel {table.name} mist nog {missing}. "
                "Draai na de upgrade: playbook zaken herbereken"
            )
            return
    with Session(bind=bind) as session:
        rebuild_all(session, datetime.now(UTC))
        session.commit()  # joins alembic's transaction: only flushes; alembic commits


def downgrade() -> None:
    with op.batch_alter_table("zaak", schema=None) as batch_op:
        batch_op.drop_index("ix_zaak_gemeente_termijn")
        batch_op.drop_index("ix_zaak_gemeente_incident")
        batch_op.drop_column("summary_at")
        batch_op.drop_column("overdue_steps")
        batch_op.drop_column("overdue_count")
        batch_op.drop_column("open_mandatory")
        batch_op.drop_column("phase_order")
        batch_op.drop_column("phase_title")
        batch_op.drop_column("next_due_at")

    with op.batch_alter_table("stap", schema=None) as batch_op:
        batch_op.drop_column("due_at")

    with op.batch_alter_table("zoekterm", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_zoekterm_gemeente_term", postgresql_ops={"term": "text_pattern_ops"}
        )
        batch_op.drop_index(batch_op.f("ix_zoekterm_case_id"))

    op.drop_table("zoekterm")
    with op.batch_alter_table("werk", schema=None) as batch_op:
        batch_op.drop_index("ix_werk_gemeente_termijn")
        batch_op.drop_index(batch_op.f("ix_werk_case_id"))

    op.drop_table("werk")
