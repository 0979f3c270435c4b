"""Reading objections: one or all of a case, whether one was timely, its decision term."""

from sqlmodel import Session, col, select

from playbook.deadlines import Deadline, bezwaar_deadline
from playbook.decisions import common
from playbook.decisions.objection_terms import Timeliness, decision_term, judge
from playbook.errors import NotAllowed, NotFound
from playbook.storage.tables import Addressee, Case, Objection


def bezwaar_term(
    session: Session, objection_decision_id: int, addressee: Addressee | None, case: Case
) -> Deadline:
    """The term for bezwaar (art. 6:7 Awb), from the bekendmaking to this addressee if given."""
    decision = common.get_decision(session, case, objection_decision_id)
    made_known = addressee.made_known_on if addressee else decision.made_known_on
    if made_known is None:
        raise NotAllowed(
            f"Besluit {decision.id} is nog niet bekendgemaakt"
            + (f" aan {addressee.name}" if addressee else "")
            + "."
        )
    return bezwaar_deadline(made_known)


def get_objection(session: Session, case: Case, objection_id: int) -> Objection:
    row = session.get(Objection, objection_id)
    if row is None or row.case_id != case.id:
        raise NotFound(f"Bezwaar {objection_id} hoort niet bij zaak {case.reference}.")
    return row


def objections_of(session: Session, case: Case) -> list[Objection]:
    return list(
        session.exec(
            select(Objection).where(Objection.case_id == case.id).order_by(col(Objection.id))
        )
    )


def _term_of_row(session: Session, case: Case, row: Objection) -> Deadline:
    addressee = session.get(Addressee, row.addressee_id) if row.addressee_id else None
    return bezwaar_term(session, row.decision_id, addressee, case)


def timeliness(session: Session, case: Case, row: Objection) -> Timeliness:
    return judge(_term_of_row(session, case, row), row.received_on, row.posted_on)


def term_of(session: Session, case: Case, row: Objection) -> Deadline:
    return decision_term(
        _term_of_row(session, case, row), row.advisory_committee, row.extension_weeks
    )
