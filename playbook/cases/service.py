"""One function per user action. CLI, web and API call these and only translate input and errors.

Every function changes the case and appends its audit events in the caller's unit of work.
The actions live by subject: registration (create_case, add_person), steps (set_step, emit),
phases (advance, report_attack, migrate_playbook), facts (update_facts); this module is the
one entry callers import (`from playbook.cases import service`).
"""

from datetime import datetime

from sqlmodel import Session

from playbook.cases.facts import update_facts
from playbook.cases.phases import SYSTEM, advance, migrate_playbook, report_attack
from playbook.cases.phases import enter as _enter
from playbook.cases.registration import add_person, create_case
from playbook.cases.repository import check_version, get_case
from playbook.cases.steps import apply_steps, emit, set_step
from playbook.errors import NotFound
from playbook.storage.tables import Person

__all__ = [
    "SYSTEM",
    "_enter",
    "add_person",
    "advance",
    "apply_steps",
    "check_version",
    "create_case",
    "emit",
    "migrate_playbook",
    "record_consent",
    "report_attack",
    "set_step",
    "update_facts",
]


def record_consent(*, session: Session, reference: str, person_id: int, actor: str,
                   now: datetime) -> Person:
    """Oral consent, given now, to refer a person to Slachtofferhulp Nederland. The record
    itself (who, when, how, purpose) lives in cases/referrals.py."""
    from playbook.cases.referrals import record_consent as record_full

    case = get_case(session, reference)
    person = session.get(Person, person_id)
    if person is None or person.case_id != case.id:
        raise NotFound(f"Persoon {person_id} hoort niet bij zaak {case.reference}.")
    record_full(session=session, reference=reference, person_id=person_id, given_by=person.name,
                given_at=now, method="mondeling", covers_contact=True, actor=actor, now=now)
    return person
