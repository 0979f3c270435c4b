"""Engine and unit of work. One setting (PLAYBOOK_DATABASE_URL) picks SQLite or PostgreSQL."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.elements import TextClause
from sqlmodel import Session

from playbook.errors import Conflict

# Execution option that marks a write unit of work (SQLite: BEGIN IMMEDIATE).
WRITE_OPTION = "playbook_write"

CONFLICT_MESSAGE = (
    "Iemand anders heeft deze zaak net gewijzigd. Uw wijziging is niet opgeslagen; "
    "laad de zaak opnieuw en probeer het nog eens."
)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            dbapi_conn.isolation_level = None  # let SQLAlchemy emit BEGIN itself
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # type: ignore[no-untyped-def]
            # A write unit of work takes the write lock up front: a deferred transaction that
            # reads and then writes fails at once with "database is locked" under concurrent
            # writers. Reads stay deferred, so in WAL mode they never wait for a writer.
            write = conn.get_execution_options().get(WRITE_OPTION, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    # hide_parameters: SQL errors and logs never carry values (names of victims, addresses).
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


@cache
def engine_for(url: str) -> Engine:
    return make_engine(url)


def default_engine() -> Engine:
    from playbook.config import get_settings

    return engine_for(get_settings().database_url)


def _for_writing(engine: Engine) -> Engine:
    """The same engine (same pool) with the write flag set, cached on the engine."""
    writer = engine.__dict__.get("_playbook_writer")
    if writer is None:
        writer = engine.__dict__["_playbook_writer"] = engine.execution_options(
            **{WRITE_OPTION: True})
    return writer


# A read session that sent a write (a flush, an INSERT/UPDATE/DELETE, or SQL text, which may
# be either) is rolled back, whatever it did after: see read_session.
_WROTE_KEY = "playbook_wrote"


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: object) -> None:
    session.info[_WROTE_KEY] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete \
            or isinstance(state.statement, TextClause):
        state.session.info[_WROTE_KEY] = True


@contextmanager
def read_session(engine: Engine | None = None) -> Iterator[Session]:
    """A read-only look at the database: a deferred transaction (no write lock on SQLite),
    never committed with anything in it, so nothing read here can be written by accident (a
    preview may write and roll back itself).

    On PostgreSQL a transaction that only read ends with COMMIT, which ends it exactly as a
    ROLLBACK would, because psycopg forgets every prepared statement of the connection at a
    ROLLBACK: with one after each page view, the server planned every statement of every
    request anew. One that wrote anything, or holds changed objects, is rolled back."""
    session = Session(engine or default_engine(), expire_on_commit=False)
    try:
        yield session
        if session.in_transaction() and not session.info.get(_WROTE_KEY) \
                and not (session.new or session.dirty or session.deleted) \
                and session.get_bind().dialect.name == "postgresql":
            session.commit()
    finally:
        session.close()  # rolls back what is still open; loaded objects stay readable


@contextmanager
def unit_of_work(engine: Engine | None = None, *, write: bool = True) -> Iterator[Session]:
    """Commit everything or nothing; a concurrent change becomes a Dutch Conflict error.
    `write=True` (the default) takes SQLite's write lock at BEGIN; `write=False` is for a unit
    of work that only reads, and then behaves like read_session() but commits."""
    engine = engine or default_engine()
    session = Session(_for_writing(engine) if write else engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict(CONFLICT_MESSAGE) from None
    except IntegrityError as exc:
        session.rollback()
        if "unique" in str(exc.orig).lower() or "duplicate" in str(exc.orig).lower():
            raise Conflict(CONFLICT_MESSAGE) from None
        raise
    except OperationalError as exc:
        session.rollback()
        if "locked" in str(exc.orig).lower():
            raise Conflict(CONFLICT_MESSAGE) from None
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
