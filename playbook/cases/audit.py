"""Append an audit event in the caller's transaction, so a change and its record commit together."""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from playbook.storage.tables import AuditEvent, Case


def record(
    session: Session,
    case: Case | None,
    *,
    actor: str,
    action: str,
    at: datetime,
    subject: str | None = None,
    old: object = None,
    new: object = None,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        case_id=case.id if case else None,
        at=at,
        actor=actor,
        action=action,
        subject=subject,
        old=None if old is None else str(old),
        new=None if new is None else str(new),
        reason=reason,
        details=details,
    )
    session.add(event)
    return event
