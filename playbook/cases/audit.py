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

from sqlalchemy import bindparam, text
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session, col, select

from playbook.storage.tables import AuditEvent, Case, Person

GENESIS = "0" * 64  # the "previous hash" of the first row of every chain


def _text(value: object) -> str | None:
    """Audit values read as Dutch: ja/nee rather than True/False."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


# The content of a row, in this order. Each field is hashed on its own, so retention can remove
# a value (the field's digest stays in `redacted`) without breaking the chain.
CONTENT = ("case_id", "at", "actor", "action", "subject", "old", "new", "reason", "details",
           "person_id")
REDACTABLE = ("subject", "old", "new", "reason", "details")


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)


def _value(event: AuditEvent, name: str) -> object:
    if name == "at":  # UTC, microseconds, without offset: the same on SQLite and PostgreSQL
        return event.at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    return getattr(event, name)


def field_digest(value: object) -> str:
    return hashlib.sha256(_json(value).encode()).hexdigest()


def canonical(event: AuditEvent) -> bytes:
    """The row's content in one fixed serialisation: a digest per field (sorted keys). The id is
    left out: it is only known after the insert; order is covered by the chain."""
    removed = event.redacted or {}
    return _json({name: removed.get(name) or field_digest(_value(event, name))
                  for name in CONTENT}).encode()


def chain_hash(previous: str | None, event: AuditEvent) -> str:
    return hashlib.sha256((previous or GENESIS).encode() + b"\n" + canonical(event)).hexdigest()


def redact(event: AuditEvent, name: str) -> None:
    """Remove one value under retention. Its digest is kept, so the chain still verifies and
    the removal itself stays visible; a removed field must stay empty (see verify)."""
    if name not in REDACTABLE:
        raise ValueError(f"{name} cannot be redacted")
    value = getattr(event, name)
    if value is None:
        return
    event.redacted = {**(event.redacted or {}), name: field_digest(_value(event, name))}
    setattr(event, name, None)


HEADS_KEY = "playbook_audit_heads"  # chain -> hash of its last row, this transaction only


@sa_event.listens_for(OrmSession, "after_transaction_end")
def _forget_heads(session: OrmSession, transaction: SessionTransaction) -> None:
    # Transactions and savepoints, not the inner ones every flush opens.
    if transaction.nested or transaction.parent is None:
        session.info.pop(HEADS_KEY, None)  # a savepoint rolled back may have undone an append


def _previous_hash(session: Session, case_id: int | None) -> str | None:
    heads = session.info.setdefault(HEADS_KEY, {})
    if case_id in heads:  # appended in this transaction, which holds the chain's lock
        return heads[case_id]  # type: ignore[no-any-return]
    if session.get_bind().dialect.name == "postgresql":
        # Serialise appends per chain, so two transactions never fork it (released at commit).
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                        {"key": 7_000_000_000 + (case_id or 0)})
    if case_id is None:
        return session.exec(_GLOBAL_HEAD).first()
    return session.exec(_CASE_HEAD, params={"case_id": case_id}).first()


# The hash of a chain's last row; statements built once (this runs on every change).
_CASE_HEAD = select(AuditEvent.hash).where(AuditEvent.case_id == bindparam("case_id")).order_by(
    col(AuditEvent.id).desc()).limit(1)
_GLOBAL_HEAD = select(AuditEvent.hash).where(col(AuditEvent.case_id).is_(None)).order_by(
    col(AuditEvent.id).desc()).limit(1)


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
    person: Person | None = None,
) -> AuditEvent:
    """Append one event. Name the person an event is about with `person`, never by putting
    their name in subject/old/new: audit rows cannot be changed later, persons can."""
    if person is not None and person.id is None:
        session.flush()  # the person's id is part of the row (and of its hash)
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
        person_id=person.id if person is not None else None,
    )
    event.hash = chain_hash(_previous_hash(session, event.case_id), event)
    session.info.setdefault(HEADS_KEY, {})[event.case_id] = event.hash
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
        refilled = [n for n in (event.redacted or {}) if getattr(event, n, None) is not None]
        if event.hash != want or refilled:
            why = ("hash ontbreekt" if not event.hash else
                   f"verwijderd veld opnieuw gevuld ({', '.join(refilled)})" if refilled else
                   "inhoud gewijzigd, of een rij ervoor verwijderd of ingevoegd")
            broken[event.case_id] = (event, why)
        expected[event.case_id] = event.hash
    return count, sorted(broken.values(), key=lambda b: b[0].id or 0)
