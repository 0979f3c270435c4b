"""A cold case read in one statement (cases/prefetch.py) gives the engine
exactly what the six per-table queries give: the same snapshot, the same kept rows, with
timestamps in UTC, dates as dates and rows in query order; and it reads the decisions only
when the round trip did not see that there are none. Otherwise a worker that did not see
the case's last version would check an action against other facts than its neighbour."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, text, update
from sqlmodel import Session

from playbook.cases import kept_versions, repository, service
from playbook.cases import snapshots as snapshots_module
from playbook.cases.incidents import record_moment
from playbook.cases.kept_rows import ROWS_KEY, WORK, WORK_VALUES
from playbook.cases.overview import overview
from playbook.cases.prefetch import TABLES
from playbook.cases.readmodel import _WORK_OF_CASE
from playbook.cases.repository import get_case, snapshot_of
from playbook.cases.steps import emit
from playbook.definition.enums import IncidentKind, StepStatus
from playbook.definition.events import Event
from playbook.definition.models import Playbook
from playbook.storage.tables import Case
from tests.conftest import local
from tests.integration.helpers import create, finish_phase
from tests.legal import builders as b

T0 = local("2026-03-07 02:40")
PERSONS = [
    {"name": "Mevrouw A. de Boer", "role": "bewoner", "self_reliant": "nee"},
    {"name": "J. de Boer", "role": "bewoner", "birth_date": "2014-06-30"},
    {"name": "K. de Boer", "role": "bewoner", "age": "9"},
]


def _rich_case(uow, playbook: Playbook) -> str:  # type: ignore[no-untyped-def]
    """Rows in every table the prefetch reads: persons with a birth date and an age, steps
    done, skipped (with a reason) and opened with a due time, two phases entered in two
    rounds, two attacks, a local moment and a declared event."""
    now = T0 + timedelta(hours=1)
    with uow() as s:
        ref = create(s, playbook, now, persons=PERSONS).reference
    with uow() as s:
        finish_phase(s, ref, now + timedelta(minutes=5))
    with uow() as s:
        case = get_case(s, ref)
        blocker = overview(s, case, now).blockers[0]
        service.set_step(session=s, reference=ref, step_id=blocker.step.id,
                         status=StepStatus.skipped, actor="oov", now=now + timedelta(minutes=9),
                         reason="Al geregeld door de woningcorporatie")
    with uow() as s:
        record_moment(session=s, reference=ref, anchor="wijkschouw",
                      at=now + timedelta(minutes=20), actor="oov", now=now + timedelta(hours=1))
    with uow() as s:
        emit(s, get_case(s, ref), Event.rapportage_received, actor="politie.test",
             now=now + timedelta(hours=2), because="antwoord van de politie")
    with uow() as s:
        service.report_attack(session=s, case=get_case(s, ref), kind=IncidentKind.aanslag,
                              occurred_at=now + timedelta(days=1), actor="oov",
                              now=now + timedelta(days=1, minutes=30))
    return ref


def _counting(statements: list[str]) -> Any:
    """A cursor hook that notes each statement, except SQLite's BEGIN (no round trip)."""
    def listen(*args: Any) -> None:
        if not args[2].startswith("BEGIN"):
            statements.append(args[2])
    return listen


def _read_cold(engine: Engine, reference: str) -> tuple[Any, dict[Any, list[tuple[Any, ...]]], int]:
    """The case and its snapshot as a process that never saw the case reads them (on a server
    set to Dutch time), its kept rows, and how many statements that took."""
    kept_versions.forget_committed()
    statements: list[str] = []
    listen = _counting(statements)
    with Session(engine) as s:
        if engine.dialect.name == "postgresql":
            # A server in Dutch time gives JSON timestamps with +01:00; the queries give UTC.
            s.execute(text("SET LOCAL TIME ZONE 'Europe/Amsterdam'"))
        event.listen(engine, "before_cursor_execute", listen)
        try:
            case = get_case(s, reference)
            snap = snapshot_of(s, case)
            kept = {key: [tuple(row) for row in rows] for key, rows in s.info[ROWS_KEY].items()
                    if key[0] in TABLES}
            kept[WORK] = s.info[ROWS_KEY].get((WORK, case.id))  # type: ignore[assignment]
            return snap, kept, len(statements)
        finally:
            event.remove(engine, "before_cursor_execute", listen)


def _in_query_order(kept: dict[Any, list[tuple[Any, ...]]]) -> dict[Any, list[tuple[Any, ...]]]:
    """The kept rows, compared in the order their queries give: phase entries and events by id,
    attacks by number; steps, persons and moments have no order (keyed by step, by anchor)."""
    ordered = {"fase", "gebeurtenis", "aanslag"}
    return {key: rows if key[0] in ordered else sorted(rows, key=repr) for key, rows in kept.items()}


def test_one_round_trip_reads_what_the_six_queries_read(
        engine: Engine, uow, playbook: Playbook, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    reference = _rich_case(uow, playbook)
    fetched, fetched_rows, fetched_statements = _read_cold(engine, reference)
    # The same through the case's own query and the per-table queries.
    monkeypatch.setattr(repository, "keep_found", lambda session, case_id, found: None)
    monkeypatch.setattr(snapshots_module, "prefetch", lambda session, case_id: None)
    queried, queried_rows, queried_statements = _read_cold(engine, reference)

    assert fetched == queried
    fetched_work, queried_work = fetched_rows.pop(WORK), queried_rows.pop(WORK)
    assert _in_query_order(fetched_rows) == _in_query_order(queried_rows)
    # The open work, read with them, is what the read model's own query reads.
    assert queried_work is None  # the per-table path reads it only when the read model asks
    with Session(engine) as s:
        case = get_case(s, reference)
        work = {row.key: {k: getattr(row, k) for k in WORK_VALUES}
                for row in s.execute(_WORK_OF_CASE, {"b_case": case.id})}
    assert work and fetched_work == (case.summary_at, work)
    assert all(w["due_at"].tzinfo is UTC for w in fetched_work[1].values())
    # The case, six tables and its decisions (none: nothing to read) in one statement.
    assert fetched_statements == 1 and queried_statements == 8
    rows = {key[0]: value for key, value in fetched_rows.items()}
    assert {name: len(rows[name]) > 0 for name in TABLES} == dict.fromkeys(TABLES, True)
    assert [a[1] for a in rows["aanslag"]] == [1, 2]  # attacks by number, as the query orders
    moments = [value for table in rows.values() for row in table for value in row
               if isinstance(value, datetime)]
    assert moments and all(m.tzinfo is UTC for m in moments)
    assert date(2014, 6, 30) in {row[4] for row in rows["persoon"]}
    assert "Al geregeld door de woningcorporatie" in {row[6] for row in rows["stap"]}


@pytest.mark.parametrize("engine", ["postgres"], indirect=True)
def test_open_work_recomputed_meanwhile_is_not_kept(engine: Engine, uow, playbook: Playbook) -> None:  # type: ignore[no-untyped-def]
    """`playbook zaken herbereken` in another process between reading the case and its tables:
    the open work read then belongs to another `summary_at`, so the read model reads it again."""
    with uow() as s:
        case_id = create(s, playbook, T0).id
    kept_versions.forget_committed()
    with Session(engine) as s:
        case = s.get(Case, case_id)  # not by its reference, which reads the rows with it
        assert case is not None
        with Session(engine) as other, other.begin():
            other.execute(update(Case).where(Case.id == case.id).values(
                summary_at=case.summary_at + timedelta(seconds=1)))  # type: ignore[operator]
        snapshot_of(s, case)
        assert ("stap", case.id) in s.info[ROWS_KEY]  # the tables were read in one go
        assert (WORK, case.id) not in s.info[ROWS_KEY]



def _cold_step(engine: Engine, reference: str, at: datetime) -> list[str]:
    """Mark the first blocker done as a worker that never saw the case: the statements sent."""
    with Session(engine) as s:
        step_id = overview(s, get_case(s, reference), at).blockers[0].step.id
    kept_versions.forget_committed()
    statements: list[str] = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listen)
    try:
        with Session(engine) as s, s.begin():
            service.set_step(session=s, reference=reference, step_id=step_id,
                             status=StepStatus.done, actor="oov", now=at)
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    return statements


def _work_keys(engine: Engine, reference: str) -> set[str]:
    with Session(engine) as s:
        case = get_case(s, reference)
        return {row.key for row in s.execute(_WORK_OF_CASE, {"b_case": case.id})}


def test_decisions_are_read_unless_the_round_trip_saw_there_are_none(
        engine: Engine, uow, playbook: Playbook) -> None:  # type: ignore[no-untyped-def]
    """A case without decisions needs no query for them; once it has one, a cold action reads
    it, so its statutory terms (here the end of the zienswijze term) stay in the open work."""
    reference = b.case_with(uow, playbook, "2024-04-20 03:10", household=[b.ADULT])
    sent = _cold_step(engine, reference, local("2024-04-20 04:00"))
    assert sent and not [s for s in sent if s.startswith("SELECT besluit.")]

    b.rapportage(uow, reference, "2024-04-20 11:00", "Zware explosie bij de voordeur; schade "
                 "aan voordeur en galerij.", "Reële kans op herhaling volgens de politie.")
    b.threat(uow, reference, "2024-04-20 11:30")
    decision = b.draft(uow, reference, "2024-04-20 12:00", duration_days=30,
                       start_date="2024-04-21", start_time="18:00")
    b.intent(uow, reference, decision, "2024-04-20 12:30")
    term = f"besluit-{decision}-zienswijze"
    assert term in _work_keys(engine, reference)
    sent = _cold_step(engine, reference, local("2024-04-20 13:00"))
    assert [s for s in sent if s.startswith("SELECT besluit.")]
    assert term in _work_keys(engine, reference)


def test_a_case_is_read_in_one_statement_and_never_from_stale_rows(
        engine: Engine, uow, playbook: Playbook) -> None:  # type: ignore[no-untyped-def]
    """A case read by its reference comes in one statement: its kept rows serve while the case
    has their version; changed by another process since, its rows come along with it, never
    the stale ones."""
    with uow() as s:
        reference = create(s, playbook, T0).reference
    with Session(engine) as s:
        first, second = [i.step.id for i in overview(s, get_case(s, reference), T0).blockers][:2]
    with uow() as s:
        service.set_step(session=s, reference=reference, step_id=first, status=StepStatus.done,
                         actor="oov", now=T0 + timedelta(minutes=5))

    def read() -> tuple[Any, list[str]]:
        statements: list[str] = []
        listen = _counting(statements)
        event.listen(engine, "before_cursor_execute", listen)
        try:
            with Session(engine) as s:
                return snapshot_of(s, get_case(s, reference)), statements
        finally:
            event.remove(engine, "before_cursor_execute", listen)

    snap, sent = read()
    assert snap.records[(1, first)].status == StepStatus.done
    assert len(sent) == 1  # the case; its rows are kept
    # Another process marks the second step done, bumping the version as every change does.
    with engine.begin() as other:
        done = other.execute(text(
            "UPDATE stap SET status = 'afgerond', actor = 'oov' WHERE step_id = :step "
            "AND case_id = (SELECT id FROM zaak WHERE reference = :ref)"),
            {"step": second, "ref": reference})
        assert done.rowcount == 1
        other.execute(text("UPDATE zaak SET version = version + 1 WHERE reference = :ref"),
                      {"ref": reference})
    snap, sent = read()
    assert snap.records[(1, second)].status == StepStatus.done
    assert len(sent) == 1  # the case with its rows, read anew

    # A change of facts checks nothing before its commit: the read model, refreshing, looks
    # for decisions first, and finds "none" with the other rows, not in a query of its own.
    with engine.begin() as other:
        other.execute(text("UPDATE zaak SET version = version + 1 WHERE reference = :ref"),
                      {"ref": reference})
    statements: list[str] = []
    listen = _counting(statements)
    event.listen(engine, "before_cursor_execute", listen)
    try:
        with uow() as s:
            service.update_facts(session=s, reference=reference, actor="oov",
                                 now=T0 + timedelta(minutes=20), closure=True)
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert [q for q in statements if "NOT EXISTS (SELECT 1 FROM besluit" in q]
    assert not [q for q in statements if q.startswith("SELECT besluit.")]
