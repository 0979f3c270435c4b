"""The read model kept up to date action by action equals the one `playbook zaken herbereken`
rebuilds from the case tables (issue 9): columns, open work, search keys and fixed due times."""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, delete, update
from sqlmodel import Session, col, select

from playbook.cases import service
from playbook.cases.audit import verify
from playbook.cases.intake import PersonIntake
from playbook.cases.overview import overview
from playbook.cases.readmodel import rebuild_all
from playbook.cases.repository import get_case
from playbook.decisions.household import Relation
from playbook.definition.enums import IncidentKind, StepStatus
from playbook.definition.models import Playbook
from playbook.storage.tables import Case, StepState
from playbook.storage.tables_readmodels import SearchTerm, WorkItem
from tests.conftest import local
from tests.integration.helpers import create, finish_phase

T0 = local("2026-03-07 02:40")
COLUMNS = ("next_due_at", "phase_title", "phase_order", "open_mandatory", "overdue_count",
           "overdue_steps")


def everything(session: Session) -> dict[str, Any]:
    """Every read-model row of every case, without ids (a rebuild may renumber them)."""
    cases = {c.reference: tuple(getattr(c, k) for k in COLUMNS)
             for c in session.exec(select(Case))}
    work = sorted((w.case_id, w.key, w.kind, w.title, w.partner or "", w.phase_title or "",
                   w.due_at, w.anchor or "") for w in session.exec(select(WorkItem)))
    terms = sorted((t.case_id, t.term) for t in session.exec(select(SearchTerm)))
    dues = sorted((s.case_id, s.round, s.step_id, s.status, s.due_at)
                  for s in session.exec(select(StepState).where(col(StepState.due_at).is_not(None))))
    return {"zaak": cases, "werk": work, "zoekterm": terms, "stap": dues}


def test_incremental_read_model_equals_the_rebuilt_one(
    engine: Engine, uow, playbook: Playbook
) -> None:  # type: ignore[no-untyped-def]
    now = T0 + timedelta(hours=1)
    with uow() as s:
        ref = create(s, playbook, now, occurred_at="2026-03-07 02:40").reference
        other = create(s, playbook, now, street="Kerkstraat", house_number="3",
                       house_suffix=None).reference
    with Session(engine) as s:
        blockers = [i.step.id for i in overview(s, get_case(s, ref), now).blockers]
    now += timedelta(minutes=10)
    with uow() as s:  # two changes of one case in one transaction: one refresh sees both
        for step_id in blockers[:2]:
            service.set_step(session=s, reference=ref, step_id=step_id, status=StepStatus.done,
                             actor="oov", now=now)
    now += timedelta(minutes=10)
    with uow() as s:
        service.set_step(session=s, reference=ref, step_id=blockers[2], actor="oov", now=now,
                         status=StepStatus.skipped, reason="Al geregeld door de politie")
    now += timedelta(hours=30)  # later than many due times: overdue as of the change
    with uow() as s:
        finish_phase(s, ref, now)
    with uow() as s:
        service.update_facts(session=s, reference=ref, actor="oov", now=now, closure=True)
    with uow() as s:  # a child joins the household: steps for children apply
        case = get_case(s, ref)
        service.add_person(s, case, PersonIntake(
            name="Kind de Boer", role="bewoner", relation=Relation.occupant,
            birth_date=date(2019, 5, 1)), "oov", now)
    now += timedelta(days=2)
    with uow() as s:  # a repeat attack: open steps closed, a new round back in Incident
        service.report_attack(session=s, case=get_case(s, ref), kind=IncidentKind.aanslag,
                              occurred_at=now - timedelta(hours=1), actor="oov", now=now)
    with uow() as s:
        finish_phase(s, other, now)

    with Session(engine) as s:
        incremental = everything(s)
        latest = max(c.updated_at for c in s.exec(select(Case)))
    assert incremental["werk"] and incremental["zoekterm"] and incremental["stap"]
    with uow() as s:  # from scratch: the projections emptied first (the case rows untouched)
        s.execute(delete(WorkItem))
        s.execute(delete(SearchTerm))
        s.execute(update(Case).values(next_due_at=None, phase_title=None, phase_order=0,
                                      open_mandatory=0, overdue_count=0, overdue_steps=None))
        assert rebuild_all(s, latest) == 2
    with Session(engine) as s:
        rebuilt = everything(s)
        assert verify(s)[1] == []  # one audit chain per case, unbroken by batched appends
    for table in ("werk", "zoekterm", "stap"):
        assert rebuilt[table] == incremental[table], table
    # Columns: the incremental ones are overdue as of each case's own last change, the rebuilt
    # ones as of the latest change, so compare all but the late ones.
    assert {r: v[:4] for r, v in rebuilt["zaak"].items()} == {
        r: v[:4] for r, v in incremental["zaak"].items()}
