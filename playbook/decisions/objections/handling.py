"""Handle a registered objection: excusable lateness, extension, hearing, decision.

Each change is stored with its audit row (and event) in the caller's transaction.
"""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from playbook.cases.audit import record
from playbook.cases.repository import get_case, touch
from playbook.cases.service import emit
from playbook.decisions import common
from playbook.decisions.objections.queries import get_objection, term_of
from playbook.definition.events import Event
from playbook.errors import InvalidInput, NotAllowed
from playbook.storage.tables import Case, Objection

MIN_REASON = 20


def _open(session: Session, reference: str, objection_id: int) -> tuple[Case, Objection]:
    case = get_case(session, reference)
    return case, get_objection(session, case, objection_id)


def _changed(
    session: Session,
    case: Case,
    row: Objection,
    *,
    action: str,
    actor: str,
    now: datetime,
    event: Event | None = None,
    **audit: Any,
) -> Objection:
    """Store a change to an objection with its audit row and, if given, its event."""
    session.add(row)
    record(session, case, actor=actor, action=action, at=now, subject=f"bezwaar {row.id}", **audit)
    if event is not None:
        emit(session, case, event, actor=actor, now=now, because=f"bezwaar {row.id}")
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
    case, row = _open(session, reference, objection_id)
    if row.timely:
        raise NotAllowed(f"Bezwaar {row.id} is tijdig; verschoonbaarheid speelt niet.")
    if len(reason.strip()) < MIN_REASON:
        raise InvalidInput(["reden: waarom de termijnoverschrijding wel of niet verschoonbaar is"])
    old = row.excusable
    row.excusable, row.excusable_reason = excusable, reason.strip()
    return _changed(
        session,
        case,
        row,
        action="bezwaar-verschoonbaarheid",
        actor=actor,
        now=now,
        old=old,
        new=excusable,
        reason=reason.strip(),
    )


def extend_term(
    *, session: Session, reference: str, objection_id: int, actor: str, now: datetime
) -> Objection:
    """Art. 7:10 lid 3 Awb: the decision term may be extended once by six weeks."""
    case, row = _open(session, reference, objection_id)
    if row.extension_weeks:
        raise NotAllowed(
            "De beslistermijn is al eens met zes weken verdaagd (art. 7:10 lid 3 Awb)."
        )
    row.extension_weeks = 6
    return _changed(
        session,
        case,
        row,
        action="bezwaar-verdaagd",
        actor=actor,
        now=now,
        new=term_of(session, case, row).end.isoformat(),
    )


def plan_hearing(
    *, session: Session, reference: str, objection_id: int, at: datetime, actor: str, now: datetime
) -> Objection:
    """Plan the hearing of the objector (art. 7:2 Awb) within the decision term."""
    case, row = _open(session, reference, objection_id)
    if row.decided_on is not None:
        raise NotAllowed(f"Op bezwaar {row.id} is al beslist.")
    term = term_of(session, case, row)
    if at.date() > term.end:
        raise InvalidInput([f"hoorzitting: valt na het einde van de beslistermijn ({term.end})"])
    row.hearing_at = at
    return _changed(
        session,
        case,
        row,
        action="bezwaar-hoorzitting-gepland",
        actor=actor,
        now=now,
        new=at.isoformat(),
    )


def record_heard(
    *, session: Session, reference: str, objection_id: int, on: date, actor: str, now: datetime
) -> Objection:
    case, row = _open(session, reference, objection_id)
    if row.hearing_at is None:
        raise NotAllowed("Plan eerst de hoorzitting.")
    if on > common.today_of(now):
        raise InvalidInput(["datum: de hoorzitting ligt in de toekomst"])
    row.heard_on = on
    return _changed(
        session,
        case,
        row,
        action="bezwaar-gehoord",
        actor=actor,
        now=now,
        event=Event.objection_heard,
        new=on.isoformat(),
    )


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
    case, row = _open(session, reference, objection_id)
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
    term = term_of(session, case, row)
    return _changed(
        session,
        case,
        row,
        action="bezwaar-beslist",
        actor=actor,
        now=now,
        event=Event.objection_decided,
        new=outcome,
        reason=reasons,
        details={"binnen_beslistermijn": on <= term.end, "beslistermijn": term.end.isoformat()},
    )
