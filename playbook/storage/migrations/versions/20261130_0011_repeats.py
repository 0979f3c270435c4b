"""repeats: BAG id per case and links between repeat cases (append-only)

Revision ID: 0011_repeats
Revises: 0010
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

import playbook.storage.types

revision: str = '0011_repeats'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'zaak_adres',
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('bag_id', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column('reported_earlier_attacks', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['zaak.id'], ),
        sa.PrimaryKeyConstraint('case_id')
    )
    with op.batch_alter_table('zaak_adres', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zaak_adres_bag_id'), ['bag_id'], unique=False)
    op.create_table(
        'zaak_koppeling',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('earlier_case_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['zaak.id'], ),
        sa.ForeignKeyConstraint(['earlier_case_id'], ['zaak.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id', 'earlier_case_id', 'kind')
    )
    with op.batch_alter_table('zaak_koppeling', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zaak_koppeling_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_zaak_koppeling_earlier_case_id'), ['earlier_case_id'],
                              unique=False)
    # Same guards as the other history tables (0001, 0007, 0010): no UPDATE, DELETE or TRUNCATE.
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER zaak_koppeling_no_{action.lower()} BEFORE {action} ON "
                "zaak_koppeling BEGIN SELECT RAISE(ABORT, 'zaak_koppeling is append-only'); END"
            )
        return
    op.execute("CREATE TRIGGER zaak_koppeling_append_only BEFORE UPDATE OR DELETE ON "
               "zaak_koppeling FOR EACH ROW EXECUTE FUNCTION playbook_append_only()")
    op.execute("CREATE TRIGGER zaak_koppeling_no_truncate BEFORE TRUNCATE ON zaak_koppeling "
               "FOR EACH STATEMENT EXECUTE FUNCTION playbook_no_truncate()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS zaak_koppeling_no_{action}")
    else:
        op.execute("DROP TRIGGER IF EXISTS zaak_koppeling_append_only ON zaak_koppeling")
        op.execute("DROP TRIGGER IF EXISTS zaak_koppeling_no_truncate ON zaak_koppeling")
    with op.batch_alter_table('zaak_koppeling', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zaak_koppeling_earlier_case_id'))
        batch_op.drop_index(batch_op.f('ix_zaak_koppeling_case_id'))
    op.drop_table('zaak_koppeling')
    with op.batch_alter_table('zaak_adres', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zaak_adres_bag_id'))
    op.drop_table('zaak_adres')
