"""Record that a person does not want a purpose (a referral to Slachtofferhulp Nederland, ...):
a refusal, its own record next to consent, in the caller's transaction.

A no while consent for that purpose is in force is a withdrawal of that consent (art. 7 lid 3
AVG, `referrals.withdraw_consent`), not a refusal: one record per statement. The rules are in
cases/consent.py; docs/verwijzing.md explains why a refusal settles the referral step."""

from datetime import datetime

from sqlmodel import Session

from playbook.cases.audited import Audit, Happened, audited, stored
from playbook.cases.consent import (
    METHOD_LABELS,
    PURPOSE_LABELS,
    ConsentFacts,
    Purpose,
    check_refusal,
    in_force,
)
from playbook.cases.referrals import consents_of, person_of
from playbook.cases.repository import get_case
from playbook.definition.events import Event
from playbook.documents.formatting import datetime_nl
from playbook.errors import InvalidInput, NotAllowed
from playbook.storage.tables import Case, Person
from playbook.storage.tables_referral import ConsentRefusal


def _no_consent_in_force(
    session: Session, case: Case, person: Person, purpose: str, refused_at: datetime
) -> None:
    """A no said after consent that is still in force is a withdrawal of that consent."""
    for row in consents_of(session, case, person.id):
        facts = ConsentFacts(row.purpose, row.given_at, row.round, row.withdrawn_at)
        if row.given_at <= refused_at and in_force(
            facts, purpose, incident_at=case.incident_at, round=case.round
        ):
            raise NotAllowed(
                f"{person.name} heeft op {datetime_nl(row.given_at)} toestemming gegeven voor "
                f"{PURPOSE_LABELS[Purpose(purpose)]}, en die geldt nog. Wil {person.name} dat "
                "niet meer, trek dan die toestemming in (art. 7 lid 3 AVG); dat legt het nee vast."
            )


def record_refusal(
    *,
    session: Session,
    reference: str,
    person_id: int,
    refused_at: datetime,
    method: str,
    actor: str,
    now: datetime,
    purpose: str = Purpose.referral,
    note: str | None = None,
) -> ConsentRefusal:
    """Record that `person_id` said no to `purpose`: when, how and who recorded it. A refusal of
    a referral settles the referral step for this round (event verwijzing.geweigerd)."""
    case = get_case(session, reference)
    person = person_of(session, case, person_id)
    problems = check_refusal(refused_at=refused_at, now=now, method=method, purpose=purpose)
    if problems:
        raise InvalidInput(problems)
    _no_consent_in_force(session, case, person, purpose, refused_at)
    row = stored(session, ConsentRefusal(
        case_id=case.id,  # type: ignore[arg-type]
        person_id=person.id,  # type: ignore[arg-type]
        round=case.round,
        purpose=purpose,
        refused_at=refused_at,
        method=method,
        note=(note or "").strip() or None,
        actor=actor,
        recorded_at=now,
    ))
    said_no = (Happened(Event.referral_declined, f"weigering {row.id}")
               if purpose == Purpose.referral else None)
    return audited(
        session, case, row,
        Audit("weigering-vastgelegd", old=PURPOSE_LABELS[Purpose(purpose)],
              reason=f"{METHOD_LABELS[method]}, ronde {case.round}", person=person,
              details={"weigering": row.id, "geweigerd_op": refused_at.isoformat()}),
        actor=actor, now=now, happened=said_no,
    )
