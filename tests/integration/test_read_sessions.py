"""A page view reads and never writes, on both databases; on PostgreSQL it no longer makes the
connection forget its prepared statements (storage/db.py, read_session)."""

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, text, update
from sqlmodel import Session

from playbook.cases.repository import get_case
from playbook.storage.db import make_engine, read_session, unit_of_work
from playbook.storage.tables import Case
from tests.conftest import local
from tests.integration.helpers import create

T0 = local("2025-03-07 03:00")


def _city(engine: Engine, reference: str) -> str:
    with read_session(engine) as s:
        return get_case(s, reference).city


def _changed_object(s: Session, reference: str) -> None:
    get_case(s, reference).city = "Elders"  # and nothing after it that would flush


def _flushed_object(s: Session, reference: str) -> None:
    get_case(s, reference).city = "Elders"
    s.flush()


def _statement(s: Session, reference: str) -> None:
    s.execute(update(Case).where(Case.reference == reference).values(city="Elders"))
    get_case(s, reference)  # and reads on after it, as a page does


def _sql_text(s: Session, reference: str) -> None:
    s.execute(text("UPDATE zaak SET city = 'Elders' WHERE reference = :ref"), {"ref": reference})


@pytest.mark.parametrize("write", [_changed_object, _flushed_object, _statement, _sql_text],
                         ids=["gewijzigd-object", "geflusht-object", "update-statement",
                              "sql-tekst"])
def test_a_read_session_never_writes_what_it_changed(
        engine: Engine, playbook, write: Callable[[Session, str], None]) -> None:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as s:
        reference = create(s, playbook, T0).reference
    with read_session(engine) as s:
        write(s, reference)
    assert _city(engine, reference) == "Rivierstad"


@pytest.mark.postgres
def test_a_page_view_keeps_the_connections_prepared_statements(postgres_url: str,
                                                                playbook) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(postgres_url)  # used one step at a time: one connection
    try:
        with unit_of_work(engine) as s:
            reference = create(s, playbook, T0).reference
        for _ in range(6):  # psycopg prepares a statement at its sixth use on a connection
            with unit_of_work(engine) as s:
                get_case(s, reference)
        assert _prepared(engine) > 0
        with read_session(engine) as s:
            assert get_case(s, reference).reference == reference
        assert _prepared(engine) > 0  # a ROLLBACK would have had psycopg DEALLOCATE ALL
    finally:
        engine.dispose()


def _prepared(engine: Engine) -> int:
    assert engine.pool.checkedin() == 1  # type: ignore[attr-defined]  # the same connection
    with engine.begin() as conn:  # commits: a rollback here would be what is tested
        return int(conn.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar_one())
