"""A cold case's snapshot tables in one round trip, on PostgreSQL.

A process that did not see a case's last version (cases/kept_versions.py; with several web
workers, most actions) reads the case's persons, steps, phase entries, attacks, moments and
events before it can check an action, and its open work (`werk`) when the read model is
refreshed, and its decisions for the statutory terms: eight SELECTs, eight round trips to the
server. Here they are one statement, each table aggregated to JSON, and the rows go into this
transaction's kept rows (cases/kept_rows.py) exactly as the per-table queries would have
returned them, where those queries then find them. The open work is kept only with the
`summary_at` this transaction read with the case, and the decisions only when there are none
(they are ORM objects, which a service may change), both as across transactions.

A case read by its reference comes with its rows in the same statement (`case_statement`,
repository.get_case), unless this process keeps them at the version the case has: each
aggregate stands in `CASE WHEN zaak.version = :kept THEN NULL ELSE ... END`, so the server
skips them for a case whose rows are current here, and reads them at once for a case another
worker changed since (with several web workers, most actions): one round trip either way.
The statement is planned once per connection (psycopg prepares it at its sixth use; read
sessions end without a ROLLBACK, which would make psycopg forget it, storage/db.py).
`prefetch` reads the rows of a case read otherwise, in one more statement. SQLite runs in the
process: a round trip costs nothing there, and it keeps the plain queries.
"""

from collections import namedtuple
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    Select,
    Table,
    bindparam,
    case,
    literal_column,
    null,
    text,
)
from sqlalchemy.sql.elements import TextClause
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


def _parts(case_id: str) -> dict[str, str]:
    """Per kept table, the rows of the case whose id is the SQL expression `case_id`, as one
    JSON value; and whether the case has no decisions."""
    parts = {}
    for name, (table, fields) in TABLES.items():
        values = ", ".join(fields)
        order = ORDER.get(name, "id")
        parts[name] = (f"(SELECT json_agg(json_build_array({values}) ORDER BY {order}) "
                       f"FROM {table.name} WHERE case_id = {case_id})")
    parts[WORK] = (f"(SELECT json_agg(json_build_array(key, {', '.join(WORK_VALUES)})) "
                   f"FROM {_WORK.name} WHERE case_id = {case_id})")
    parts[NO_DECISIONS] = (f"NOT EXISTS (SELECT 1 FROM {Decision.__tablename__} "
                           f"WHERE case_id = {case_id})")
    return parts


@cache
def _statement() -> TextClause:
    parts = {**_parts(":case_id"), SUMMARY_AT: "(SELECT summary_at FROM zaak WHERE id = :case_id)"}
    return text("SELECT " + ", ".join(f"{sql} AS {name}" for name, sql in parts.items()))


@cache
def case_statement() -> Select[Any]:
    """A case by its reference (:reference) with its rows in one round trip; the rows are NULL
    when the case has the version (:kept) whose rows this process keeps."""
    zaak = Case.__table__  # type: ignore[attr-defined]
    skip = zaak.c.version == bindparam("kept")
    rows: list[Any] = [case((skip, null()), else_=literal_column(sql)).label(name)
                       for name, sql in _parts(f"{zaak.name}.id").items()]
    return select(Case, zaak.c.summary_at.label(SUMMARY_AT), *rows).where(
        zaak.c.reference == bindparam("reference"))


def _datetime(value: str) -> datetime:
    """JSON gives timestamptz as ISO text with the session's offset; a query gives it in UTC
    (storage/types.py)."""
    return datetime.fromisoformat(value).astimezone(UTC)


def _reader(kind: TypeEngine[Any]) -> Callable[[Any], Any] | None:
    """How a column's JSON value becomes what a query returns (None: as it is)."""
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, DateTime):
        return _datetime
    return date.fromisoformat if isinstance(kind, Date) else None


@cache
def _readers(name: str) -> tuple[Callable[[Any], Any] | None, ...]:
    table, fields = (_WORK, ("key", *WORK_VALUES)) if name == WORK else TABLES[name]
    return tuple(_reader(table.c[f].type) for f in fields)


def _values(name: str, values: list[Any]) -> list[Any]:
    return [value if read is None or value is None else read(value)
            for read, value in zip(_readers(name), values, strict=True)]


def _work(found: list[list[Any]] | None) -> dict[str, dict[str, Any]]:
    """The open work by key, as readmodel._sync_work reads it."""
    rows = (_values(WORK, values) for values in found or [])
    return {key: dict(zip(WORK_VALUES, rest, strict=True)) for key, *rest in rows}


def prefetch(session: Session, case_id: int) -> None:
    """Read the tables of one case that this transaction does not keep yet, in one statement
    (PostgreSQL only; elsewhere nothing happens)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    store = session.info.setdefault(ROWS_KEY, {})
    if sum((name, case_id) not in store for name in TABLES) < 2:
        return  # one query or none: the per-table query is the same round trip
    keep_found(session, case_id, session.execute(_statement(), {"case_id": case_id}).one()._mapping)


def keep_found(session: Session, case_id: int, found: Mapping[Any, Any]) -> None:
    """Keep the rows of one case read by `_statement` or `case_statement`, where this
    transaction does not keep that table yet."""
    store = session.info.setdefault(ROWS_KEY, {})
    missing = [name for name in TABLES if (name, case_id) not in store]
    for name in missing:
        store[(name, case_id)] = [_ROWS[name](*_values(name, values))
                                  for values in found[name] or []]
    loaded = session.info.get(LOADED_KEY, {}).get(case_id)
    summary_at = loaded[2] if loaded is not None else None
    if (WORK, case_id) not in store and summary_at is not None \
            and found[SUMMARY_AT] == summary_at:  # what this transaction read of the case
        store[(WORK, case_id)] = (as_read(summary_at), _work(found[WORK]))
    if (DECISIONS, case_id) not in store and found[NO_DECISIONS]:
        store[(DECISIONS, case_id)] = []
