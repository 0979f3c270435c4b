"""Consent and referral to Slachtofferhulp Nederland: one service function per action.

The rules are in cases/consent.py; this module stores and audits, in the caller's transaction.
"""

from datetime import datetime

from sqlmodel import Session, col, select

from playbook.cases.audit import record
from playbook.cases.audited import Audit, Happened, audited, stored
from playbook.cases.consent import (
    CHANNEL_LABELS,
    PURPOSE_LABELS,
    Channel,
    ConsentFacts,
    Method,
    Purpose,
    RefusalFacts,
    Route,
    check_channel,
    check_new,
    refusal,
    refused_later,
)
from playbook.cases.repository import get_case
from playbook.definition.events import Event
from playbook.errors import InvalidInput, NotAllowed, NotFound
from playbook.storage.tables import Case, Document, Person
from playbook.storage.tables_referral import ConsentRefusal, ReferralConsent, ShnReferral
from playbook.storage.types import id_of


def person_of(session: Session, case: Case, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.case_id != case.id:
        raise NotFound(f"Persoon {person_id} hoort niet bij zaak {case.reference}.")
    return person


def record_consent(
    *,
    session: Session,
    reference: str,
    person_id: int,
    given_by: str,
    given_at: datetime,
    method: str,
    purpose: str = Purpose.referral,
    covers_contact: bool = False,
    note: str | None = None,
    actor: str,
    now: datetime,
) -> ReferralConsent:
    """Record consent as given: by whom, when, how and for what (art. 7 lid 1 AVG: the
    municipality must be able to show it). It counts for the case's current round."""
    case = get_case(session, reference)
    person = person_of(session, case, person_id)
    problems = check_new(
        given_at=given_at, now=now, given_by=given_by, method=method, purpose=purpose
    )
    if problems:
        raise InvalidInput(problems)
    row = stored(session, ReferralConsent(
        case_id=case.id,  # type: ignore[arg-type]
        person_id=person.id,  # type: ignore[arg-type]
        round=case.round,
        purpose=purpose,
        given_by=given_by.strip(),
        given_at=given_at,
        method=method,
        covers_contact=covers_contact,
        note=(note or "").strip() or None,
        actor=actor,
        recorded_at=now,
    ))
    details = {"toestemming": row.id, "gegeven_op": given_at.isoformat(),
               "contactgegevens": covers_contact}
    return audited(
        session, case, row,
        Audit("toestemming-vastgelegd", new=PURPOSE_LABELS[Purpose(purpose)],
              reason=f"{method}, ronde {case.round}", details=details, person=person),
        actor=actor, now=now,
    )


def withdraw_consent(
    *, session: Session, reference: str, consent_id: int, actor: str, now: datetime
) -> ReferralConsent:
    """Withdrawal is as easy as giving (art. 7 lid 3 AVG); earlier referrals stay lawful."""
    case = get_case(session, reference)
    row = session.get(ReferralConsent, consent_id)
    if row is None or row.case_id != case.id:
        raise NotFound(f"Toestemming {consent_id} hoort niet bij zaak {case.reference}.")
    if row.withdrawn_at is not None:
        raise NotAllowed("Deze toestemming is al ingetrokken.")
    row.withdrawn_at = now
    session.add(row)
    # Saying no once consent is in force; it settles the referral step as a refusal does.
    said_no = (Happened(Event.referral_declined, f"toestemming {row.id} ingetrokken")
               if row.purpose == Purpose.referral else None)
    return audited(
        session, case, row,
        Audit("toestemming-ingetrokken", old=PURPOSE_LABELS[Purpose(row.purpose)],
              details={"toestemming": row.id}, person=session.get(Person, row.person_id)),
        actor=actor, now=now, happened=said_no,
    )


def consents_of(
    session: Session, case: Case, person_id: int | None = None
) -> list[ReferralConsent]:
    query = select(ReferralConsent).where(ReferralConsent.case_id == case.id)
    if person_id is not None:
        query = query.where(ReferralConsent.person_id == person_id)
    return list(session.exec(query.order_by(col(ReferralConsent.id))))


def referrals_of(session: Session, case: Case) -> list[ShnReferral]:
    return list(
        session.exec(
            select(ShnReferral).where(ShnReferral.case_id == case.id).order_by(col(ShnReferral.id))
        )
    )


def refusals_of(
    session: Session, case: Case, person_id: int | None = None
) -> list[ConsentRefusal]:
    query = select(ConsentRefusal).where(ConsentRefusal.case_id == case.id)
    if person_id is not None:
        query = query.where(ConsentRefusal.person_id == person_id)
    return list(session.exec(query.order_by(col(ConsentRefusal.id))))


def latest_refusal(
    session: Session, case: Case, person_id: int, purpose: str
) -> ConsentRefusal | None:
    rows = [r for r in refusals_of(session, case, person_id) if r.purpose == purpose]
    return max(rows, key=lambda r: (r.refused_at, r.id), default=None)


def _carrying(session: Session, case: Case, person: Person
              ) -> tuple[list[ReferralConsent], list[str], ConsentRefusal | None, str | None]:
    """The consents that would carry a referral now (latest first), why the others do not,
    and the person's latest refusal with why it stands, if it does (a later consent lifts it)."""
    reasons, carrying = [], []
    for row in reversed(consents_of(session, case, person.id)):
        why = refusal(
            ConsentFacts(row.purpose, row.given_at, row.round, row.withdrawn_at),
            incident_at=case.incident_at,
            round=case.round,
        )
        if why is None:
            carrying.append(row)
        else:
            reasons.append(why)
    said_no = latest_refusal(session, case, id_of(person), Purpose.referral)
    why_not = refused_later(
        RefusalFacts(said_no.refused_at, said_no.method) if said_no else None,
        max((c.given_at for c in carrying), default=None),
    )
    return carrying, reasons, said_no, why_not


def valid_consent(session: Session, case: Case, person: Person) -> ReferralConsent:
    """The consent that carries a municipal referral of `person` now, or NotAllowed with the
    reason: the person's latest statement is a refusal, or every recorded consent fails."""
    carrying, reasons, _, why_not = _carrying(session, case, person)
    if why_not is not None:
        raise NotAllowed(f"Verwijzing van {person.name} geweigerd: {person.name} heeft {why_not}.")
    if carrying:
        return carrying[0]
    if not reasons:
        raise NotAllowed(
            f"Geen toestemming vastgelegd van {person.name} voor doorverwijzing naar "
            "Slachtofferhulp Nederland. De gemeente verwijst alleen met toestemming "
            "(art. 6 lid 1 onder a AVG); leg eerst toestemming vast of laat de politie "
            "doorverwijzen bij de aangifte."
        )
    raise NotAllowed(f"Verwijzing van {person.name} geweigerd: " + "; ".join(reasons) + ".")


def referral_standing(session: Session, case: Case, persons: list[Person]
                      ) -> tuple[set[int], dict[int, ConsentRefusal]]:
    """Per person, in one pass: the ids whose consent would carry a municipal referral now,
    and the refusals that stand now (a later consent lifts a refusal)."""
    consented, refused = set(), {}
    for person in persons:
        carrying, _, said_no, why_not = _carrying(session, case, person)
        if why_not is not None and said_no is not None:
            refused[id_of(person)] = said_no
        elif carrying:
            consented.add(id_of(person))
    return consented, refused


def record_municipal_referral(
    session: Session,
    case: Case,
    person: Person,
    consent: ReferralConsent,
    channel: Channel,
    document: Document,
    actor: str,
    now: datetime,
) -> ShnReferral:
    """Called by the referral letter once it is stored (letters/service.py)."""
    row = ShnReferral(
        case_id=case.id,  # type: ignore[arg-type]
        person_id=person.id,
        round=case.round,
        route=Route.municipality,
        channel=channel,
        referred_at=now,
        consent_id=consent.id,
        document_id=document.id,
        actor=actor,
        recorded_at=now,
    )
    session.add(row)
    record(
        session,
        case,
        actor=actor,
        action="verwijzing-shn",
        at=now,
        person=person,
        subject=Route.municipality.value,
        new=CHANNEL_LABELS[channel],
        details={"toestemming": consent.id, "document": document.filename},
    )
    return row


def record_police_referral(
    *,
    session: Session,
    reference: str,
    referred_at: datetime,
    actor: str,
    now: datetime,
    person_id: int | None = None,
    channel: str = Channel.report,
) -> ShnReferral:
    """The police referred a victim at the report (art. 18 Wpg jo. art. 4:2 Bpg, opt-out).
    The municipality needs no consent for this and records only route, date and channel."""
    case = get_case(session, reference)
    person = person_of(session, case, person_id) if person_id is not None else None
    problems = check_channel(Route.police, channel)
    if referred_at > now:
        problems.append("verwezen op: ligt in de toekomst")
    if problems:
        raise InvalidInput(problems)
    row = stored(session, ShnReferral(
        case_id=case.id,  # type: ignore[arg-type]
        person_id=person.id if person else None,
        round=case.round,
        route=Route.police,
        channel=channel,
        referred_at=referred_at,
        actor=actor,
        recorded_at=now,
    ))
    return audited(
        session, case, row,
        Audit("verwijzing-shn", subject=Route.police.value,
              new=CHANNEL_LABELS[Channel(channel)], person=person,
              details={"verwezen_op": referred_at.isoformat(), "ronde": case.round}),
        actor=actor, now=now,
        happened=Happened(Event.police_referral_recorded, f"verwijzing {row.id}"),
    )


def consent_at_intake(
    session: Session, case: Case, person: Person, actor: str, now: datetime
) -> ReferralConsent:
    """'toestemming-shn: ja' on the intake: oral consent given to the registering officer now,
    for a referral, contact details included."""
    return record_consent(
        session=session,
        reference=case.reference,
        person_id=person.id,  # type: ignore[arg-type]
        given_by=person.name,
        given_at=now,
        method=Method.oral,
        covers_contact=True,
        note="bij de registratie",
        actor=actor,
        now=now,
    )
