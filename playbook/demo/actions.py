"""What the demo does when the playbook asks for a step that an event completes: the real
service call behind that event, with the scenario's words. Registered per event (or per
document kind for letters that do not complete their step), never per step id."""

from collections.abc import Callable
from datetime import timedelta

from playbook.cases.repository import get_case
from playbook.definition.enums import DocumentKind
from playbook.definition.events import Event
from playbook.definition.models import StepDef
from playbook.demo.walker import Walker
from playbook.storage.db import unit_of_work

Action = Callable[[Walker], None]
ACTIONS: dict[Event | DocumentKind, Action] = {}


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


@action(Event.rapportage_requested)
def request_rapportage(w: Walker) -> None:
    from playbook.information import service as information
    from playbook.letters.service import request_letter

    actor = w.scenario.actor("gemeente")
    with unit_of_work(w.engine) as session:
        row = information.request(session=session, reference=w.reference,
                                  kind="bestuurlijke-rapportage", actor=actor, now=w.clock)
        w.write(request_letter(session, get_case(session, w.reference), row, actor, w.clock))
    w.log("bestuurlijke rapportage gevraagd bij de politie")


@action(Event.rapportage_received)
def receive_rapportage(w: Walker) -> None:
    from playbook.information import service as information

    with unit_of_work(w.engine) as session:
        case = get_case(session, w.reference)
        open_requests = [r for r in information.requests_of(session, case)
                         if r.kind == "bestuurlijke-rapportage" and r.answered_on is None]
    if not open_requests:
        request_rapportage(w)
        return receive_rapportage(w)
    w.tick(180)
    with unit_of_work(w.engine) as session:
        information.record_answer(
            session=session, reference=w.reference, request_id=open_requests[-1].id,  # type: ignore[arg-type]
            answer=information.Answer(answered_on=w.clock.date(), **w.scenario.rapportage),
            actor=w.scenario.actor("politie"), now=w.clock)
    w.log("bestuurlijke rapportage ontvangen")


def _closure_in_progress(w: Walker) -> int | None:
    from playbook.decisions.service import decisions_of

    with unit_of_work(w.engine) as session:
        found = [d for d in decisions_of(session, get_case(session, w.reference))
                 if d.kind == "sluiting" and d.status in ("concept", "voornemen", "genomen")]
    return found[-1].id if found else None


@action(Event.closure_intent_sent, Event.closure_urgency_recorded)
def send_intent(w: Walker) -> None:
    from playbook.decisions import service as decisions

    mayor = w.scenario.actor("burgemeester")
    fields = {**w.scenario.decision,
              "start_date": (w.clock + timedelta(days=1)).date().isoformat()}
    with unit_of_work(w.engine) as session:
        decision = decisions.draft(session=session, reference=w.reference,
                                   fields=decisions.parse_draft(fields), actor=mayor, now=w.clock)
        _, intent = decisions.send_intent(session=session, reference=w.reference,
                                          decision_id=decision.id, hearing_days=1,  # type: ignore[arg-type]
                                          actor=mayor, now=w.tick())
        w.write(intent)
    w.log("voornemen tot sluiting verstuurd; zienswijze binnen één dag")


@action(Event.closure_issued)
def issue_closure(w: Walker) -> None:
    from playbook.decisions import service as decisions

    if _closure_in_progress(w) is None:
        send_intent(w)
    decision_id = _closure_in_progress(w)
    mayor = w.scenario.actor("burgemeester")
    w.tick(16 * 60)  # the zienswijze is heard the next morning
    with unit_of_work(w.engine) as session:
        decisions.record_hearing(session=session, reference=w.reference, decision_id=decision_id,  # type: ignore[arg-type]
                                 outcome=w.scenario.hearing, given=True, actor=mayor, now=w.clock)
        _, issued = decisions.issue(session=session, reference=w.reference,
                                    decision_id=decision_id, actor=mayor, now=w.tick())  # type: ignore[arg-type]
        w.write(issued)
    w.log("sluitingsbesluit genomen")


@action(Event.closure_made_known)
def make_closure_known(w: Walker) -> None:
    _make_known(w, "sluiting", "uitreiking")
    w.log("sluitingsbesluit uitgereikt; woning gesloten")


def _make_known(w: Walker, kind: str, how: str) -> None:
    from playbook.decisions import service as decisions

    with unit_of_work(w.engine) as session:
        taken = [d for d in decisions.decisions_of(session, get_case(session, w.reference))
                 if d.kind == kind and d.status == "genomen"]
        _, known = decisions.make_known(session=session, reference=w.reference,
                                        decision_id=taken[-1].id, on=w.clock.date(), how=how,  # type: ignore[arg-type]
                                        actor=w.scenario.actor("gemeente"), now=w.tick())
        w.write(known)


@action(Event.lifting_issued, Event.extension_issued)
def lift_closure(w: Walker) -> None:
    from playbook.decisions import service as decisions

    mayor = w.scenario.actor("burgemeester")
    with unit_of_work(w.engine) as session:
        closures = [d for d in decisions.decisions_of(session, get_case(session, w.reference))
                    if d.kind in ("sluiting", "verlenging") and d.status == "bekendgemaakt"]
        lifting = decisions.lift(session=session, reference=w.reference, parent_id=closures[-1].id,  # type: ignore[arg-type]
                                 reasons=w.scenario.lifting, effective=None, actor=mayor, now=w.clock)
        _, lifted = decisions.issue(session=session, reference=w.reference,
                                    decision_id=lifting.id, actor=mayor, now=w.tick())  # type: ignore[arg-type]
        w.write(lifted)
    _make_known(w, "opheffing", "toezending")
    w.log("opheffingsbesluit genomen en toegezonden")


@action(Event.resident_letter_sent)
def resident_letters(w: Walker) -> None:
    from playbook.letters.service import resident_letters as letters

    with unit_of_work(w.engine) as session:
        w.write(*letters(session, get_case(session, w.reference), w.scenario.actor("gemeente"),
                         w.clock, meeting=w.scenario.meeting))
    w.log("gezamenlijke bewonersbrief verspreid (Nederlands en Engels)")


@action(Event.referral_sent)
def referrals(w: Walker) -> None:
    from playbook.cases.overview import overview
    from playbook.letters.service import referral

    with unit_of_work(w.engine) as session:
        case = get_case(session, w.reference)
        consenting = [p for p in overview(session, case, w.clock).persons if p.shn_consent]
        for person in consenting:
            w.write(referral(session, case, person.id, w.scenario.actor("politie"), w.clock))  # type: ignore[arg-type]
    w.log(f"{len(consenting)} verwijzing(en) naar Slachtofferhulp Nederland")


@action(DocumentKind.opdracht_nazorgteam)
def team_briefing(w: Walker) -> None:
    from playbook.letters.service import team_briefing as briefing

    with unit_of_work(w.engine) as session:
        w.write(briefing(session, get_case(session, w.reference), w.scenario.actor("gemeente"),
                         w.clock, w.scenario.visit_addresses))
    w.log("opdracht voor het nazorgteam gemaakt")
