"""Registering an incident: a new case with its number, persons and first phase, or a repeat
attack on the open (or recently closed) case at the same address."""

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from playbook.cases.audit import record
from playbook.cases.incidents import incident_for
from playbook.cases.intake import CaseIntake, PersonIntake
from playbook.cases.phases import record_attack, report_attack
from playbook.cases.repository import ensure_snapshot, touch
from playbook.config import USER_TZ
from playbook.definition.enums import IncidentKind
from playbook.definition.models import CLOSED, Playbook
from playbook.engine import machine
from playbook.errors import Conflict, InvalidInput, NotAllowed
from playbook.storage.tables import Case, Person, PhaseEntry


def _open_case_at(session: Session, intake: CaseIntake, municipality_code: str) -> Case | None:
    query = select(Case).where(
        Case.municipality_code == municipality_code,
        Case.postcode == intake.postcode,
        Case.house_number == intake.house_number,
        Case.house_suffix == intake.house_suffix,
    ).order_by(col(Case.id).desc())
    return session.exec(query).first()


def _next_reference(session: Session, municipality_code: str, year: int) -> str:
    prefix = f"{municipality_code}-{year}-"
    count = session.exec(
        select(func.count()).select_from(Case).where(col(Case.reference).startswith(prefix))
    ).one()
    return f"{prefix}{count + 1:04d}"


def _insert_numbered(session: Session, case: Case, year: int, attempts: int = 8) -> None:
    """Number the case per municipality and year; two officers registering at the same moment
    both succeed: the loser of the race retries in a savepoint with the next number."""
    for _ in range(attempts):
        case.reference = _next_reference(session, case.municipality_code, year)
        try:
            with session.begin_nested():
                session.add(case)
                session.flush()
            return
        except IntegrityError:
            continue
    raise Conflict("Er konden geen zaaknummers worden uitgegeven door drukte; probeer het opnieuw.")


def add_person(
    session: Session, case: Case, person: PersonIntake, actor: str, now: datetime
) -> Person:
    if person.birth_date is not None and person.birth_date > now.astimezone(USER_TZ).date():
        raise InvalidInput([f"geboortedatum: {person.name} is geboren in de toekomst"])
    values = person.model_dump()
    values["relation"] = person.relation.value if person.relation else None
    row = Person(case_id=case.id, created_at=now,  # type: ignore[arg-type]
                 shn_consent_at=now if person.shn_consent else None, **values)
    session.add(row)
    session.flush()
    touch(case, now)
    record(session, case, actor=actor, action="persoon-toegevoegd", at=now,
           subject=str(person.role), person=row,
           details={"zelfredzaam": person.self_reliant, "taal": person.language,
                    "toestemming_shn": person.shn_consent, "relatie": values["relation"],
                    "geboortedatum": person.birth_date.isoformat() if person.birth_date else None,
                    "leeftijd": person.age})
    if person.shn_consent:  # a consent record of its own (cases/referrals.py)
        from playbook.cases.referrals import consent_at_intake

        consent_at_intake(session, case, row, actor, now)
    return row


def create_case(
    *, session: Session, intake: CaseIntake, playbook: Playbook, actor: str, now: datetime,
    repeat_window_days: int = 365,
) -> tuple[Case, bool]:
    """Register an incident. Returns (case, created); a new attack on an address with an open
    or recently closed case is recorded on that case as a repeat instead."""
    code = playbook.municipality.cbs_code
    existing = _open_case_at(session, intake, code)
    if existing is not None:
        recent = existing.closed_at is None or existing.closed_at > now - timedelta(
            days=repeat_window_days
        )
        if recent and intake.incident_kind == IncidentKind.dreiging:
            if existing.phase != CLOSED:
                raise NotAllowed(
                    f"Op dit adres loopt al zaak {existing.reference}. Leg de nieuwe dreiging "
                    "daar vast in plaats van een tweede zaak te openen."
                )
        elif recent:
            report_attack(session=session, case=existing, occurred_at=intake.occurred_at,
                          kind=intake.incident_kind, actor=actor, now=now,
                          damage=intake.damage, injured=intake.injured,
                          residents_displaced=intake.residents_displaced)
            for person in intake.persons:
                add_person(session, existing, person, actor, now)
            return existing, False

    group = incident_for(session, intake, code, actor, now)
    snapshot = ensure_snapshot(session, playbook, now)
    first = playbook.ordered_phases[0].id
    threat_only = intake.incident_kind == IncidentKind.dreiging
    # An explosion without a prior threat enters where the machine sends an attack.
    phase = first if threat_only else machine.fire(playbook, first, machine.ATTACK, lambda: True)
    case = Case(
        reference="",
        municipality_code=code,
        street=intake.street, house_number=intake.house_number, house_suffix=intake.house_suffix,
        postcode=intake.postcode, city=intake.city,
        object_type=intake.object_type.value, incident_kind=intake.incident_kind.value,
        occurred_at=intake.occurred_at, incident_at=intake.occurred_at,
        damage=intake.damage, injured=intake.injured,
        publicly_accessible=intake.publicly_accessible,
        residents_displaced=False if threat_only else intake.displaced,
        vehicle_at_home=intake.vehicle_at_home, children=intake.household_children,
        tenure=intake.tenure.value if intake.tenure else None, mixed_use=intake.mixed_use,
        business_kind=intake.business_kind.value if intake.business_kind else None,
        public_building=intake.public_building, occupant_involved=intake.occupant_involved,
        earlier_attacks=intake.earlier_attacks, incident_id=group.id if group else None,
        phase=phase or first, round=1, attacks=0 if threat_only else 1,
        playbook_id=snapshot.id, created_at=now, updated_at=now,
    )
    _insert_numbered(session, case, now.year)
    if not threat_only:
        record_attack(session, case, actor, now)
    session.add(PhaseEntry(case_id=case.id, round=1, phase=case.phase, trigger="aanmaken",  # type: ignore[arg-type]
                           actor=actor, at=now))
    record(session, case, actor=actor, action="zaak-aangemaakt", at=now, new=case.phase,
           details={"adres": intake.address, "draaiboek": snapshot.version,
                    "draaiboek_id": snapshot.id,
                    "incident": group.id if group else None,
                    **intake.model_dump(mode="json", exclude={"persons"})})
    for person in intake.persons:
        add_person(session, case, person, actor, now)
    return case, True
