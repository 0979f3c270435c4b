"""The household of the premises: add persons, record alternative housing.

One function per action."""

from datetime import date, datetime

from sqlmodel import Session, col, select

from playbook.cases.audit import record
from playbook.cases.audited import Audit, Happened, audited, stored
from playbook.cases.intake import PersonIntake
from playbook.cases.repository import get_case, touch
from playbook.cases.service import add_person
from playbook.config import USER_TZ
from playbook.decisions.household import Member, Relation
from playbook.definition.events import Event
from playbook.errors import InvalidInput, NotFound
from playbook.storage.tables import Case, HousingOffer, Person
from playbook.storage.types import id_of

HOUSING_OUTCOMES = {"aangeboden": "aangeboden", "aanvaard": "aanvaard", "geweigerd": "geweigerd"}


def add(
    *, session: Session, reference: str, person: PersonIntake, actor: str, now: datetime
) -> Person:
    """Add a person (a household member, owner, landlord, ...) to a running case."""
    return add_person(session, get_case(session, reference), person, actor, now)


def persons_of(session: Session, case: Case) -> list[Person]:
    return list(
        session.exec(select(Person).where(Person.case_id == case.id).order_by(col(Person.id)))
    )


def members(session: Session, case: Case) -> list[Member]:
    """The persons linked to the premises, as the decision rules read them."""
    result = []
    for p in persons_of(session, case):
        if p.relation is None:
            continue
        result.append(
            Member(
                person_id=p.id,
                name=p.name,
                relation=Relation(p.relation),
                birth_date=p.birth_date,
                age=p.age,
                self_reliant=p.self_reliant,
                children_mentioned=p.children,
            )
        )
    return result


def housing_of(session: Session, case: Case) -> list[HousingOffer]:
    return list(
        session.exec(
            select(HousingOffer)
            .where(HousingOffer.case_id == case.id)
            .order_by(col(HousingOffer.id))
        )
    )


def record_housing(
    *,
    session: Session,
    reference: str,
    outcome: str,
    description: str,
    offered_on: date,
    actor: str,
    now: datetime,
    person_id: int | None = None,
) -> HousingOffer:
    """Alternative housing offered to the household, or its refusal recorded. Emits
    huisvesting.geregeld: the household that needs it has had its offer."""
    case = get_case(session, reference)
    if outcome not in HOUSING_OUTCOMES:
        raise InvalidInput(
            [f"uitkomst: '{outcome}' is onbekend; kies {', '.join(HOUSING_OUTCOMES)}"]
        )
    if len(description.strip()) < 10:
        raise InvalidInput(["omschrijving: welke woonruimte, voor wie, en wat is afgesproken"])
    if offered_on > now.astimezone(USER_TZ).date():
        raise InvalidInput(["datum: ligt in de toekomst"])
    if person_id is not None:
        person = session.get(Person, person_id)
        if person is None or person.case_id != case.id:
            raise NotFound(f"Persoon {person_id} hoort niet bij zaak {case.reference}.")
    row = stored(session, HousingOffer(
        case_id=id_of(case),
        person_id=person_id,
        outcome=outcome,
        description=description.strip(),
        offered_on=offered_on,
        actor=actor,
        at=now,
    ))
    return audited(
        session, case, row,
        Audit("huisvesting-vastgelegd", subject=outcome, new=description.strip(),
              details={"aangeboden_op": offered_on.isoformat()}),
        actor=actor, now=now,
        happened=Happened(Event.housing_settled, f"vervangende woonruimte {outcome}"),
    )


def update(
    *,
    session: Session,
    reference: str,
    person_id: int,
    actor: str,
    now: datetime,
    birth_date: date | None = None,
    age: int | None = None,
    relation: Relation | None = None,
    self_reliant: bool | None = None,
) -> Person:
    """Complete a person's household facts (birth date, age, relation, self-reliance)."""
    case = get_case(session, reference)
    person = session.get(Person, person_id)
    if person is None or person.case_id != case.id:
        raise NotFound(f"Persoon {person_id} hoort niet bij zaak {case.reference}.")
    if birth_date is not None and birth_date > now.astimezone(USER_TZ).date():
        raise InvalidInput([f"geboortedatum: {person.name} is geboren in de toekomst"])
    if age is not None and not 0 <= age <= 130:
        raise InvalidInput(["leeftijd: tussen 0 en 130"])
    changes = {
        "birth_date": birth_date,
        "age": age,
        "relation": relation.value if relation else None,
        "self_reliant": self_reliant,
    }
    labels = {
        "birth_date": "geboortedatum",
        "age": "leeftijd",
        "relation": "relatie",
        "self_reliant": "zelfredzaam",
    }
    for name, value in changes.items():
        if value is None or getattr(person, name) == value:
            continue
        record(
            session,
            case,
            actor=actor,
            action="persoon-gewijzigd",
            at=now,
            subject=f"{person.name}: {labels[name]}",
            old=getattr(person, name),
            new=value,
        )
        setattr(person, name, value)
    session.add(person)
    touch(case, now)
    return person
