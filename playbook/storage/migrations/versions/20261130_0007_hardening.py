"""hardening: server-side sessions, sign-in throttling, API tokens, audit hash chain,
TRUNCATE refused on the append-only tables (PostgreSQL)

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-30 06:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import playbook.storage.types

revision: str = '0007'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = ("audit", "fase_overgang", "document")


def upgrade() -> None:
    op.create_table('sessie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_reason', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('user_agent', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['gebruiker.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sessie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sessie_token_hash'), ['token_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_sessie_user_id'), ['user_id'], unique=False)
    op.create_table('inlogpoging',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_start', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('locked_until', playbook.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('lockouts', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['gebruiker.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_token_hash'), ['token_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)
    # SQLite adds a column in place (no table copy), so the append-only triggers stay.
    with op.batch_alter_table('audit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=True))
    with op.batch_alter_table('gebruiker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_changed_at',
                                      playbook.storage.types.UTCDateTime(timezone=True),
                                      nullable=True))
    _chain_existing_rows()
    _refuse_truncate()


def _chain_existing_rows() -> None:
    """Give rows written before this revision their hash, so every chain starts at its first row.
    The append-only trigger is lifted for this one UPDATE inside the migration's transaction."""
    from playbook.cases.audit import GENESIS, chain_hash
    from playbook.storage.tables import AuditEvent

    bind = op.get_bind()
    # Typed columns of this revision (not the ORM model, which later revisions may extend).
    audit = sa.table("audit", sa.column("id"), sa.column("case_id"),
                     sa.column("at", playbook.storage.types.UTCDateTime()), sa.column("actor"),
                     sa.column("action"), sa.column("subject"), sa.column("old"),
                     sa.column("new"), sa.column("reason"), sa.column("details", sa.JSON()),
                     sa.column("hash"))
    query = sa.select(*(c for c in audit.c if c.name != "hash")).order_by(audit.c.id)
    rows = [AuditEvent(**row._mapping) for row in bind.execute(query)]
    if not rows:
        return
    sqlite = bind.dialect.name == "sqlite"
    op.execute("DROP TRIGGER IF EXISTS audit_no_update" if sqlite
               else "ALTER TABLE audit DISABLE TRIGGER audit_append_only")
    last: dict[int | None, str] = {}
    for row in rows:
        value = chain_hash(last.get(row.case_id, GENESIS), row)
        bind.execute(sa.update(audit).where(audit.c.id == row.id).values(hash=value))
        last[row.case_id] = value
    op.execute("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
               "BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END" if sqlite
               else "ALTER TABLE audit ENABLE TRIGGER audit_append_only")


def _refuse_truncate() -> None:
    # SQLite has no TRUNCATE (DELETE is already refused by the triggers of revision 0001).
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION playbook_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION '% is append-only: TRUNCATE is not allowed', TG_TABLE_NAME; END $$"
    )
    for table in APPEND_ONLY:
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION playbook_no_truncate()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS playbook_no_truncate()")
    with op.batch_alter_table('gebruiker', schema=None) as batch_op:
        batch_op.drop_column('password_changed_at')
    with op.batch_alter_table('audit', schema=None) as batch_op:
        batch_op.drop_column('hash')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))
        batch_op.drop_index(batch_op.f('ix_api_token_token_hash'))
    op.drop_table('api_token')
    op.drop_table('inlogpoging')
    with op.batch_alter_table('sessie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sessie_user_id'))
        batch_op.drop_index(batch_op.f('ix_sessie_token_hash'))
    op.drop_table('sessie')
