"""measures as decisions: cameratoezicht, gebiedsverbod, sluiting art. 13b Opiumwet (issue 13)

Revision ID: 0013_measures
Revises: 0012_merge (one head: main merged the parallel 0011 revisions)
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0013_measures'
down_revision: str | None = '0012_merge'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(), nullable=True)


def upgrade() -> None:
    op.create_table(
        'besluit_maatregel',
        sa.Column('decision_id', sa.Integer(), nullable=False),
        _text('area'),
        _text('map_reference'),
        sa.Column('end_date', sa.Date(), nullable=True),
        _text('council_basis'),
        sa.Column('retention_days', sa.Integer(), nullable=True),
        sa.Column('evaluation_on', sa.Date(), nullable=True),
        _text('evaluation_how'),
        _text('publication'),
        sa.Column('person_id', sa.Integer(), nullable=True),
        _text('person_name'),
        sa.Column('leading_role', sa.Boolean(), nullable=False),
        _text('fear_of_further'),
        sa.Column('warning_on', sa.Date(), nullable=True),
        _text('no_warning_reason'),
        sa.Column('extension_number', sa.Integer(), nullable=False),
        _text('substances'),
        _text('substance_list'),
        sa.Column('trading_quantity', sa.Boolean(), nullable=False),
        sa.Column('dealing_from_premises', sa.Boolean(), nullable=False),
        sa.Column('preparatory_acts', sa.Boolean(), nullable=False),
        _text('blameworthiness'),
        _text('adaptations'),
        _text('consequences'),
        sa.Column('first_offence', sa.Boolean(), nullable=False),
        sa.Column('damocles_warning_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['decision_id'], ['besluit.id'], ),
        sa.ForeignKeyConstraint(['person_id'], ['persoon.id'], ),
        sa.PrimaryKeyConstraint('decision_id'),
    )
    op.create_table(
        'besluit_maatregel_incident',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('decision_id', sa.Integer(), nullable=False),
        sa.Column('occurred_on', sa.Date(), nullable=False),
        sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(['decision_id'], ['besluit.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('besluit_maatregel_incident', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_besluit_maatregel_incident_decision_id'), ['decision_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('besluit_maatregel_incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_besluit_maatregel_incident_decision_id'))
    op.drop_table('besluit_maatregel_incident')
    op.drop_table('besluit_maatregel')
