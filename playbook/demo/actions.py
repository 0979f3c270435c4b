"""What the demo does when the playbook asks for a step that an event completes: the real
service call behind that event, with the scenario's words. Registered per event (or per
document kind for letters that do not complete their step), never per step id.

The closure decision lives in `closure.py`, letters and referrals in `letters.py`, the other
measures in `measures.py`; importing this module registers them all.

An action first does what the law asks before it (a closure needs the household housed and a
threat assessment), the way the legal office would, so the walker needs no knowledge of order.
"""

from collections.abc import Callable
from datetime import date, datetime

from sqlmodel import Session

from playbook.cases.repository import get_case
from playbook.config import USER_TZ
from playbook.definition.enums import DocumentKind
from playbook.definition.events import Event
from playbook.definition.models import StepDef
from playbook.demo.scenario import Round
from playbook.demo.walker import Walker
from playbook.storage.db import unit_of_work
from playbook.storage.tables import Case, Decision

Action = Callable[[Walker], None]
ACTIONS: dict[str, Action] = {}  # keyed by event or document kind (both StrEnums)


def action(*keys: Event | DocumentKind) -> Callable[[Action], Action]:
    def register(fn: Action) -> Action:
        for key in keys:
            ACTIONS[key] = fn
        return fn
    return register


def perform(walker: Walker, step: StepDef) -> bool:
    """Perform the action behind the step's first known event; True when one ran. A letter the
    step produces without completing it is made too, and the step is then done by hand."""
    for event in step.completed_by:
        if event in ACTIONS:
            ACTIONS[event](walker)
            return True
    if step.document is not None and step.document in ACTIONS:
        ACTIONS[step.document](walker)
    return False


def _case(w: Walker, session: Session) -> Case:
    return get_case(session, w.reference)


def _round(w: Walker) -> tuple[int, Round]:
    with unit_of_work(w.engine) as session:
        number = _case(w, session).round
    return number, w.scenario.round(number)


def _decisions(w: Walker, kinds: tuple[str, ...], statuses: tuple[str, ...]) -> list[Decision]:
    from playbook.decisions.service import decisions_of

    with unit_of_work(w.engine) as session:
        return [d for d in decisions_of(session, _case(w, session))
                if d.kind in kinds and d.status in statuses]


def make_known(w: Walker, kind: str, how: str) -> None:
    """Make the decision of `kind` that was just taken known, the letter written."""
    from playbook.decisions import service as decisions

    [decision] = _decisions(w, (kind,), ("genomen",))
    now = w.tick()
    with unit_of_work(w.engine) as session:
        _, known = decisions.make_known(session=session, reference=w.reference,
                                        decision_id=decision.id, on=now.date(), how=how,  # type: ignore[arg-type]
                                        at=now.astimezone(USER_TZ).time().replace(second=0),
                                        actor=w.scenario.actor("gemeente"), now=now)
        w.write(known)



# -- information ---------------------------------------------------------------------------

@action(Event.threat_assessed)
def assess_threat(w: Walker) -> None:
    from playbook.information import facts

    _, words = _round(w)
    with unit_of_work(w.engine) as session:
        facts.record_threat_assessment(session=session, reference=w.reference,
                                       assessed_on=w.clock.date(), assessment=words.threat,
                                       actor=w.scenario.actor("politie"), now=w.clock)
    w.log("dreigingsinschatting van de politie vastgelegd")


@action(Event.rapportage_requested)
def request_rapportage(w: Walker) -> None:
    from playbook.information import service as information
    from playbook.letters.service import request_letter

    actor = w.scenario.actor("gemeente")
    with unit_of_work(w.engine) as session:
        row = information.request(session=session, reference=w.reference,
                                  kind="bestuurlijke-rapportage", actor=actor, now=w.clock)
        w.write(request_letter(session, _case(w, session), row, actor, w.clock))
    w.log("bestuurlijke rapportage gevraagd bij de politie")


@action(Event.rapportage_received)
def receive_rapportage(w: Walker) -> None:
    from playbook.information import service as information

    with unit_of_work(w.engine) as session:
        open_requests = [r for r in information.requests_of(session, _case(w, session))
                         if r.kind == "bestuurlijke-rapportage" and r.answered_on is None]
    if not open_requests:
        request_rapportage(w)
        return receive_rapportage(w)
    _, words = _round(w)
    w.tick(180)
    with unit_of_work(w.engine) as session:
        information.record_answer(
            session=session, reference=w.reference, request_id=open_requests[-1].id,  # type: ignore[arg-type]
            answer=information.Answer(answered_on=w.clock.date(), **words.rapportage),
            actor=w.scenario.actor("politie"), now=w.clock)
    w.log("bestuurlijke rapportage ontvangen")


# -- the household -------------------------------------------------------------------------

@action(Event.housing_settled)
def settle_housing(w: Walker) -> None:
    from playbook.cases import persons

    _, words = _round(w)
    with unit_of_work(w.engine) as session:
        persons.record_housing(session=session, reference=w.reference, outcome="aanvaard",
                               description=words.housing, offered_on=w.clock.date(),
                               actor=w.scenario.actor("gemeente"), now=w.clock)
    w.log("vervangende woonruimte aangeboden en aanvaard")


def everyone_to_hear(session: Session, reference: str, decision_id: int,
                     now: datetime) -> list[int]:
    """In the demo everyone the decision will be addressed to is heard before it is taken: the
    occupants in person, the housing corporation by telephone (the scenario's words say so)."""
    from playbook.decisions import service as decisions

    case = get_case(session, reference)
    decision = session.get(Decision, decision_id)
    assert decision is not None
    return [m.person_id for m in decisions.to_hear(session, case, decision, now)
            if m.person_id is not None]


def _housed_this_round(w: Walker) -> bool:
    from playbook.cases import persons

    with unit_of_work(w.engine) as session:
        case = _case(w, session)
        return any(o.at >= case.incident_at for o in persons.housing_of(session, case))


def _children(w: Walker, day: date) -> dict[str, object]:
    """How many minors live there and their ages on `day`, from the household itself."""
    from playbook.cases import persons
    from playbook.decisions.household import minors

    with unit_of_work(w.engine) as session:
        kids = minors(persons.members(session, _case(w, session)), day)
    ages = sorted(age for m in kids if (age := m.age_on(day)) is not None)
    return {"children_count": len(kids), "children_ages": ", ".join(map(str, ages)) or None}




# Registers the actions of the other modules (they import `action` from here).
from playbook.demo import closure as _closure  # noqa: E402, F401
from playbook.demo import letters as _letters  # noqa: E402,F401
from playbook.demo import measures as _measures  # noqa: E402,F401
