"""Append an audit event in the caller's transaction, so a change and its record commit together.

Tamper evidence: every row carries `hash` = SHA-256(previous hash of its chain + canonical JSON of
the row). A case's rows form one chain; rows without a case (sign-ins, accounts, retention runs)
form one global chain. Changing, deleting or inserting a row by hand breaks the chain from that
row on, and `playbook audit verifieer` names the first broken row.

Each case names its chain's newest hash (`zaak.audit_head`; the global chain's is the one row of
`audit_anker`), written before the commit of the transaction that appends. That anchor is where
an append reads its chain, under the anchor row's lock, and it makes a chain whose newest rows
were deleted fail verification too.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, update
from sqlalchemy import event as sa_event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select as sa_select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from playbook.cases.kept_rows import WRITTEN_KEY
from playbook.storage.tables import AuditEvent, Case, Person
from playbook.storage.tables.audit import APPENDED_KEY, GLOBAL_CHAIN, AuditAnchor

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


@sa_event.listens_for(OrmSession, "after_soft_rollback")
def _forget_heads(session: OrmSession, _previous: SessionTransaction) -> None:
    # A rolled-back savepoint may have undone an append: heads known in Python are read again
    # (the cases stay noted, so their anchors are still written at the commit).
    session.info.pop(HEADS_KEY, None)


@sa_event.listens_for(OrmSession, "after_transaction_end")
def _forget_transaction(session: OrmSession, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(HEADS_KEY, None)
        session.info.pop(APPENDED_KEY, None)


def _previous_hash(session: Session, case_id: int | None) -> str | None:
    heads = session.info.setdefault(HEADS_KEY, {})
    if case_id in heads:  # appended in this transaction, which holds the chain's lock
        return heads[case_id]  # type: ignore[no-any-return]
    postgres = session.get_bind().dialect.name == "postgresql"
    if case_id is None:  # the global chain's anchor row, locked as a case row is below
        anchor_row = session.execute(
            _GLOBAL_ANCHOR_FOR_UPDATE if postgres else _GLOBAL_ANCHOR).first()
        if anchor_row is not None and None not in session.info.get(APPENDED_KEY, ()):
            return anchor_row.head  # type: ignore[no-any-return]
        # After a savepoint rolled back, or with the row missing (emptied by hand; the commit
        # puts it back): serialise on a lock of its own and let the chain's rows say.
        if postgres:
            session.execute(_GLOBAL_LOCK)
        return _newest_row_hash(session, None)
    if case_id in session.info.get(APPENDED_KEY, ()):
        # Appended here before a savepoint rolled back (which may have released the row's
        # lock): lock again, and let the chain's rows say where it ends.
        if postgres:
            session.execute(_ANCHOR_FOR_UPDATE, {"case_id": case_id})
        return _newest_row_hash(session, case_id)
    case = session.info.get(WRITTEN_KEY, {}).get(case_id)
    if case is not None:
        # This transaction wrote the case row, so holds its lock, and the UPDATE returned where
        # the chain ends (or the INSERT started it empty): nothing to read.
        return case.audit_head  # type: ignore[no-any-return]
    # The case row names its chain's newest hash. On PostgreSQL the row is locked for the rest
    # of the transaction (a case change holds that lock already), so appends never fork; on
    # SQLite a writing transaction holds the database's write lock from its BEGIN.
    anchor: Any = session.execute(_ANCHOR_FOR_UPDATE if postgres else _ANCHOR,
                                  {"case_id": case_id}).scalar_one_or_none()
    return anchor  # type: ignore[no-any-return]


def _newest_row_hash(session: Session, case_id: int | None) -> str | None:
    """Where a chain ends by its rows (not its anchor): for the rare append after a savepoint
    rolled back, or with the global anchor row missing."""
    if case_id is None:
        return session.exec(_GLOBAL_HEAD).first()
    return session.exec(_CASE_HEAD, params={"case_id": case_id}).first()


# Statements built once (this runs on every change).
_CASE_HEAD = select(AuditEvent.hash).where(AuditEvent.case_id == bindparam("case_id")).order_by(
    col(AuditEvent.id).desc()).limit(1)
_GLOBAL_HEAD = select(AuditEvent.hash).where(col(AuditEvent.case_id).is_(None)).order_by(
    col(AuditEvent.id).desc()).limit(1)
_ZAAK = Case.__table__  # type: ignore[attr-defined]
_ANCHOR = sa_select(_ZAAK.c.audit_head).where(_ZAAK.c.id == bindparam("case_id"))
_ANCHOR_FOR_UPDATE = _ANCHOR.with_for_update()
_ANCHOR_WRITE = update(_ZAAK).where(_ZAAK.c.id == bindparam("b_id")).values(
    audit_head=bindparam("audit_head"))
_ANKER = AuditAnchor.__table__  # type: ignore[attr-defined]
_GLOBAL_ANCHOR = sa_select(_ANKER.c.head).where(_ANKER.c.id == GLOBAL_CHAIN)
_GLOBAL_ANCHOR_FOR_UPDATE = _GLOBAL_ANCHOR.with_for_update()
_GLOBAL_ANCHOR_WRITE = update(_ANKER).where(_ANKER.c.id == GLOBAL_CHAIN).values(
    head=bindparam("head"))
_GLOBAL_LOCK = sa_select(func.pg_advisory_xact_lock(7_000_000_000))


def take_anchor(session: Session, case_id: int | None) -> dict[str, str]:
    """The case's chain anchor to write with the case's row at the commit ({} when its chain
    did not grow in this transaction); the caller writes it (cases/readmodel.py does, in the
    UPDATE it sends anyway). What no caller took, write_anchors() writes."""
    appended = session.info.get(APPENDED_KEY)
    if not appended or case_id not in appended:
        return {}
    appended.discard(case_id)
    head = session.info.get(HEADS_KEY, {}).get(case_id)
    if head is None:  # forgotten when a savepoint rolled back: the rows say where it ends
        head = _newest_row_hash(session, case_id)
    return {"audit_head": head}


def write_anchors(session: Session) -> None:
    """Before the commit, after the read model: put the newest hash of every chain that grew on
    its case row, so a chain cut short at its end is found by verify()."""
    for case_id in sorted(session.info.get(APPENDED_KEY, ()), key=lambda c: c or 0):
        anchor = take_anchor(session, case_id)
        if case_id is None:
            if not session.execute(_GLOBAL_ANCHOR_WRITE, {"head": anchor["audit_head"]}
                                   ).rowcount:  # type: ignore[attr-defined]
                session.execute(insert(_ANKER).values(id=GLOBAL_CHAIN,
                                                      head=anchor["audit_head"]))
            continue
        session.execute(_ANCHOR_WRITE, {"b_id": case_id, **anchor})
        case = session.identity_map.get(identity_key(Case, case_id))
        if case is not None:
            set_committed_value(case, "audit_head", anchor["audit_head"])


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
    if (person is not None and person.id is None) or (
            case is not None and case.id not in session.info.get(HEADS_KEY, {})
            and sa_inspect(case).modified):
        # The person's id is part of the row (and of its hash). A changed case whose chain
        # this transaction did not append to yet is written now rather than at the next
        # query: its UPDATE returns where the chain ends.
        session.flush()
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
    session.info.setdefault(APPENDED_KEY, set()).add(event.case_id)
    session.add(event)
    return event


@dataclass(frozen=True)
class Break:
    """Where one chain stops verifying: its first broken row, or, when rows were deleted at its
    end (`cut_short`), the newest row still there (None when none is)."""

    case_id: int | None
    why: str
    event: AuditEvent | None = None
    cut_short: bool = False


def verify(session: Session) -> tuple[int, list[Break]]:
    """Check every chain, and that each case names its chain's newest row; return (rows
    checked, [the first break of each broken chain])."""
    expected: dict[int | None, str | None] = {}
    last: dict[int | None, AuditEvent] = {}
    broken: dict[int | None, Break] = {}
    count = 0
    for event in session.exec(select(AuditEvent).order_by(col(AuditEvent.id))):
        count += 1
        last[event.case_id] = event
        if event.case_id in broken:
            continue
        want = chain_hash(expected.get(event.case_id), event)
        refilled = [n for n in (event.redacted or {}) if getattr(event, n, None) is not None]
        if event.hash != want or refilled:
            why = ("hash ontbreekt" if not event.hash else
                   f"verwijderd veld opnieuw gevuld ({', '.join(refilled)})" if refilled else
                   "inhoud gewijzigd, of een rij ervoor verwijderd of ingevoegd")
            broken[event.case_id] = Break(event.case_id, why, event)
        expected[event.case_id] = event.hash
    # Rows deleted at a chain's end leave a shorter chain that verifies row by row; the case
    # row (the anchor row, for the global chain) still names the hash its chain ended with.
    anchors: list[tuple[int | None, str | None]] = [
        *session.exec(select(Case.id, Case.audit_head)),
        *((None, head) for head in session.exec(select(AuditAnchor.head)))]
    if not any(case_id is None for case_id, _ in anchors) and None in last:
        anchors.append((None, "anker ontbreekt"))  # the anchor row itself was deleted
    for case_id, anchor in anchors:
        if case_id not in broken and anchor != expected.get(case_id):
            end = last.get(case_id)
            broken[case_id] = Break(case_id, "de nieuwste rijen van de keten ontbreken" if end
                                    else "alle rijen van de keten ontbreken", end, cut_short=True)
    return count, sorted(broken.values(), key=lambda b: (b.event and b.event.id) or 0)
