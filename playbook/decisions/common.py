"""Shared by the decision services: loading a decision and changing its fields (each change
an audit row). The status history (status.py), the facts the pure rules read (facts.py) and
the statutory terms (terms.py) live in their own modules and are re-exported here."""

from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from playbook.cases.audit import record
from playbook.cases.repository import get_case, touch
from playbook.decisions.facts import facts_for
from playbook.decisions.labels import LABELS
from playbook.decisions.status import DecisionIncomplete, guard_problems, history, move, new
from playbook.decisions.terms import (
    HEARING_LABEL,
    addressees_of,
    bezwaar_terms,
    deadlines,
    end_date,
    hearing_term,
    starts_at,
    today_of,
)
from playbook.errors import NotFound
from playbook.storage.tables import Case, Decision

__all__ = [
    "HEARING_LABEL",
    "LABELS",
    "DecisionIncomplete",
    "addressees_of",
    "bezwaar_terms",
    "change",
    "deadlines",
    "decisions_of",
    "end_date",
    "facts_for",
    "get_decision",
    "guard_problems",
    "hearing_term",
    "history",
    "load",
    "move",
    "new",
    "set_fields",
    "starts_at",
    "today_of",
]


def get_decision(session: Session, case: Case, decision_id: int) -> Decision:
    decision = session.get(Decision, decision_id)
    if decision is None or decision.case_id != case.id:
        raise NotFound(f"Besluit {decision_id} hoort niet bij zaak {case.reference}.")
    return decision


def load(session: Session, reference: str, decision_id: int) -> tuple[Case, Decision]:
    case = get_case(session, reference)
    return case, get_decision(session, case, decision_id)


def decisions_of(session: Session, case: Case) -> list[Decision]:
    return list(
        session.exec(select(Decision).where(Decision.case_id == case.id).order_by(col(Decision.id)))
    )


def change(
    session: Session,
    case: Case,
    decision: Decision,
    values: dict[str, Any],
    actor: str,
    now: datetime,
) -> None:
    """Set the decision's fields; each change is an audit row in the same transaction."""
    decision.updated_at = now
    set_fields(session, case, decision, decision, values, actor, now)


def set_fields(
    session: Session,
    case: Case,
    decision: Decision,
    row: SQLModel,
    values: dict[str, Any],
    actor: str,
    now: datetime,
) -> None:
    """Set fields of `row` (the decision itself, or a table that belongs to it such as a
    measure's details); each change is an audit row naming the decision."""
    for name, value in values.items():
        old = getattr(row, name)
        if value is None or old == value:
            continue
        setattr(row, name, value)
        record(
            session,
            case,
            actor=actor,
            action="besluit-gewijzigd",
            at=now,
            subject=f"besluit {decision.id}: {LABELS.get(name, name)}",
            old=old,
            new=value,
        )
    session.add(row)
    touch(case, now)
