"""Sealing the premises at the hour the closure takes effect (art. 174a Gemeentewet; the
closure starts at a named moment, ECLI:NL:RBOVE:2025:5638). Recorded by whoever sealed: the
decision alone never ticks the sealing step."""

from datetime import datetime

from sqlmodel import Session

from playbook.cases.audit import record
from playbook.cases.repository import get_case, touch
from playbook.cases.service import emit
from playbook.config import USER_TZ
from playbook.decisions.lifecycle import Status
from playbook.decisions.service import decisions_of
from playbook.definition.events import Event
from playbook.errors import InvalidInput, NotAllowed
from playbook.storage.tables import Case


def record_sealing(
    *, session: Session, reference: str, actor: str, now: datetime, at: datetime | None = None
) -> Case:
    """`actor` sealed the door at `at` (default: now), after a closure decision was taken."""
    case = get_case(session, reference)
    sealed_at = at or now
    if sealed_at > now:
        raise InvalidInput(
            ["tijdstip: ligt in de toekomst; leg de verzegeling vast nadat die is aangebracht"]
        )
    taken = [
        d
        for d in decisions_of(session, case)
        if d.kind == "sluiting" and d.status in (Status.taken, Status.made_known)
    ]
    if not taken:
        raise NotAllowed(
            "Er is nog geen genomen sluitingsbesluit; verzegel pas op het uur "
            "waarop de sluiting ingaat."
        )
    record(
        session,
        case,
        actor=actor,
        action="verzegeld",
        at=now,
        new=f"{sealed_at.astimezone(USER_TZ):%d-%m-%Y %H:%M}",
        details={"besluit": taken[-1].id},
    )
    emit(session, case, Event.closure_sealed, actor=actor, now=now, because="deur verzegeld")
    touch(case, now)
    return case
