"""Append an audit event in the caller's transaction, so a change and its record commit together.

Tamper evidence: every row carries `hash` = SHA-256(previous hash of its chain + canonical JSON of
the row). A case's rows form one chain; rows without a case (sign-ins, accounts, retention runs)
form one global chain. Changing, deleting or inserting a row by hand breaks the chain from that
row on, and `playbook audit verifieer` names the first broken row.
"""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from playbook.storage.tables import AuditEvent, Case

GENESIS = "0" * 64  # the "previous hash" of the first row of every chain


def _text(value: object) -> str | None:
    """Audit values read as Dutch: ja/nee rather than True/False."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def canonical(event: AuditEvent) -> bytes:
    """The row's content in one fixed serialisation (sorted keys, UTC microseconds, no spaces).
    The id is left out: it is only known after the insert; order is covered by the chain."""
    at = event.at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    content = {"case_id": event.case_id, "at": at, "actor": event.actor, "action": event.action,
               "subject": event.subject, "old": event.old, "new": event.new,
               "reason": event.reason, "details": event.details}
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str).encode()


def chain_hash(previous: str | None, event: AuditEvent) -> str:
    return hashlib.sha256((previous or GENESIS).encode() + b"\n" + canonical(event)).hexdigest()


def _previous_hash(session: Session, case_id: int | None) -> str | None:
    if session.get_bind().dialect.name == "postgresql":
        # Serialise appends per chain, so two transactions never fork it (released at commit).
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                        {"key": 7_000_000_000 + (case_id or 0)})
    chain = (AuditEvent.case_id == case_id) if case_id is not None else (
        col(AuditEvent.case_id).is_(None))
    return session.exec(select(AuditEvent.hash).where(chain)
                        .order_by(col(AuditEvent.id).desc()).limit(1)).first()


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
    event.hash = chain_hash(_previous_hash(session, event.case_id), event)
    session.add(event)  # autoflush puts it in place before the next record() reads the chain
    return event


def verify(session: Session) -> tuple[int, list[tuple[AuditEvent, str]]]:
    """Check every chain; return (rows checked, [(first broken row of a chain, why)])."""
    expected: dict[int | None, str | None] = {}
    broken: dict[int | None, tuple[AuditEvent, str]] = {}
    count = 0
    for event in session.exec(select(AuditEvent).order_by(col(AuditEvent.id))):
        count += 1
        if event.case_id in broken:
            continue
        want = chain_hash(expected.get(event.case_id), event)
        if event.hash != want:
            why = ("hash ontbreekt" if not event.hash else
                   "inhoud gewijzigd, of een rij ervoor verwijderd of ingevoegd")
            broken[event.case_id] = (event, why)
        expected[event.case_id] = event.hash
    return count, sorted(broken.values(), key=lambda b: b[0].id or 0)
