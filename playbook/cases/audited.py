"""Add a new row to a case with its audit row, the event it causes and the case version bump.

The tail every "record X" service shared (persons, referrals, objections): one place, so the
order that the audit chain and the step completion depend on (the row has its id before the
audit row names it; the audit row comes before the steps the event completes) cannot drift.
Everything runs in the caller's transaction."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from playbook.cases.audit import record
from playbook.cases.repository import touch
from playbook.cases.steps import emit
from playbook.definition.events import Event
from playbook.storage.tables import Case, Person

Row = TypeVar("Row", bound=SQLModel)


@dataclass(frozen=True)
class Audit:
    """What the audit row says about the new row (see cases/audit.record)."""

    action: str
    subject: str | None = None
    old: object = None
    new: object = None
    reason: str | None = None
    details: dict[str, Any] | None = None
    person: Person | None = None


@dataclass(frozen=True)
class Happened:
    """The domain event the new row causes, and why, as the step history shows it."""

    event: Event
    because: str


def stored(session: Session, row: Row) -> Row:
    """Add `row` and give it its id, so the audit row and the event can name it."""
    session.add(row)
    session.flush()
    return row


def audited(session: Session, case: Case, row: Row, audit: Audit, *, actor: str, now: datetime,
            happened: Happened | None = None) -> Row:
    """Bump the case version, audit the stored `row` and emit what it caused (completing the
    steps that declare it); returns the row."""
    touch(case, now)  # first: the case's UPDATE returns where its audit chain ends
    record(session, case, actor=actor, action=audit.action, at=now, subject=audit.subject,
           old=audit.old, new=audit.new, reason=audit.reason, details=audit.details,
           person=audit.person)
    if happened is not None:
        emit(session, case, happened.event, actor=actor, now=now, because=happened.because)
    return row
