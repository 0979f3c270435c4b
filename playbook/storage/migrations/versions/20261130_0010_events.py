"""events: every domain event emitted on a case, append-only

Revision ID: 0010
Revises: 0009
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

import playbook.storage.types

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'gebeurtenis',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('round', sa.Integer(), nullable=False),
        sa.Column('event', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('because', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['zaak.id'], ),
        sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('gebeurtenis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gebeurtenis_case_id'), ['case_id'], unique=False)
    # Same guards as the other history tables (0001, 0007): no UPDATE, DELETE or TRUNCATE.
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER gebeurtenis_no_{action.lower()} BEFORE {action} ON gebeurtenis "
                "BEGIN SELECT RAISE(ABORT, 'gebeurtenis is append-only'); END"
            )
        return
    op.execute("CREATE TRIGGER gebeurtenis_append_only BEFORE UPDATE OR DELETE ON gebeurtenis "
               "FOR EACH ROW EXECUTE FUNCTION playbook_append_only()")
    op.execute("CREATE TRIGGER gebeurtenis_no_truncate BEFORE TRUNCATE ON gebeurtenis "
               "FOR EACH STATEMENT EXECUTE FUNCTION playbook_no_truncate()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS gebeurtenis_no_{action}")
    else:
        op.execute("DROP TRIGGER IF EXISTS gebeurtenis_append_only ON gebeurtenis")
        op.execute("DROP TRIGGER IF EXISTS gebeurtenis_no_truncate ON gebeurtenis")
    with op.batch_alter_table('gebeurtenis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gebeurtenis_case_id'))
    op.drop_table('gebeurtenis')
