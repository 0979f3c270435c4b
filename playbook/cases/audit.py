"""Append an audit event in the caller's transaction, so a change and its record commit together."""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from playbook.storage.tables import AuditEvent, Case


def _text(value: object) -> str | None:
    """Audit values read as Dutch: ja/nee rather than True/False."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


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
        old=_text(old),
        new=_text(new),
        reason=reason,
        details=details,
    )
    session.add(event)
    return event
