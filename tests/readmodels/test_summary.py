"""The read model stays equal to a fresh computation through every kind of change (issue 9)."""

import re
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event, update
from sqlmodel import Session, col, select

from playbook.cases import kept_versions, service
from playbook.cases.overview import overview
from playbook.cases.readmodel import rebuild_all, summarise
from playbook.cases.repository import get_case
from playbook.definition.enums import IncidentKind, StepStatus
from playbook.definition.models import Playbook
from playbook.storage.tables import Case, Person, StepState
from playbook.storage.tables_readmodels import SearchTerm, WorkItem
from tests.conftest import local
from tests.integration.helpers import create, finish_phase

T0 = local("2026-03-07 02:40")


def stored(session: Session, case: Case) -> dict[str, Any]:
    row = session.get(Case, case.id)
    assert row is not None
    work = {
        w.key: (w.kind, w.title, w.partner, w.due_at)
        for w in session.exec(select(WorkItem).where(WorkItem.case_id == case.id))
    }
    terms = set(session.exec(select(SearchTerm.term).where(SearchTerm.case_id == case.id)))
    columns = {
        k: getattr(row, k)
        for k in (
            "next_due_at",
            "phase_title",
            "phase_order",
            "open_mandatory",
            "overdue_count",
            "overdue_steps",
        )
    }
    return {"columns": columns, "work": work, "terms": terms}


def fresh(session: Session, case: Case) -> dict[str, Any]:
    row = session.get(Case, case.id)
    assert row is not None
    summary = summarise(session, row, row.updated_at)
    columns = {k: v for k, v in summary.columns.items() if k != "summary_at"}
    work = {k: (w["kind"], w["title"], w["partner"], w["due_at"]) for k, w in summary.work.items()}
    return {"columns": columns, "work": work, "terms": summary.terms}


def assert_current(engine: Engine, reference: str) -> dict[str, Any]:
    with Session(engine) as s:
        case = get_case(s, reference)
        have, want = stored(s, case), fresh(s, case)
    assert have == want
    return have


def test_every_action_leaves_the_columns_equal_to_a_fresh_computation(
    engine: Engine, uow, playbook: Playbook
) -> None:  # type: ignore[no-untyped-def]
    now = T0 + timedelta(hours=1)
    with uow() as s:
        ref = create(s, playbook, now, occurred_at="2026-03-07 02:40").reference
    first = assert_current(engine, ref)
    assert first["columns"]["phase_title"] == "Incident"
    assert first["columns"]["open_mandatory"] > 0
    assert {"9999ab", "havenstraat 14-2", "de boer", "boer", ref.lower()} <= first["terms"]

    steps: list[tuple[str, StepStatus, str | None]] = []
    with Session(engine) as s:
        blockers = overview(s, get_case(s, ref), now).blockers
    steps = [
        (blockers[0].step.id, StepStatus.done, None),
        (blockers[1].step.id, StepStatus.skipped, "Niet nodig: al geregeld"),
        (blockers[0].step.id, StepStatus.open, None),
    ]
    for step_id, status, reason in steps:
        now += timedelta(minutes=10)
        with uow() as s:
            version = get_case(s, ref).version
            service.set_step(
                session=s,
                reference=ref,
                step_id=step_id,
                status=status,
                actor="oov",
                now=now,
                reason=reason,
            )
        with Session(engine) as s:
            assert get_case(s, ref).version == version + 1  # the refresh bumps nothing twice
        assert_current(engine, ref)

    now += timedelta(hours=30)  # later than many due times: overdue as of the change
    with uow() as s:
        assert finish_phase(s, ref, now) == "eerste-nazorg"
    after = assert_current(engine, ref)
    assert after["columns"]["phase_title"] == "Eerste nazorg en maatregelen"
    assert after["columns"]["overdue_count"] == len(after["columns"]["overdue_steps"].split("; "))

    with uow() as s:  # a facts change decides which steps apply
        service.update_facts(session=s, reference=ref, actor="oov", now=now, closure=True)
    assert_current(engine, ref)

    now += timedelta(days=2)
    with uow() as s:  # a repeat attack: a new round back in Incident
        service.report_attack(
            session=s,
            case=get_case(s, ref),
            occurred_at=now - timedelta(hours=1),
            kind=IncidentKind.aanslag,
            actor="oov",
            now=now,
        )
    repeat = assert_current(engine, ref)
    assert repeat["columns"]["phase_title"] == "Incident"
    assert all(k.startswith("2:") for k, w in repeat["work"].items() if w[0] == "stap")

    with uow() as s:  # a person's name changes (retention pseudonymises): search follows
        person = s.exec(select(Person).where(Person.name == "Mevrouw A. de Boer")).one()
        person.name = f"Persoon {person.id} (gepseudonimiseerd)"
        s.add(person)
    renamed = assert_current(engine, ref)
    assert "boer" not in renamed["terms"]


def test_rebuild_repairs_damaged_columns(engine: Engine, uow, playbook: Playbook) -> None:  # type: ignore[no-untyped-def]
    now = T0 + timedelta(hours=1)
    with uow() as s:
        refs = [
            create(s, playbook, now, street="Kerkstraat", house_number=str(n)).reference
            for n in (7, 9)
        ]
    expected = [assert_current(engine, r) for r in refs]
    with uow() as s:
        s.execute(update(Case).values(next_due_at=None, phase_title=None, open_mandatory=0))
        s.execute(WorkItem.__table__.delete())  # type: ignore[attr-defined]
    with uow() as s:
        assert rebuild_all(s, now) == 2
    assert [assert_current(engine, r) for r in refs] == expected


def test_a_step_keeps_the_due_time_fixed_when_it_opened(
    engine: Engine, uow, playbook: Playbook
) -> None:  # type: ignore[no-untyped-def]
    now = T0 + timedelta(hours=1)
    with uow() as s:
        ref = create(s, playbook, now).reference
    with Session(engine) as s:
        case = get_case(s, ref)
        items = {i.step.id: i for b in overview(s, case, now).blocks for i in b.items}
        rows = {r.step_id: r for r in s.exec(select(StepState).where(StepState.case_id == case.id))}
    dated = [i for i in items.values() if i.due is not None and i.status == StepStatus.open]
    assert dated
    for item in dated:  # every open step with a due time has it on its own row, and agrees
        assert rows[item.step.id].due_at == item.due
        assert rows[item.step.id].status == "open"
    # The engine reads the stored time: a stored value wins over recomputing from the anchor.
    chosen = dated[0].step.id
    moved = datetime(2026, 3, 9, 12, 0, tzinfo=dated[0].due.tzinfo)  # type: ignore[union-attr]
    with uow() as s:  # a change outside the services bumps the version too, as they do
        s.execute(update(StepState).where(col(StepState.step_id) == chosen).values(due_at=moved))
        s.execute(update(Case).where(col(Case.reference) == ref).values(
            version=col(Case.version) + 1))
    with Session(engine) as s:
        case = get_case(s, ref)
        again = {
            i.step.id: i for b in overview(s, case, now, whole_case=True).blocks for i in b.items
        }
        page = {i.step.id: i for b in overview(s, case, now).blocks for i in b.items}
    assert again[chosen].due == page[chosen].due == moved
    # An open row made only to hold the due time shows no "who and when" on the case page.
    assert page[chosen].record is None


def test_changing_one_step_reads_the_cases_steps_once_with_its_refresh(
    engine: Engine, uow, playbook: Playbook
) -> None:  # type: ignore[no-untyped-def]
    """The refresh before commit needs every step row of the case; the action's own check and
    the refresh share one read of them (cases/snapshots.py) instead of reading them per step.
    After a commit of this process, the next action on the case reads them not at all."""
    now = T0 + timedelta(hours=1)
    with uow() as s:
        ref = create(s, playbook, now).reference
    with Session(engine) as s:
        first, second = [b.step.id for b in overview(s, get_case(s, ref), now).blockers[:2]]
    reads: list[str] = []
    version = [0]  # the case's version before the change

    def spy(_conn, _cursor, statement: str, parameters: Any, *_args: object) -> None:  # type: ignore[no-untyped-def]
        # The case comes with its rows in one statement, which skips them when this process
        # keeps them at the case's version (cases/prefetch.py).
        values = parameters.values() if isinstance(parameters, dict) else parameters
        skipped = "CASE WHEN (zaak.version = " in statement and version[0] in values
        if statement.lstrip().upper().startswith("SELECT") and re.search(
            r"\bFROM stap\b", statement
        ) and not skipped:
            reads.append(statement)

    def change(step_id: str) -> int:
        reads.clear()
        with Session(engine) as s:
            version[0] = s.exec(select(Case.version).where(Case.reference == ref)).one()
        event.listen(engine, "before_cursor_execute", spy)
        try:
            with uow() as s:
                service.set_step(session=s, reference=ref, step_id=step_id,
                                 status=StepStatus.done, actor="oov", now=now)
        finally:
            event.remove(engine, "before_cursor_execute", spy)
        return len(reads)

    kept_versions.forget_committed()  # as in another process: nothing of the case is kept
    # Action and read-model refresh together read the case's steps once; the changed step's
    # row is updated from what that read returned, without reading it again.
    assert change(first) == 1, reads
    assert_current(engine, ref)
    # The rows this process committed at the case's current version are used again.
    assert change(second) == 0, reads
    assert_current(engine, ref)
