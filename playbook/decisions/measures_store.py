"""Reads of a measure's own rows (issue 13): its details, its incidents, the measures of a case
and the outside names retention removes."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from playbook.decisions import common
from playbook.decisions.lifecycle import MEASURE_KINDS, Status
from playbook.errors import NotFound
from playbook.storage.tables import Case, Decision, Person
from playbook.storage.tables_measures import MeasureDetails, MeasureIncident

EDITABLE = (Status.draft.value, Status.intent.value)


def details_of(session: Session, decision: Decision) -> MeasureDetails:
    row = session.get(MeasureDetails, decision.id)
    if row is None:
        raise NotFound(f"Besluit {decision.id} is geen maatregel.")
    return row


@dataclass(frozen=True)
class BanAddressee:
    """Who a gebiedsverbod is addressed to: a person of the case, or someone named only on the
    measure (`person_name`, `person_address`)."""

    person_id: int | None
    name: str
    address: str | None


def ban_addressee(session: Session, row: MeasureDetails) -> BanAddressee:
    person = session.get(Person, row.person_id) if row.person_id else None
    if person is not None:
        return BanAddressee(person.id, person.name, person.address)
    return BanAddressee(None, row.person_name or "", row.person_address)


def incidents_of(session: Session, decision: Decision) -> list[MeasureIncident]:
    return list(
        session.exec(
            select(MeasureIncident)
            .where(MeasureIncident.decision_id == decision.id)
            .order_by(col(MeasureIncident.occurred_on), col(MeasureIncident.id))
        )
    )


def measures_of(session: Session, case: Case) -> list[Decision]:
    return [d for d in common.decisions_of(session, case) if d.kind in MEASURE_KINDS]


def outside_names(session: Session, case: Case) -> list[str]:
    """Names of gebiedsverbod addressees who are no person of the case: retention removes them
    with the case's own names (playbook/retention/service.py)."""
    rows = session.exec(
        select(MeasureDetails.person_name)
        .join(Decision, col(MeasureDetails.decision_id) == Decision.id)
        .where(Decision.case_id == case.id, col(MeasureDetails.person_name).is_not(None))
    )
    return [name for name in rows if name]
