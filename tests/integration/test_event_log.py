"""Every emitted event is on record per round, so a step it completes counts as done even when
the step only applies later (housing arranged before the closure fact is set), and a repeat
attack's new round starts without the earlier round's events. On SQLite and PostgreSQL."""

from datetime import timedelta

from sqlalchemy import Engine, select
from sqlmodel import Session

from playbook.cases import persons, service
from playbook.cases.repository import get_case, pinned_playbook, snapshot_of
from playbook.definition.enums import IncidentKind, StepStatus
from playbook.definition.events import Event
from playbook.definition.models import Playbook
from playbook.engine import checklist
from playbook.storage.db import unit_of_work
from playbook.storage.tables import EventRecord
from tests.conftest import local
from tests.integration.helpers import create

NOW = local("2025-03-07 06:00")


def _status(engine: Engine, reference: str, step_id: str, now=NOW):  # type: ignore[no-untyped-def]
    """(round, status, record) of the step in every round so far, wherever the case is now."""
    with Session(engine) as s:
        case = get_case(s, reference)
        playbook, snap = pinned_playbook(s, case), snapshot_of(s, case)
        phase, _ = playbook.step(step_id)  # type: ignore[misc]
        return [(r, i.status, i.record) for r in range(1, case.round + 1)
                for i in checklist.phase_items(playbook, snap, phase.id, now, r)
                if i.step.id == step_id]


def test_housing_before_the_closure_fact_still_completes_the_housing_step(
        engine: Engine, playbook: Playbook) -> None:
    [(_, housing_step)] = playbook.completed_by(Event.housing_settled)
    with unit_of_work(engine) as s:
        reference = create(s, playbook, NOW).reference  # a resident who is not self-reliant
    with unit_of_work(engine) as s:
        persons.record_housing(session=s, reference=reference, outcome="aanvaard",
                               description="Wisselwoning van de woningcorporatie",
                               offered_on=NOW.date(), actor="oov.j.bakker", now=NOW)
    assert all(status == StepStatus.not_applicable
               for _, status, _ in _status(engine, reference, housing_step.id))

    with unit_of_work(engine) as s:
        service.update_facts(session=s, reference=reference, actor="juridisch", now=NOW,
                             closure=True)

    [(round_, status, record)] = _status(engine, reference, housing_step.id)
    assert (round_, status) == (1, StepStatus.done)
    assert record.actor == "oov.j.bakker" and record.at == NOW
    assert "huisvesting" in (record.reason or "")


def test_a_new_round_does_not_inherit_the_earlier_rounds_events(
        engine: Engine, playbook: Playbook) -> None:
    [(_, housing_step)] = playbook.completed_by(Event.housing_settled)
    with unit_of_work(engine) as s:
        reference = create(s, playbook, NOW).reference
        service.update_facts(session=s, reference=reference, actor="oov", now=NOW, closure=True)
    with unit_of_work(engine) as s:
        persons.record_housing(session=s, reference=reference, outcome="aanvaard",
                               description="Wisselwoning", offered_on=NOW.date(), actor="oov",
                               now=NOW)
    later = NOW + timedelta(days=20)
    with unit_of_work(engine) as s:
        service.report_attack(session=s, case=get_case(s, reference), occurred_at=later,
                              kind=IncidentKind.aanslag, actor="politie", now=later)
    rounds = {r: status for r, status, _ in _status(engine, reference, housing_step.id, later)}
    assert rounds[1] == StepStatus.done
    assert rounds.get(2, StepStatus.open) != StepStatus.done
    with Session(engine) as s:
        rows = s.execute(select(EventRecord.round, EventRecord.event)).all()
    assert (1, Event.housing_settled.value) in [tuple(r) for r in rows]
