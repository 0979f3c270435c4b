"""Bezwaar against a decision and interim relief: register, judge timeliness, plan and record
the hearing, decide, and record a request for a voorlopige voorziening. Each emits its event."""

from datetime import date, datetime

from sqlmodel import Session, col, select

from playbook.cases.audit import record
from playbook.cases.repository import get_case, touch
from playbook.cases.service import emit
from playbook.deadlines import Deadline, bezwaar_deadline
from playbook.decisions import common
from playbook.decisions.lifecycle import Status
from playbook.decisions.objection_terms import Timeliness, decision_term, judge
from playbook.definition.events import Event
from playbook.errors import InvalidInput, NotAllowed, NotFound
from playbook.storage.tables import Addressee, Case, InterimRelief, Objection
from playbook.storage.types import id_of

MIN_REASON = 20


def _term(
    session: Session, objection_decision_id: int, addressee: Addressee | None, case: Case
) -> Deadline:
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


def timeliness(session: Session, case: Case, row: Objection) -> Timeliness:
    addressee = session.get(Addressee, row.addressee_id) if row.addressee_id else None
    return judge(_term(session, row.decision_id, addressee, case), row.received_on, row.posted_on)


def term_of(session: Session, case: Case, row: Objection) -> Deadline:
    addressee = session.get(Addressee, row.addressee_id) if row.addressee_id else None
    return decision_term(
        _term(session, row.decision_id, addressee, case),
        row.advisory_committee,
        row.extension_weeks,
    )


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
    verdict = judge(_term(session, decision.id, addressee, case), received_on, posted_on)  # type: ignore[arg-type]
    row = Objection(
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
    )
    session.add(row)
    session.flush()
    record(
        session,
        case,
        actor=actor,
        action="bezwaar-ontvangen",
        at=now,
        subject=f"besluit {decision.id}",
        new=submitted_by.strip(),
        reason=verdict.explanation,
        details={"bezwaar": row.id, "tijdig": verdict.timely},
    )
    emit(
        session,
        case,
        Event.objection_received,
        actor=actor,
        now=now,
        because=f"bezwaar {row.id} tegen besluit {decision.id}",
    )
    touch(case, now)
    return row


def record_excusable(
    *,
    session: Session,
    reference: str,
    objection_id: int,
    excusable: bool,
    reason: str,
    actor: str,
    now: datetime,
) -> Objection:
    """Art. 6:11 Awb: whether late filing is excusable is a human decision, recorded with why."""
    case = get_case(session, reference)
    row = get_objection(session, case, objection_id)
    if row.timely:
        raise NotAllowed(f"Bezwaar {row.id} is tijdig; verschoonbaarheid speelt niet.")
    if len(reason.strip()) < MIN_REASON:
        raise InvalidInput(["reden: waarom de termijnoverschrijding wel of niet verschoonbaar is"])
    old = row.excusable
    row.excusable, row.excusable_reason = excusable, reason.strip()
    session.add(row)
    record(
        session,
        case,
        actor=actor,
        action="bezwaar-verschoonbaarheid",
        at=now,
        subject=f"bezwaar {row.id}",
        old=old,
        new=excusable,
        reason=reason.strip(),
    )
    touch(case, now)
    return row


def extend_term(
    *, session: Session, reference: str, objection_id: int, actor: str, now: datetime
) -> Objection:
    """Art. 7:10 lid 3 Awb: the decision term may be extended once by six weeks."""
    case = get_case(session, reference)
    row = get_objection(session, case, objection_id)
    if row.extension_weeks:
        raise NotAllowed(
            "De beslistermijn is al eens met zes weken verdaagd (art. 7:10 lid 3 Awb)."
        )
    row.extension_weeks = 6
    session.add(row)
    record(
        session,
        case,
        actor=actor,
        action="bezwaar-verdaagd",
        at=now,
        subject=f"bezwaar {row.id}",
        new=term_of(session, case, row).end.isoformat(),
    )
    touch(case, now)
    return row


def plan_hearing(
    *, session: Session, reference: str, objection_id: int, at: datetime, actor: str, now: datetime
) -> Objection:
    """Plan the hearing of the objector (art. 7:2 Awb) within the decision term."""
    case = get_case(session, reference)
    row = get_objection(session, case, objection_id)
    if row.decided_on is not None:
        raise NotAllowed(f"Op bezwaar {row.id} is al beslist.")
    term = term_of(session, case, row)
    if at.date() > term.end:
        raise InvalidInput([f"hoorzitting: valt na het einde van de beslistermijn ({term.end})"])
    row.hearing_at = at
    session.add(row)
    record(
        session,
        case,
        actor=actor,
        action="bezwaar-hoorzitting-gepland",
        at=now,
        subject=f"bezwaar {row.id}",
        new=at.isoformat(),
    )
    touch(case, now)
    return row


def record_heard(
    *, session: Session, reference: str, objection_id: int, on: date, actor: str, now: datetime
) -> Objection:
    case = get_case(session, reference)
    row = get_objection(session, case, objection_id)
    if row.hearing_at is None:
        raise NotAllowed("Plan eerst de hoorzitting.")
    if on > common.today_of(now):
        raise InvalidInput(["datum: de hoorzitting ligt in de toekomst"])
    row.heard_on = on
    session.add(row)
    record(
        session,
        case,
        actor=actor,
        action="bezwaar-gehoord",
        at=now,
        subject=f"bezwaar {row.id}",
        new=on.isoformat(),
    )
    emit(session, case, Event.objection_heard, actor=actor, now=now, because=f"bezwaar {row.id}")
    touch(case, now)
    return row


def decide(
    *,
    session: Session,
    reference: str,
    objection_id: int,
    outcome: str,
    on: date,
    actor: str,
    now: datetime,
    follows_advice: bool | None = None,
    departure_reasons: str | None = None,
) -> Objection:
    """The decision on bezwaar. Departing from the advisory committee's advice needs reasons
    (art. 7:13 lid 7 Awb; ECLI:NL:RBMNE:2025:2721). A late, inexcusable bezwaar is
    niet-ontvankelijk; a timely one needs the hearing first (art. 7:2 Awb)."""
    case = get_case(session, reference)
    row = get_objection(session, case, objection_id)
    if row.decided_on is not None:
        raise NotAllowed(f"Op bezwaar {row.id} is al beslist.")
    admissible = row.timely or row.excusable is True
    if not row.timely and row.excusable is None:
        raise NotAllowed(
            "Het bezwaar is te laat: leg eerst vast of dat verschoonbaar is (art. 6:11 Awb)."
        )
    if admissible and row.heard_on is None:
        raise NotAllowed("Hoor de indiener eerst (art. 7:2 Awb).")
    if not admissible and outcome != "niet-ontvankelijk":
        raise InvalidInput(
            [
                "uitkomst: een te laat en niet verschoonbaar bezwaar is "
                "niet-ontvankelijk (art. 6:11 Awb)"
            ]
        )
    if outcome not in ("gegrond", "ongegrond", "deels gegrond", "niet-ontvankelijk"):
        raise InvalidInput(["uitkomst: gegrond, ongegrond, deels gegrond of niet-ontvankelijk"])
    reasons = (departure_reasons or "").strip() or None
    if row.advisory_committee and admissible:
        if follows_advice is None:
            raise InvalidInput(["advies: volgt de beslissing het advies van de commissie?"])
        if not follows_advice and (reasons is None or len(reasons) < MIN_REASON):
            raise InvalidInput(
                [
                    "afwijking van het advies: vermeld de redenen in de beslissing "
                    "(art. 7:13 lid 7 Awb; ECLI:NL:RBMNE:2025:2721)"
                ]
            )
    row.outcome, row.decided_on = outcome, on
    row.follows_advice, row.departure_reasons = follows_advice, reasons
    session.add(row)
    term = term_of(session, case, row)
    record(
        session,
        case,
        actor=actor,
        action="bezwaar-beslist",
        at=now,
        subject=f"bezwaar {row.id}",
        new=outcome,
        reason=reasons,
        details={"binnen_beslistermijn": on <= term.end, "beslistermijn": term.end.isoformat()},
    )
    emit(session, case, Event.objection_decided, actor=actor, now=now, because=f"bezwaar {row.id}")
    touch(case, now)
    return row


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
    row = InterimRelief(
        case_id=id_of(case),
        decision_id=id_of(decision),
        requested_on=requested_on,
        hearing_on=hearing_on,
        actor=actor,
        created_at=now,
    )
    session.add(row)
    session.flush()
    record(
        session,
        case,
        actor=actor,
        action="voorlopige-voorziening-gevraagd",
        at=now,
        subject=f"besluit {decision.id}",
        new=f"zitting {hearing_on.isoformat()}" if hearing_on else "zitting nog niet bekend",
    )
    emit(
        session,
        case,
        Event.interim_relief_requested,
        actor=actor,
        now=now,
        because=f"voorlopige voorziening tegen besluit {decision.id}",
    )
    touch(case, now)
    return row
