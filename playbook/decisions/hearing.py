"""Zienswijze (art. 4:8 Awb) or urgency (art. 4:11 Awb): the voornemen, its dispatch, the
outcome. One function per action."""

from datetime import date, datetime

from sqlmodel import Session

from playbook.cases.audit import record
from playbook.cases.repository import pinned_playbook
from playbook.cases.service import emit
from playbook.config import USER_TZ
from playbook.deadlines.formatting import format_date_nl
from playbook.decisions import common
from playbook.decisions.completeness import MIN_REASONING
from playbook.decisions.household import Member, addressed
from playbook.decisions.lifecycle import URGENCY_KINDS, Action, Kind, Status
from playbook.definition.events import decision_event_if_declared
from playbook.errors import InvalidInput, NotAllowed
from playbook.storage.tables import Case, Decision, Document, Person

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
    from playbook.decisions.issuing import letter

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
    document = letter(session, case, decision, "voornemen-sluiting", actor, now)
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
    event = decision_event_if_declared(decision.kind, "voornemen-verstuurd")
    if event is not None:
        emit(
            session,
            case,
            event,
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
            "De verzending van het voornemen is al vastgelegd "
            f"({format_date_nl(decision.intent_on)})."
        )
    _dispatch(session, decision, on, how, actor, now)
    return decision


def record_urgency(
    *, session: Session, reference: str, decision_id: int, reasons: str, actor: str, now: datetime
) -> Decision:
    """Art. 4:11 Awb: urgency may justify skipping the zienswijze for a first closure only
    (never for an extension, ECLI:NL:RBMNE:2025:1759)."""
    case, decision = common.load(session, reference, decision_id)
    if decision.kind == Kind.extension:
        raise NotAllowed("Een verlenging vraagt altijd een nieuwe zienswijze; spoed volstaat niet.")
    if decision.kind not in URGENCY_KINDS:
        raise NotAllowed("Dit besluit gaat niet via een voornemen; spoed vastleggen kan niet.")
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
    event = decision_event_if_declared(decision.kind, "spoed-vastgelegd")
    if event is not None:
        emit(
            session, case, event, actor=actor, now=now,
            because=f"spoed vastgelegd bij besluit {decision.id}",
        )
    return decision


def to_hear(session: Session, case: Case, decision: Decision, now: datetime) -> list[Member]:
    """Who must be heard before the decision is taken (and whom it will be addressed to): the
    premises' adults and owners; nobody listed for a gebiedsverbod (its one addressee) or for
    cameratoezicht (no zienswijze)."""
    if decision.kind in (Kind.area_ban, Kind.camera):
        return []
    return addressed(common.facts_for(session, case, decision).members, common.today_of(now))


def record_hearing(
    *,
    session: Session,
    reference: str,
    decision_id: int,
    outcome: str,
    given: bool,
    actor: str,
    now: datetime,
    heard: list[int] | None = None,
    heard_names: list[str] | None = None,
) -> Decision:
    """What was brought in, and by whom (`heard`, or `heard_names`: the persons who gave a
    zienswijze or said they would not). Before the term ends, the decision waits for every
    belanghebbende it will be addressed to (decisions/completeness.py)."""
    case, decision = common.load(session, reference, decision_id)
    if heard_names:
        heard = [*(heard or []), *_by_name(to_hear(session, case, decision, now), heard_names)]
    if decision.status != Status.intent or decision.intent_on is None:
        raise NotAllowed("Leg een zienswijze vast nadat het voornemen is verstuurd of uitgereikt.")
    problems = []
    if len(outcome.strip()) < 5:
        problems.append("zienswijze: beschrijf wat is ingebracht (of dat niets is ingebracht)")
    chosen = sorted(set(heard or []))
    if chosen:
        names = {m.person_id: m.name for m in to_hear(session, case, decision, now)}
        if strangers := [i for i in chosen if i not in names]:
            problems.append(f"gehoord: {len(strangers)} van de gekozen personen is geen "
                            "belanghebbende van dit besluit (bewoner, eigenaar of verhuurder)")
        if not given:
            problems.append("gehoord: wie is gehoord, heeft een zienswijze gegeven; kies 'ja'")
    if problems:
        raise InvalidInput(problems)
    common.change(
        session,
        case,
        decision,
        {"hearing_outcome": outcome.strip(), "hearing_given": given},
        actor,
        now,
    )
    # Each person heard is an audit row naming them by link, never in its text (a later
    # retention run pseudonymises the person, not the trail).
    before = set(decision.hearing_heard or [])
    for person_id in chosen:
        if person_id not in before:
            record(session, case, actor=actor, action="zienswijze-gehoord", at=now,
                   subject=f"besluit {decision.id}", person=session.get(Person, person_id))
    if set(chosen) != before and chosen:
        decision.hearing_heard = chosen
        session.add(decision)
    return decision



def _by_name(members: list[Member], names: list[str]) -> list[int]:
    """The persons named as heard (command line: `--gehoord NAAM`), by their name on the
    case; an unknown name is refused with the names that can be chosen."""
    def key(name: str) -> str:
        return " ".join(name.lower().split())

    ids = {key(m.name): m.person_id for m in members}
    unknown = [n for n in names if key(n) not in ids]
    if unknown:
        choices = ", ".join(m.name for m in members) or "niemand"
        raise InvalidInput([f"gehoord: '{n}' is geen belanghebbende van dit besluit; kies uit: "
                            f"{choices}" for n in unknown])
    return [i for n in names if (i := ids[key(n)]) is not None]
