"""practice: case facts, incident groups, attacks per round, local due moments

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-30 06:20:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

import playbook.storage.types

revision: str = '0006'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FLAGS = ('residents_displaced', 'vehicle_at_home', 'children', 'mixed_use', 'public_building',
          'occupant_involved')


def upgrade() -> None:
    op.create_table(
        'incident',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('municipality_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column('occurred_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('created_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_municipality_code'), ['municipality_code'],
                              unique=False)

    with op.batch_alter_table('zaak', schema=None) as batch_op:
        for flag in _FLAGS:
            batch_op.add_column(sa.Column(flag, sa.Boolean(), nullable=False,
                                          server_default=sa.false()))
        batch_op.add_column(sa.Column('tenure', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('business_kind', sqlmodel.sql.sqltypes.AutoString(),
                                      nullable=True))
        batch_op.add_column(sa.Column('earlier_attacks', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('incident_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_zaak_incident_id'), ['incident_id'], unique=False)
        batch_op.create_foreign_key('fk_zaak_incident_id', 'incident', ['incident_id'], ['id'])

    op.create_table(
        'aanslag',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('round', sa.Integer(), nullable=False),
        sa.Column('occurred_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('incident_kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('injured', sa.Integer(), nullable=False),
        sa.Column('damage', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('residents_displaced', sa.Boolean(), nullable=False),
        sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('recorded_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['zaak.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id', 'number'),
    )
    with op.batch_alter_table('aanslag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aanslag_case_id'), ['case_id'], unique=False)

    op.create_table(
        'zaak_moment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('anchor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('recorded_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['zaak.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id', 'anchor'),
    )
    with op.batch_alter_table('zaak_moment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zaak_moment_case_id'), ['case_id'], unique=False)
    _append_only('aanslag')


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS aanslag_no_{action}")
    else:
        op.execute("DROP TRIGGER IF EXISTS aanslag_append_only ON aanslag")
    with op.batch_alter_table('zaak_moment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zaak_moment_case_id'))
    op.drop_table('zaak_moment')
    with op.batch_alter_table('aanslag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aanslag_case_id'))
    op.drop_table('aanslag')
    with op.batch_alter_table('zaak', schema=None) as batch_op:
        batch_op.drop_constraint('fk_zaak_incident_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_zaak_incident_id'))
        for column in (*_FLAGS, 'tenure', 'business_kind', 'earlier_attacks', 'incident_id'):
            batch_op.drop_column(column)
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_municipality_code'))
    op.drop_table('incident')


def _append_only(table: str) -> None:
    """Same database-level guard as the other history tables (see 0001)."""
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
        return
    op.execute(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION playbook_append_only()"
    )
