"""A case's rows as the engine's snapshot reads them, kept so they are not read twice.

**Within a transaction** a single case's rows are kept per table (`session.info`), so the
read-model refresh before commit does not read again what the action read: the persons, steps,
phase entries, attacks, moments, events and decisions. A row this session inserts (or, for
`stap`, updates) goes into the kept table as the tuple a query would return; any other write of
a table for the case, any bulk statement on these tables, a rollback (of a savepoint too) and the
end of the transaction drop the kept rows. A case this transaction inserts starts with every
table kept, empty. So a kept table always equals what a query would return now.
Another transaction's change to the same case cannot slip in either: every change bumps the
case's version, so this transaction's own write of the case would fail (optimistic locking).
Across transactions, cases/kept_versions.py keeps them per case version.
"""

from collections import namedtuple
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, SessionTransaction, object_session
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session

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

# Actor of a step row that the read model created to fix the step's due time when it opened.
OPENED_BY = "systeem"
# A bulk statement whose caller puts what it wrote into the kept rows itself (the read model's
# due times): `keep_rows` / `keep_due`.
KEPT_OPTION = "playbook_kept_rows_updated"

ROWS_KEY = "playbook_snapshot_rows"  # (table, case id) -> rows, this transaction only
WRITTEN_KEY = "playbook_cases_written"  # case id -> Case whose row this transaction wrote
CHANGED_KEY = "playbook_cases_changed"  # the same, savepoints rolled back included
INSERTED_KEY = "playbook_cases_inserted"  # ids of the cases this transaction registered
# case id -> (version, last change, read model's time, reference) this transaction read
LOADED_KEY = "playbook_cases_loaded"
# Case ids (None: any case) of which a table was written: an earlier version's rows no longer
# hold for them in this transaction, and what it read of them is not kept past its end.
TOUCHED_KEY = "playbook_snapshot_touched"

_TABLES: dict[type, str] = {StepState: "stap", PhaseEntry: "fase", AttackRecord: "aanslag",
                            CaseMoment: "moment", EventRecord: "gebeurtenis",
                            Decision: "besluit", Person: "persoon"}
_TABLE_NAMES = frozenset(str(t.__table__.name) for t in _TABLES)  # type: ignore[attr-defined]
# Column rows as the snapshot queries select them (tables kept as tuples).
FIELDS = {
    "stap": ("case_id", "round", "step_id", "status", "actor", "at", "reason", "due_at"),
    "fase": ("case_id", "round", "phase", "at"),
    "gebeurtenis": ("case_id", "round", "event", "actor", "at", "because"),
    "persoon": ("case_id", "name", "self_reliant", "children", "birth_date", "age", "relation"),
    "aanslag": ("case_id", "number", "round", "occurred_at", "incident_kind", "injured",
                "residents_displaced"),
}
_ROW = {table: namedtuple(f"_{table}", fields) for table, fields in FIELDS.items()}
# Moments are kept as queried, never put: a written moment drops the kept table.
MOMENT_FIELDS = ("case_id", "anchor", "at")
# The read model's open work of a case (`werk`, key -> values) is kept too, but it changes
# without a new version (`playbook zaken herbereken`), so it is kept with the `summary_at` that
# every write of it also writes, and used only when the case still has that `summary_at`.
WORK = "werk"
WORK_VALUES = ("kind", "title", "partner", "phase_title", "due_at", "anchor")  # by its key


def as_read(value: Any) -> Any:
    """A value as the database gives it back: datetimes come back in UTC (UTCDateTime)."""
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _touched(session: OrmSession | None, case_id: int | None) -> None:
    if session is not None:
        session.info.setdefault(TOUCHED_KEY, set()).add(case_id)


def _put(store: dict[Any, list[Any]], key: tuple[str, int], values: list[dict[str, Any]]) -> None:
    """Put written rows into a kept table as the tuples a query would return."""
    table, rows_ = key[0], store[key]
    for value in values:
        row: Any = _ROW[table](*(as_read(value[f]) for f in FIELDS[table]))
        if table == "stap":  # one row per round and step: an update replaces it
            rows_ = [r for r in rows_ if (r[1], r[2]) != (row.round, row.step_id)]
        rows_ = [*rows_, row]  # new rows have the highest id: query order is kept
    store[key] = sorted(rows_, key=lambda a: a.number) if table == "aanslag" else rows_


def _written(target: Any, inserted: bool) -> None:
    session = object_session(target)
    _touched(session, target.case_id)
    store = session.info.get(ROWS_KEY) if session is not None else None
    key = (_TABLES[type(target)], target.case_id)
    if store is None or key not in store:
        return
    if key[0] in FIELDS and (inserted or key[0] == "stap"):
        _put(store, key, [{f: getattr(target, f) for f in FIELDS[key[0]]}])
    else:
        store.pop(key)


def _inserted(_mapper: Any, _conn: Any, target: Any) -> None:
    _written(target, inserted=True)


def _updated(_mapper: Any, _conn: Any, target: Any) -> None:
    _written(target, inserted=False)


def _deleted(_mapper: Any, _conn: Any, target: Any) -> None:
    session = object_session(target)
    _touched(session, target.case_id)
    if session is not None and ROWS_KEY in session.info:
        session.info[ROWS_KEY].pop((_TABLES[type(target)], target.case_id), None)


for _table in _TABLES:
    event.listen(_table, "after_insert", _inserted)
    event.listen(_table, "after_update", _updated)
    event.listen(_table, "after_delete", _deleted)


@event.listens_for(OrmSession, "do_orm_execute")
def _bulk_write(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    if getattr(getattr(state.statement, "table", None), "name", None) not in _TABLE_NAMES:
        return  # the case row, the read model's own tables: nothing kept comes from them
    if state.execution_options.get(KEPT_OPTION):
        return  # the caller puts what it wrote into the kept rows itself
    state.session.info.pop(ROWS_KEY, None)  # which rows of which cases: unknown
    _touched(state.session, None)


def keep_rows(session: OrmSession, table: str, case_id: int,
              values: list[dict[str, Any]]) -> None:
    """Rows a bulk INSERT (with KEPT_OPTION) wrote, whole: into the kept rows of a table."""
    _touched(session, case_id)
    store = session.info.get(ROWS_KEY)
    if store is not None and (table, case_id) in store:
        _put(store, (table, case_id), values)


def kept(session: OrmSession, table: str, case_id: int) -> Any:
    """The rows of one table of a case as a query would return them now, if kept."""
    store = session.info.get(ROWS_KEY)
    return store.get((table, case_id)) if store is not None else None


def keep_work(session: OrmSession, case_id: int, summary_at: datetime,
              work: dict[str, dict[str, Any]]) -> None:
    """The open work of a case as the read model just wrote it (readmodel._sync_work), with the
    `summary_at` it wrote along with it."""
    session.info.setdefault(ROWS_KEY, {})[(WORK, case_id)] = (as_read(summary_at), work)


def kept_work(session: OrmSession, case_id: int) -> dict[str, dict[str, Any]] | None:
    """What `werk` holds for the case now, if kept."""
    found = kept(session, WORK, case_id)
    return found[1] if found is not None else None


def first_write_of_new(session: OrmSession, case_id: int) -> bool:
    """True once for a case this transaction registered: it has no search keys yet. Later
    calls in the same transaction are False (its keys are written by then)."""
    new = session.info.get(INSERTED_KEY)
    if new is None or case_id not in new:
        return False
    new.discard(case_id)
    return True


def keep_due(session: OrmSession, case_id: int, step: tuple[int, str], due: datetime) -> None:
    """A bulk UPDATE (with KEPT_OPTION) fixed the due time of a step row: the same here."""
    _touched(session, case_id)
    store = session.info.get(ROWS_KEY)
    kept = store.get(("stap", case_id)) if store is not None else None
    if store is not None and kept is not None:
        row: Any = _ROW["stap"]  # query rows are no named tuples: made anew, due time last
        store[("stap", case_id)] = [row(*r[:-1], as_read(due)) if (r[1], r[2]) == step else r
                                    for r in kept]


@event.listens_for(Case, "after_update")
def _case_written(_mapper: Any, _conn: Any, target: Case) -> None:
    session = object_session(target)
    if session is not None:  # held until the end of the transaction: the read-model refresh
        # finds the case in the identity map instead of loading it again
        session.info.setdefault(WRITTEN_KEY, {})[target.id] = target
        session.info.setdefault(CHANGED_KEY, set()).add(target.id)


@event.listens_for(Case, "after_insert")
def _case_made(mapper: Any, conn: Any, target: Case) -> None:
    _case_written(mapper, conn, target)
    session = object_session(target)
    if session is not None:  # a new case has no rows in any table yet: nothing to read
        store = session.info.setdefault(ROWS_KEY, {})
        store.update({(table, target.id): [] for table in _TABLES.values()})
        store[(WORK, target.id)] = (None, {})  # no open work yet either (no read-model time)
        session.info.setdefault(INSERTED_KEY, set()).add(target.id)  # nor search keys


@event.listens_for(OrmSession, "before_flush")
def _new_versions(session: OrmSession, _context: Any, _instances: Any) -> None:
    """Every write of a case's tables makes a new version of the case, also where a service
    did not call `touch`: kept rows are only ever used at the version they were read at."""
    written = session.info.get(WRITTEN_KEY, {})
    ids = {row.case_id for row in (*session.new, *session.dirty, *session.deleted)
           if type(row) in _TABLES and row.case_id is not None and row.case_id not in written}
    for case_id in ids:
        case = session.get(Case, case_id)
        if case is not None and case not in session.dirty:
            flag_modified(case, "updated_at")  # the UPDATE bumps the version (optimistic lock)


@event.listens_for(OrmSession, "after_soft_rollback")
def _rolled_back(session: OrmSession, _previous: SessionTransaction) -> None:
    # The transaction or a savepoint: what it wrote is undone, so are the rows kept for it.
    for key in (WRITTEN_KEY, ROWS_KEY, INSERTED_KEY):
        session.info.pop(key, None)


@event.listens_for(OrmSession, "after_transaction_end")
def _transaction_end(session: OrmSession, transaction: SessionTransaction) -> None:
    # The transaction itself (not a savepoint nor the inner ones every flush opens): forget
    # its rows, after kept_versions kept what it may.
    if transaction.parent is None:
        for key in (TOUCHED_KEY, CHANGED_KEY, LOADED_KEY, WRITTEN_KEY, ROWS_KEY, INSERTED_KEY):
            session.info.pop(key, None)


def rows(session: Session, table: str, ids: list[int], query: Callable[[], Any],
         cache: bool = True) -> dict[int, list[Any]]:
    """Rows of `table` per case id: kept ones for one case, else queried (and kept, for one
    case, when `cache`)."""
    single = len(ids) == 1 and cache
    store = session.info.setdefault(ROWS_KEY, {}) if single else None
    if store is not None and (table, ids[0]) in store:
        return {ids[0]: store[(table, ids[0])]}
    found: dict[int, list[Any]] = {i: [] for i in ids}
    for row in session.exec(query()):
        found[row.case_id].append(row)  # ORM rows and column rows alike
    if store is not None:
        store[(table, ids[0])] = found[ids[0]]
    return found
