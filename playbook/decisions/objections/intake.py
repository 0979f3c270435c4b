"""Register a bezwaarschrift (timeliness judged on receipt) or a request for interim relief."""

from datetime import date, datetime

from sqlmodel import Session

from playbook.cases.audited import Audit, Happened, audited, stored
from playbook.decisions import common
from playbook.decisions.lifecycle import Status
from playbook.decisions.objection_terms import judge
from playbook.decisions.objections.queries import bezwaar_term
from playbook.definition.events import Event
from playbook.errors import InvalidInput, NotAllowed, NotFound
from playbook.storage.tables import Addressee, InterimRelief, Objection
from playbook.storage.types import id_of


def register(
    *,
    session: Session,
    reference: str,
    decision_id: int,
    submitted_by: str,
    received_on: date,
    actor: str,
    now: datetime,
    posted_on: date | None = None,
    addressee_id: int | None = None,
    advisory_committee: bool = False,
) -> Objection:
    """A bezwaarschrift received: against which decision, by whom, received and posted when.
    The engine judges timeliness under art. 6:7-6:9 Awb and computes the decision term."""
    case, decision = common.load(session, reference, decision_id)
    if decision.status not in (Status.taken, Status.made_known, Status.ended):
        raise NotAllowed(f"Besluit {decision.id} is nog niet genomen; bezwaar kan pas daarna.")
    if len(submitted_by.strip()) < 2:
        raise InvalidInput(["indiener: naam van wie het bezwaar maakt"])
    if received_on > common.today_of(now) or (posted_on and posted_on > received_on):
        raise InvalidInput(["datums: ontvangen niet in de toekomst, verzonden niet na ontvangst"])
    addressee = None
    if addressee_id is not None:
        addressee = session.get(Addressee, addressee_id)
        if addressee is None or addressee.decision_id != decision.id:
            raise NotFound(f"Geadresseerde {addressee_id} hoort niet bij besluit {decision.id}.")
    verdict = judge(bezwaar_term(session, decision.id, addressee, case), received_on, posted_on)  # type: ignore[arg-type]
    row = stored(session, Objection(
        case_id=id_of(case),
        decision_id=id_of(decision),
        addressee_id=addressee_id,
        submitted_by=submitted_by.strip(),
        received_on=received_on,
        posted_on=posted_on,
        timely=verdict.timely,
        advisory_committee=advisory_committee,
        actor=actor,
        created_at=now,
    ))
    return audited(
        session, case, row,
        Audit("bezwaar-ontvangen", subject=f"besluit {decision.id}", new=submitted_by.strip(),
              reason=verdict.explanation, details={"bezwaar": row.id, "tijdig": verdict.timely}),
        actor=actor, now=now,
        happened=Happened(Event.objection_received,
                          f"bezwaar {row.id} tegen besluit {decision.id}"),
    )


def request_interim_relief(
    *,
    session: Session,
    reference: str,
    decision_id: int,
    requested_on: date,
    actor: str,
    now: datetime,
    hearing_on: date | None = None,
) -> InterimRelief:
    """A request to the court for a voorlopige voorziening (art. 8:81 Awb), with its hearing."""
    case, decision = common.load(session, reference, decision_id)
    if requested_on > common.today_of(now) or (hearing_on and hearing_on < requested_on):
        raise InvalidInput(["datums: verzoek niet in de toekomst, zitting niet vóór het verzoek"])
    row = stored(session, InterimRelief(
        case_id=id_of(case),
        decision_id=id_of(decision),
        requested_on=requested_on,
        hearing_on=hearing_on,
        actor=actor,
        created_at=now,
    ))
    hearing = f"zitting {hearing_on.isoformat()}" if hearing_on else "zitting nog niet bekend"
    return audited(
        session, case, row,
        Audit("voorlopige-voorziening-gevraagd", subject=f"besluit {decision.id}", new=hearing),
        actor=actor, now=now,
        happened=Happened(Event.interim_relief_requested,
                          f"voorlopige voorziening tegen besluit {decision.id}"),
    )
