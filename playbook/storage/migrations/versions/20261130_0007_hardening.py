"""hardening: server-side sessions, sign-in throttling, API tokens, audit hash chain,
TRUNCATE refused on the append-only tables (PostgreSQL)

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-30 06:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
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
        batch_op.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('redacted', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_person_id'), ['person_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_audit_person_id_persoon'), 'persoon',
                                    ['person_id'], ['id'])
    _restore_sqlite_triggers("audit")  # the foreign key made SQLite copy the table
    op.create_table('bewaartermijn',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('applied_at', playbook.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['zaak.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id', 'kind')
    )
    with op.batch_alter_table('bewaartermijn', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bewaartermijn_case_id'), ['case_id'], unique=False)
    with op.batch_alter_table('gebruiker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_changed_at',
                                      playbook.storage.types.UTCDateTime(timezone=True),
                                      nullable=True))
    _chain_existing_rows()
    _redaction_only_updates()
    _refuse_truncate()


def _restore_sqlite_triggers(table: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER IF NOT EXISTS {table}_no_{action.lower()} BEFORE {action} "
                   f"ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


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
                     sa.column("person_id"), sa.column("hash"), sa.column("redacted"))
    query = sa.select(*(c for c in audit.c if c.name not in ("hash", "redacted"))
                      ).order_by(audit.c.id)
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


# An UPDATE of an audit row is refused unless it is a retention redaction: identity, time,
# actor, action, person and hash unchanged, and `redacted` filled. Which values may be removed
# and that removed values stay empty is checked by `playbook audit verifieer`.
_REDACTION = ("NEW.id = OLD.id AND NEW.hash IS NOT DISTINCT FROM OLD.hash "
              "AND NEW.case_id IS NOT DISTINCT FROM OLD.case_id AND NEW.at = OLD.at "
              "AND NEW.actor = OLD.actor AND NEW.action = OLD.action "
              "AND NEW.person_id IS NOT DISTINCT FROM OLD.person_id "
              "AND coalesce({json_type}(NEW.redacted), '') = 'object'")


def _redaction_only_updates() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_no_update")
        op.execute("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit WHEN NOT ("
                   + _REDACTION.replace("IS NOT DISTINCT FROM", "IS").format(json_type="json_type")
                   + ") BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END")
        return
    condition = _REDACTION.format(json_type="json_typeof")
    op.execute("CREATE FUNCTION playbook_audit_redaction_only() RETURNS trigger LANGUAGE plpgsql "
               f"AS $$ BEGIN IF {condition} THEN RETURN NEW; END IF; "
               "RAISE EXCEPTION 'audit is append-only'; END $$")
    op.execute("DROP TRIGGER IF EXISTS audit_append_only ON audit")
    op.execute("CREATE TRIGGER audit_append_only BEFORE DELETE ON audit "
               "FOR EACH ROW EXECUTE FUNCTION playbook_append_only()")
    op.execute("CREATE TRIGGER audit_redaction_only BEFORE UPDATE ON audit "
               "FOR EACH ROW EXECUTE FUNCTION playbook_audit_redaction_only()")


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
        op.execute("DROP TRIGGER IF EXISTS audit_redaction_only ON audit")
        op.execute("DROP FUNCTION IF EXISTS playbook_audit_redaction_only()")
        op.execute("DROP TRIGGER IF EXISTS audit_append_only ON audit")
        op.execute("CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
                   "FOR EACH ROW EXECUTE FUNCTION playbook_append_only()")
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS playbook_no_truncate()")
    with op.batch_alter_table('gebruiker', schema=None) as batch_op:
        batch_op.drop_column('password_changed_at')
    with op.batch_alter_table('bewaartermijn', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bewaartermijn_case_id'))
    op.drop_table('bewaartermijn')
    with op.batch_alter_table('audit', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_audit_person_id_persoon'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_audit_person_id'))
        batch_op.drop_column('redacted')
        batch_op.drop_column('person_id')
        batch_op.drop_column('hash')
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_no_update")
    _restore_sqlite_triggers("audit")
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))
        batch_op.drop_index(batch_op.f('ix_api_token_token_hash'))
    op.drop_table('api_token')
    op.drop_table('inlogpoging')
    with op.batch_alter_table('sessie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sessie_user_id'))
        batch_op.drop_index(batch_op.f('ix_sessie_token_hash'))
    op.drop_table('sessie')
