"""A least-privilege PostgreSQL role for the running app.

The schema owner (who runs `playbook db upgrade`) owns every table. The app connects as a
separate role that may only INSERT and SELECT on the append-only history tables, so even with
the app's credentials no one can rewrite, delete or TRUNCATE the record (the triggers of
revisions 0001 and 0007 refuse that for the owner too, unless a superuser lifts them).
"""

import re

from sqlalchemy import Engine, inspect, text

# History and content-addressed snapshots are only ever added to; the schema version is read.
APPEND_ONLY = ("audit", "fase_overgang", "document", "playbook_snapshot", "besluit_status",
               "ronde_feiten", "dreigingsinschatting", "huisvesting", "aanslag", "gebeurtenis",
               "zaak_koppeling", "verwijzing_shn", "buurtbericht",
               "document_ontvangst")
READ_ONLY = ("alembic_version",)


def app_role_sql(engine: Engine, role: str, password: str | None = None) -> list[str]:
    """The statements that create (or refresh) `role` with exactly the rights the app needs."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        from playbook.errors import InvalidInput

        raise InvalidInput([f"rol: '{role[:40]}' mag alleen kleine letters, cijfers en _ bevatten"])
    with engine.connect() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    tables = sorted(inspect(engine).get_table_names(schema=schema))
    login = "LOGIN" + (" PASSWORD " + _literal(password) if password else "")
    statements = [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
        f"CREATE ROLE {role} {login}; END IF; END $$",
        f"ALTER ROLE {role} SET search_path = {schema}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
    ]
    for table in tables:
        if table in APPEND_ONLY:
            rights = "SELECT, INSERT"
        elif table in READ_ONLY:
            rights = "SELECT"
        else:
            rights = "SELECT, INSERT, UPDATE, DELETE"
        statements.append(f"GRANT {rights} ON {schema}.{table} TO {role}")
    return statements


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def create_app_role(engine: Engine, role: str, password: str | None = None) -> list[str]:
    statements = app_role_sql(engine, role, password)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    return statements
