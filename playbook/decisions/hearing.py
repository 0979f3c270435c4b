"""Zienswijze (art. 4:8 Awb) or urgency (art. 4:11 Awb): the voornemen, its dispatch, the
outcome. One function per action."""

from datetime import date, datetime

from sqlmodel import Session

from playbook.cases.repository import pinned_playbook
from playbook.cases.service import emit
from playbook.config import USER_TZ
from playbook.decisions import common
from playbook.decisions.completeness import MIN_REASONING
from playbook.decisions.lifecycle import Action, Kind, Status
from playbook.definition.events import decision_event
from playbook.errors import InvalidInput, NotAllowed
from playbook.storage.tables import Case, Decision, Document

WAYS = ("uitreiking", "toezending")


def send_intent(
    *,
    session: Session,
    reference: str,
    decision_id: int,
    hearing_days: int,
    actor: str,
    now: datetime,
    hearing_days_reasons: str | None = None,
    sent_on: date | None = None,
    sent_how: str | None = None,
) -> tuple[Decision, Document]:
    """Make the voornemen (art. 4:8 Awb). Refused while the checker lists missing parts. The
    zienswijze term runs from its recorded dispatch or hand-over (`sent_on`, or later with
    `record_dispatch`), never from when the PDF was made."""
    from playbook.letters.service import decision_letter

    case, decision = common.load(session, reference, decision_id)
    if not 1 <= hearing_days <= 42:
        raise InvalidInput(["zienswijzetermijn: tussen 1 en 42 dagen"])
    minimum = pinned_playbook(session, case).municipality.min_hearing_days
    reasons = (hearing_days_reasons or "").strip() or None
    if hearing_days < minimum and (reasons is None or len(reasons) < MIN_REASONING):
        raise InvalidInput(
            [
                f"zienswijzetermijn: {hearing_days} dagen is korter dan de "
                f"gemeentelijke minimumtermijn van {minimum} dagen; leg de reden vast"
            ]
        )
    common.move(
        session,
        case,
        decision,
        Action.intent,
        actor,
        now,
        reason="voornemen gemaakt",
        what=f"Het voornemen bij besluit {decision.id} kan nog niet worden verstuurd",
    )
    common.change(
        session,
        case,
        decision,
        {"hearing": "zienswijze", "hearing_days": hearing_days, "hearing_days_reasons": reasons},
        actor,
        now,
    )
    if sent_on is not None:
        _dispatch(session, decision, sent_on, sent_how or "", actor, now)
    document = decision_letter(session, case, decision, "voornemen-sluiting", actor, now)
    return decision, document


def _dispatch(
    session: Session, decision: Decision, on: date, how: str, actor: str, now: datetime
) -> None:
    case = session.get(Case, decision.case_id)
    assert case is not None
    if how not in WAYS:
        raise InvalidInput([f"wijze: '{how}' is onbekend; kies {' of '.join(WAYS)}"])
    if on > common.today_of(now) or on < decision.created_at.astimezone(USER_TZ).date():
        raise InvalidInput(["datum verzending: niet vóór het concept en niet in de toekomst"])
    common.change(session, case, decision, {"intent_on": on, "intent_how": how}, actor, now)
    emit(
        session,
        case,
        decision_event(decision.kind, "voornemen-verstuurd"),
        actor=actor,
        now=now,
        because=f"voornemen bij besluit {decision.id} verstuurd op {on.isoformat()}",
    )


def record_dispatch(
    *,
    session: Session,
    reference: str,
    decision_id: int,
    on: date,
    how: str,
    actor: str,
    now: datetime,
) -> Decision:
    """The day the voornemen was sent or handed over: the zienswijze term starts the next day."""
    _, decision = common.load(session, reference, decision_id)
    if decision.status != Status.intent:
        raise NotAllowed("Leg de verzending vast nadat het voornemen is gemaakt.")
    if decision.intent_on is not None:
        raise NotAllowed(
            f"De verzending van het voornemen is al vastgelegd ({decision.intent_on})."
        )
    _dispatch(session, decision, on, how, actor, now)
    return decision


def record_urgency(
    *, session: Session, reference: str, decision_id: int, reasons: str, actor: str, now: datetime
) -> Decision:
    """Art. 4:11 Awb: urgency may justify skipping the zienswijze for a first closure only
    (never for an extension, ECLI:NL:RBMNE:2025:1759)."""
    case, decision = common.load(session, reference, decision_id)
    if decision.kind != Kind.closure:
        raise NotAllowed("Een verlenging vraagt altijd een nieuwe zienswijze; spoed volstaat niet.")
    if decision.status != Status.draft:
        raise NotAllowed(f"Besluit {decision.id} is al {decision.status}.")
    if len(reasons.strip()) < MIN_REASONING:
        raise InvalidInput(["spoed: beschrijf concreet waarom geen zienswijze kan worden gevraagd"])
    common.change(
        session,
        case,
        decision,
        {"hearing": "spoed", "urgency_reasons": reasons.strip()},
        actor,
        now,
    )
    emit(
        session,
        case,
        decision_event(decision.kind, "spoed-vastgelegd"),
        actor=actor,
        now=now,
        because=f"spoed vastgelegd bij besluit {decision.id}",
    )
    return decision


def record_hearing(
    *,
    session: Session,
    reference: str,
    decision_id: int,
    outcome: str,
    given: bool,
    actor: str,
    now: datetime,
) -> Decision:
    case, decision = common.load(session, reference, decision_id)
    if decision.status != Status.intent or decision.intent_on is None:
        raise NotAllowed("Leg een zienswijze vast nadat het voornemen is verstuurd of uitgereikt.")
    if len(outcome.strip()) < 5:
        raise InvalidInput(["zienswijze: beschrijf wat is ingebracht (of dat niets is ingebracht)"])
    common.change(
        session,
        case,
        decision,
        {"hearing_outcome": outcome.strip(), "hearing_given": given},
        actor,
        now,
    )
    return decision
