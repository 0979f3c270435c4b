"""Many officers at once: no lost update, a clear conflict for the loser, on both databases."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from sqlmodel import select

from playbook.cases import service
from playbook.cases.repository import get_case
from playbook.definition.enums import StepStatus
from playbook.errors import Conflict
from playbook.storage.tables import AuditEvent, Case, StepState
from tests.conftest import local
from tests.integration.helpers import count, create

T0 = local("2025-03-07 03:00")
STEPS = ["alarmering-afzetting", "burgemeester-informeren", "bouwkundige-veiligheid",
         "evacuatie-opvang", "noodbevel-overwegen"]


def run_together(n: int, action) -> list[object]:  # type: ignore[no-untyped-def]
    barrier = Barrier(n)

    def go(i: int) -> object:
        barrier.wait()
        try:
            return action(i)
        except Conflict as exc:
            return exc

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(go, range(n)))


def test_two_officers_saving_the_same_version_one_gets_a_conflict(uow, playbook) -> None:
    with uow() as s:
        reference = create(s, playbook, T0).reference
    with uow() as s:
        seen = get_case(s, reference).version  # both officers loaded the page at this version

    def save(i: int) -> str:
        with uow() as s:
            service.set_step(session=s, reference=reference, step_id=STEPS[i],
                             status=StepStatus.done, actor=f"officier-{i}", now=T0,
                             expected_version=seen)
        return STEPS[i]

    results = run_together(len(STEPS), save)
    winners = [r for r in results if isinstance(r, str)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1 and len(losers) == len(STEPS) - 1
    assert all("gewijzigd" in c.message for c in losers)
    with uow() as s:
        done = s.exec(select(StepState.step_id).where(StepState.status != "open")).all()
        changes = s.exec(select(AuditEvent).where(AuditEvent.action == "stap-gewijzigd")).all()
    assert done == winners and [e.subject for e in changes] == winners


def test_concurrent_changes_without_version_never_lose_an_update(uow, playbook) -> None:
    with uow() as s:
        reference = create(s, playbook, T0).reference

    def save(i: int) -> str:
        with uow() as s:
            service.set_step(session=s, reference=reference, step_id=STEPS[i],
                             status=StepStatus.done, actor=f"officier-{i}", now=T0)
        return STEPS[i]

    results = run_together(len(STEPS), save)
    winners = {r for r in results if isinstance(r, str)}
    assert winners, "at least one change must land"
    assert all(isinstance(r, (str, Conflict)) for r in results)
    with uow() as s:
        done = set(s.exec(select(StepState.step_id).where(StepState.status != "open")).all())
        audited = {e.subject for e in s.exec(
            select(AuditEvent).where(AuditEvent.action == "stap-gewijzigd"))}
        version = get_case(s, reference).version
    # every success is stored and audited; every failure told its user; registration is one
    # version, each change one more
    assert done == winners == audited
    assert version == 1 + len(winners)


def test_appends_at_once_keep_one_audit_chain(uow, playbook) -> None:
    """Audit rows that change nothing else of the case (a partner confirming receipt, a job
    finishing) race with step changes; every row lands in one unforked chain (the global one
    too), and the case names its newest row."""
    from playbook.cases.audit import record, verify

    with uow() as s:
        reference = create(s, playbook, T0).reference
        record(s, None, actor="beheer", action="gebruiker-aangemaakt", at=T0)  # anchor row

    def act(i: int) -> str:
        with uow() as s:
            if i % 3 == 0:
                service.set_step(session=s, reference=reference, step_id=STEPS[i // 3],
                                 status=StepStatus.done, actor=f"officier-{i}", now=T0)
            elif i % 3 == 1:
                record(s, get_case(s, reference), actor=f"partner-{i}", action="bevestigd",
                       at=T0)
            else:  # a row of the global chain, as a sign-in writes
                record(s, None, actor=f"partner-{i}", action="ingelogd", at=T0)
        return f"gelukt-{i}"

    results = run_together(9, act)
    assert all(isinstance(r, (str, Conflict)) for r in results)
    landed = sum(isinstance(r, str) for i, r in enumerate(results) if i % 3 != 2)
    with uow() as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.case_id.is_not(None))  # type: ignore[union-attr]
                        .order_by(AuditEvent.id)).all()
        case = get_case(s, reference)
        assert verify(s)[1] == []
    assert len(events) >= landed + 1  # registration, one row per case action that landed
    assert case.audit_head == events[-1].hash


def test_officers_registering_different_incidents_at_once_all_succeed(uow, playbook) -> None:
    def register(i: int) -> str:
        with uow() as s:
            return create(s, playbook, T0, house_number=str(100 + i), persons=[]).reference

    results = run_together(6, register)
    assert all(isinstance(r, str) for r in results), results
    assert sorted(results) == [f"GM9999-2025-{n:04d}" for n in range(1, 7)]
    with uow() as s:
        assert count(s, Case) == 6


@pytest.mark.postgres
def test_stale_session_write_is_refused_by_the_version_column(postgres_url, playbook) -> None:
    """Two interleaved transactions, on PostgreSQL only: SQLite takes the write lock at
    BEGIN IMMEDIATE, so there this interleaving cannot happen."""
    from sqlalchemy import text

    from playbook.storage.db import make_engine, unit_of_work

    engine = make_engine(postgres_url)
    with engine.begin() as conn:  # the replica role passes the TRUNCATE-refusing triggers
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text("TRUNCATE audit, fase_overgang, stap, persoon, zaak RESTART IDENTITY CASCADE"))

    with unit_of_work(engine) as s:
        reference = create(s, playbook, T0).reference
    with pytest.raises(Conflict), unit_of_work(engine) as slow:
        _loaded = get_case(slow, reference)  # officer B reads and keeps the case in memory
        with unit_of_work(engine) as fast:  # officer A changes and commits meanwhile
            service.set_step(session=fast, reference=reference, step_id=STEPS[0],
                             status=StepStatus.done, actor="a", now=T0)
        service.set_step(session=slow, reference=reference, step_id=STEPS[1],
                         status=StepStatus.done, actor="b", now=T0)
    with unit_of_work(engine) as s:
        assert s.exec(select(StepState.step_id).where(StepState.status != "open")).all() == [STEPS[0]]
    engine.dispose()
