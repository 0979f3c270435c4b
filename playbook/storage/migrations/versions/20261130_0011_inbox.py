"""inbox: partner users' read and acknowledged states per document, append-only

Revision ID: 0011_inbox
Revises: 0010
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

import playbook.storage.types

revision: str = '0011_inbox'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'document_ontvangst',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
        sa.ForeignKeyConstraint(['user_id'], ['gebruiker.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('document_id', 'user_id', 'state')
    )
    with op.batch_alter_table('document_ontvangst', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_ontvangst_document_id'), ['document_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_document_ontvangst_user_id'), ['user_id'],
                              unique=False)
    # Same guards as the other history tables (0001, 0007, 0010): no UPDATE, DELETE or TRUNCATE.
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER document_ontvangst_no_{action.lower()} BEFORE {action} "
                "ON document_ontvangst "
                "BEGIN SELECT RAISE(ABORT, 'document_ontvangst is append-only'); END"
            )
        return
    op.execute("CREATE TRIGGER document_ontvangst_append_only BEFORE UPDATE OR DELETE "
               "ON document_ontvangst FOR EACH ROW EXECUTE FUNCTION playbook_append_only()")
    op.execute("CREATE TRIGGER document_ontvangst_no_truncate BEFORE TRUNCATE "
               "ON document_ontvangst FOR EACH STATEMENT EXECUTE FUNCTION playbook_no_truncate()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS document_ontvangst_no_{action}")
    else:
        op.execute("DROP TRIGGER IF EXISTS document_ontvangst_append_only ON document_ontvangst")
        op.execute("DROP TRIGGER IF EXISTS document_ontvangst_no_truncate ON document_ontvangst")
    with op.batch_alter_table('document_ontvangst', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_ontvangst_user_id'))
        batch_op.drop_index(batch_op.f('ix_document_ontvangst_document_id'))
    op.drop_table('document_ontvangst')
