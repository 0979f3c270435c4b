"""A cold case's snapshot tables in one statement.

A process that did not see a case's last version (cases/kept_versions.py; with several web
workers, most actions; on SQLite, a case changed by the CLI or a job worker) reads the case's
persons, steps, phase entries, attacks, moments and events before it can check an action,
and its open work (`werk`) when the read model is refreshed, and its decisions for the
statutory terms: eight SELECTs, on PostgreSQL eight round trips to the server, on SQLite
eight times SQLAlchemy's work around a statement. Here they are one statement, each table
aggregated to JSON, and the rows go into this transaction's kept rows (cases/kept_rows.py)
exactly as the per-table queries would have returned them, where those queries then find
them. The open work is kept only with the `summary_at` this transaction read with the case,
and the decisions only when there are none (they are ORM objects, which a service may
change), both as across transactions.

A case read by its reference comes with its rows in the same statement (`case_statement`,
repository.get_case), unless this process keeps them at the version the case has: each
aggregate stands in `CASE WHEN zaak.version = :kept THEN NULL ELSE ... END`, so the database
skips them for a case whose rows are current here, and reads them at once for a case another
worker changed since: one statement either way. On PostgreSQL it is planned once per
connection (psycopg prepares it at its sixth use; read sessions end without a ROLLBACK, which
would make psycopg forget it, storage/db.py). `prefetch` reads the rows of a case read
otherwise, in one more statement.
"""

import json
from collections import namedtuple
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    Dialect,
    Select,
    Table,
    bindparam,
    case,
    literal_column,
    null,
    text,
)
from sqlalchemy.sql.selectable import TextualSelect
from sqlalchemy.types import TypeDecorator, TypeEngine
from sqlmodel import Session, select

from playbook.cases.kept_rows import (
    FIELDS,
    LOADED_KEY,
    MOMENT_FIELDS,
    ROWS_KEY,
    WORK,
    WORK_VALUES,
    as_read,
)
from playbook.storage.tables import (
    AttackRecord,
    Case,
    CaseMoment,
    Decision,
    EventRecord,
    Person,
    PhaseEntry,
    StepState,
)
from playbook.storage.tables_readmodels import WorkItem
from playbook.storage.types import UTCDateTime

# Kept-rows name -> (table, columns as the snapshot selects them).
TABLES: dict[str, tuple[Table, tuple[str, ...]]] = {
    name: (model.__table__, fields)  # type: ignore[union-attr]
    for name, model, fields in (
        ("persoon", Person, FIELDS["persoon"]), ("stap", StepState, FIELDS["stap"]),
        ("fase", PhaseEntry, FIELDS["fase"]), ("aanslag", AttackRecord, FIELDS["aanslag"]),
        ("moment", CaseMoment, MOMENT_FIELDS),
        ("gebeurtenis", EventRecord, FIELDS["gebeurtenis"]))}
# The order the per-table queries give (cases/snapshots.py); the others in the order rows
# were written, which is how kept rows add a written row (cases/kept_rows.py).
ORDER = {"aanslag": "number"}
_ROWS = {name: namedtuple(f"_{name}", fields) for name, (_table, fields) in TABLES.items()}
_WORK = WorkItem.__table__  # type: ignore[attr-defined]
DECISIONS = "besluit"  # kept only when the case has none (cases/kept_versions.py)
NO_DECISIONS, SUMMARY_AT = "no_decisions", "read_summary_at"  # columns of the statements


def _aggregate(dialect: str, values: str, order: str | None) -> str:
    """Rows as one JSON array of arrays. SQLite (3.40) has no ORDER BY inside an aggregate:
    there each row leads with its order key, and `_rows` sorts on it and drops it."""
    if dialect == "postgresql":
        return f"json_agg(json_build_array({values}){f' ORDER BY {order}' if order else ''})"
    return f"json_group_array(json_array({f'{order}, ' if order else ''}{values}))"


def _parts(case_id: str, dialect: str) -> dict[str, str]:
    """Per kept table, the rows of the case whose id is the SQL expression `case_id`, as one
    JSON value; and whether the case has no decisions."""
    parts = {}
    for name, (table, fields) in TABLES.items():
        rows = _aggregate(dialect, ", ".join(fields), ORDER.get(name, "id"))
        parts[name] = f"(SELECT {rows} FROM {table.name} WHERE case_id = {case_id})"
    work = _aggregate(dialect, f"key, {', '.join(WORK_VALUES)}", None)
    parts[WORK] = f"(SELECT {work} FROM {_WORK.name} WHERE case_id = {case_id})"
    parts[NO_DECISIONS] = (f"NOT EXISTS (SELECT 1 FROM {Decision.__tablename__} "
                           f"WHERE case_id = {case_id})")
    return parts


_ZAAK = Case.__table__  # type: ignore[attr-defined]


@cache
def _statement(dialect: str) -> TextualSelect:
    parts = {**_parts(":case_id", dialect),
             SUMMARY_AT: "(SELECT summary_at FROM zaak WHERE id = :case_id)"}
    return text("SELECT " + ", ".join(f"{sql} AS {name}" for name, sql in parts.items())
                ).columns(**{SUMMARY_AT: UTCDateTime()})  # as the case's own column reads


@cache
def case_statement(dialect: str) -> Select[Any]:
    """A case by its reference (:reference) with its rows in one round trip; the rows are NULL
    when the case has the version (:kept) whose rows this process keeps."""
    skip = _ZAAK.c.version == bindparam("kept")
    rows: list[Any] = [case((skip, null()), else_=literal_column(sql)).label(name)
                       for name, sql in _parts(f"{_ZAAK.name}.id", dialect).items()]
    return select(Case, _ZAAK.c.summary_at.label(SUMMARY_AT), *rows).where(
        _ZAAK.c.reference == bindparam("reference"))


def _datetime(value: str) -> datetime:
    """JSON gives timestamptz as ISO text with the session's offset; a query gives it in UTC
    (storage/types.py)."""
    return datetime.fromisoformat(value).astimezone(UTC)


def _reader(kind: TypeEngine[Any]) -> Callable[[Any], Any] | None:
    """How a column's JSON value on PostgreSQL becomes what a query returns (None: as it is)."""
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, DateTime):
        return _datetime
    return date.fromisoformat if isinstance(kind, Date) else None


@lru_cache(maxsize=64)  # keyed by the engine's dialect: one per engine in the process
def _readers(name: str, dialect: Dialect) -> tuple[Callable[[Any], Any] | None, ...]:
    """Per column of a kept table: on PostgreSQL from its JSON form; on SQLite JSON holds the
    stored value itself (text for a timestamp, 0 or 1 for a boolean), which the column's own
    result processing turns into what a query returns."""
    table, fields = (_WORK, ("key", *WORK_VALUES)) if name == WORK else TABLES[name]
    if dialect.name == "postgresql":
        return tuple(_reader(table.c[f].type) for f in fields)
    return tuple(table.c[f].type.dialect_impl(dialect).result_processor(dialect, None)
                 for f in fields)


def _rows(name: str, found: Any, dialect: Dialect) -> list[list[Any]]:
    """One aggregate's rows as a query returns them, in its order (see `_aggregate`)."""
    if found is None:
        return []
    rows: list[list[Any]] = json.loads(found) if isinstance(found, str) else found
    if dialect.name != "postgresql" and name != WORK:
        rows = [row[1:] for row in sorted(rows, key=lambda row: row[0])]
    readers = _readers(name, dialect)
    return [[value if read is None or value is None else read(value)
             for read, value in zip(readers, row, strict=True)] for row in rows]


def _work(rows: list[list[Any]]) -> dict[str, dict[str, Any]]:
    """The open work by key, as readmodel._sync_work reads it."""
    return {key: dict(zip(WORK_VALUES, rest, strict=True)) for key, *rest in rows}


def prefetch(session: Session, case_id: int) -> None:
    """Read the tables of one case that this transaction does not keep yet, in one statement."""
    store = session.info.setdefault(ROWS_KEY, {})
    if sum((name, case_id) not in store for name in TABLES) < 2:
        return  # one query or none: the per-table query is as quick
    statement = _statement(session.get_bind().dialect.name)
    keep_found(session, case_id, session.execute(statement, {"case_id": case_id}).one()._mapping)


def keep_found(session: Session, case_id: int, found: Mapping[Any, Any]) -> None:
    """Keep the rows of one case read by `_statement` or `case_statement`, where this
    transaction does not keep that table yet."""
    store = session.info.setdefault(ROWS_KEY, {})
    dialect = session.get_bind().dialect
    missing = [name for name in TABLES if (name, case_id) not in store]
    for name in missing:
        store[(name, case_id)] = [_ROWS[name](*values)
                                  for values in _rows(name, found[name], dialect)]
    loaded = session.info.get(LOADED_KEY, {}).get(case_id)
    summary_at = loaded[2] if loaded is not None else None
    if (WORK, case_id) not in store and summary_at is not None \
            and found[SUMMARY_AT] == summary_at:  # what this transaction read of the case
        store[(WORK, case_id)] = (as_read(summary_at), _work(_rows(WORK, found[WORK], dialect)))
    if (DECISIONS, case_id) not in store and found[NO_DECISIONS]:
        store[(DECISIONS, case_id)] = []
