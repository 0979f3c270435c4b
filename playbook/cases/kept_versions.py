"""A case's rows kept across transactions, per process, at the version they were read at
(the rows within one transaction: cases/kept_rows.py).

**Across transactions** the rows of a case at one version are kept per process (`_KEPT`, keyed
by database, case id, version and last change): after a write transaction commits, the rows of
each case it wrote, at the new version; at the end of any transaction, the rows of each case it
read and did not write, at the version it read. A transaction that reads a case at a kept
version starts from those rows and queries none of these tables. Every change to a case bumps
its version, so a key only ever means one content; a change made elsewhere (another worker, the
CLI) gives the case a version this process has not kept. Decisions are ORM rows that other code
changes, so of them only "none" is kept. A change by hand in SQL must bump `zaak.version`, as
the services do.
"""

import threading
from collections import OrderedDict
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session

from playbook.cases.kept_rows import (
    CHANGED_KEY,
    FIELDS,
    LOADED_KEY,
    ROWS_KEY,
    TOUCHED_KEY,
    WORK,
    WRITTEN_KEY,
    as_read,
)
from playbook.storage.tables import Case
from playbook.storage.types import id_of

_ACROSS = (*FIELDS, "moment")  # tables kept across transactions (besluit only when empty)
_KEPT: "OrderedDict[tuple[str, int, int, datetime], dict[str, list[Any]]]" = OrderedDict()
KEPT_CASES = 2048  # bounded: the least recently kept go first
_KEPT_LOCK = threading.Lock()  # web requests run in threads; keeping is a few dict steps
# (database, reference) -> the version last kept of the case, as above: a case read by its
# reference brings its rows along unless they are kept at its version (cases/prefetch.py).
_REFERENCES: "OrderedDict[tuple[str, str], int]" = OrderedDict()


def forget_committed() -> None:
    """Drop every case's rows kept across transactions (tests reset databases to the same ids
    and versions, which a running process never sees)."""
    with _KEPT_LOCK:
        _KEPT.clear()
        _REFERENCES.clear()


@event.listens_for(Case, "load")
def _case_loaded(target: Case, context: Any) -> None:
    context.session.info.setdefault(LOADED_KEY, {})[target.id] = (
        target.version, target.updated_at, target.summary_at, target.reference)


def _database(session: OrmSession) -> str:
    bind = session.get_bind()
    return str(bind.engine.url)  # the engine's address, search path included


def kept_version(session: OrmSession, reference: str) -> int | None:
    """The version at which this process last kept the case's rows across transactions."""
    with _KEPT_LOCK:
        return _REFERENCES.get((_database(session), reference))


def _keep(session: OrmSession, case_id: int, reference: str,
          version: tuple[int, datetime]) -> None:
    """Keep the case's rows of this transaction across transactions, at `version`."""
    store = session.info.get(ROWS_KEY) or {}
    if any((t, case_id) not in store for t in _ACROSS):
        return
    kept: dict[str, Any] = {t: store[(t, case_id)] for t in _ACROSS}
    if store.get(("besluit", case_id)) == []:  # decisions: only "none" is kept
        kept["besluit"] = []
    if (WORK, case_id) in store:  # with the summary_at it belongs to
        kept[WORK] = store[(WORK, case_id)]
    key = (_database(session), case_id, *version)
    with _KEPT_LOCK:
        _KEPT[key] = kept
        _KEPT.move_to_end(key)
        while len(_KEPT) > KEPT_CASES:
            _KEPT.popitem(last=False)
        _REFERENCES[(key[0], reference)] = version[0]
        _REFERENCES.move_to_end((key[0], reference))
        while len(_REFERENCES) > KEPT_CASES:
            _REFERENCES.popitem(last=False)


@event.listens_for(OrmSession, "after_commit")
def _committed(session: OrmSession) -> None:
    if session.in_nested_transaction():  # a savepoint released: nothing is committed yet
        return
    for case_id, case in session.info.get(WRITTEN_KEY, {}).items():
        _keep(session, case_id, case.reference, (case.version, case.updated_at))  # committed


# First among the listeners (insert=True): kept_rows forgets the transaction's rows at its end.
@event.listens_for(OrmSession, "after_transaction_end", insert=True)
def _transaction_end(session: OrmSession, transaction: SessionTransaction) -> None:
    # The transaction itself, not a savepoint (released, its writes are the transaction's) nor
    # the inner ones every flush opens: keep what it read and did not write.
    if transaction.parent is not None:
        return
    touched = session.info.get(TOUCHED_KEY, set())
    changed = session.info.get(CHANGED_KEY, set())
    for case_id, (version, updated_at, _, reference) in session.info.get(LOADED_KEY, {}).items():
        if None not in touched and case_id not in touched and case_id not in changed:
            _keep(session, case_id, reference, (version, updated_at))


def seed(session: Session, cases: list[Case]) -> None:
    """Start this transaction's rows of one case from those kept at the version it read, when
    nothing of the case has been read or written here yet."""
    if len(cases) != 1 or not _KEPT:
        return
    case_id = id_of(cases[0])
    loaded = session.info.get(LOADED_KEY, {}).get(case_id)
    if loaded is None:
        return  # not read from the database in this transaction: its version is not known
    version, updated_at, summary_at, _ = loaded
    if session.autoflush:
        session.flush()  # a pending write of the case must count before anything is kept
    store = session.info.setdefault(ROWS_KEY, {})
    touched = session.info.get(TOUCHED_KEY, set())
    if case_id in touched or None in touched or any(key[1] == case_id for key in store):
        return
    with _KEPT_LOCK:
        kept = _KEPT.get((_database(session), case_id, version, updated_at))
    if kept is None:
        return
    store.update({(table, case_id): kept[table] for table in kept if table != WORK})
    if WORK in kept and summary_at is not None and kept[WORK][0] == as_read(summary_at):
        store[(WORK, case_id)] = kept[WORK]
