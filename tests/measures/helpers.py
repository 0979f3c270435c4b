"""Shared by the measure tests: a case, a measure drafted through the service, step status."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from sqlmodel import Session

from playbook.cases.repository import get_case, pinned_playbook, snapshot_of
from playbook.decisions import measures
from playbook.definition.enums import StepStatus
from playbook.definition.events import Event
from playbook.engine import checklist
from tests.conftest import local

Uow = Callable[[], AbstractContextManager[Session]]

OCCUPANT = {
    "name": "Mevrouw J. Jansen",
    "role": "bewoner",
    "birth_date": "1988-02-03",
    "relation": "bewoner",
}
CORPORATION = {
    "name": "Woonstichting Rivierstad",
    "role": "belanghebbende",
    "relation": "woningcorporatie",
}
WHY = "De politie meldt sinds de aanslag herhaalde intimidatie en nachtelijke onrust in de straat."


def draft(uow: Uow, reference: str, kind: str, at: str, **fields: Any) -> int:
    with uow() as s:
        decision = measures.draft(
            session=s,
            reference=reference,
            kind=kind,
            fields=measures.parse_measure(fields),
            actor="juridisch",
            now=local(at),
        )
        return decision.id  # type: ignore[return-value]


def edit(uow: Uow, reference: str, decision_id: int, at: str, **fields: Any) -> None:
    with uow() as s:
        measures.draft(
            session=s,
            reference=reference,
            kind="",
            decision_id=decision_id,
            fields=measures.parse_measure(fields),
            actor="juridisch",
            now=local(at),
        )


def missing(uow: Uow, reference: str, decision_id: int, at: str) -> list[str]:
    with uow() as s:
        return measures.check(
            session=s, reference=reference, decision_id=decision_id, now=local(at)
        )


def step_status(uow: Uow, reference: str, event: Event, at: str) -> list[StepStatus]:
    """Status of every step the event completes, in the case's current round."""
    with uow() as s:
        case = get_case(s, reference)
        playbook, snap = pinned_playbook(s, case), snapshot_of(s, case)
        result = []
        for phase, step in playbook.completed_by(event):
            items = checklist.phase_items(playbook, snap, phase.id, local(at))
            result += [i.status for i in items if i.step.id == step.id]
        return result
