"""What the demo does when the playbook asks for a step that an event completes: the real
service call behind that event, with the scenario's words. Registered per event (or per
document kind for letters that do not complete their step), never per step id.

An action first does what the law asks before it (a closure needs the household housed and a
threat assessment), the way the legal office would, so the walker needs no knowledge of order.
"""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

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


# -- the closure decision ------------------------------------------------------------------

@action(Event.closure_intent_sent, Event.closure_urgency_recorded)
def send_intent(w: Walker) -> None:
    from playbook.decisions import service as decisions

    number, words = _round(w)
    if not any(e.round == number for e in _assessments(w)):
        assess_threat(w)
    mayor = w.scenario.actor("burgemeester")
    start = (w.clock + timedelta(days=1)).date()
    fields = {**w.scenario.decision, **words.decision, **_children(w, start),
              "start_date": start.isoformat()}
    with unit_of_work(w.engine) as session:
        decision = decisions.draft(session=session, reference=w.reference,
                                   fields=decisions.parse_draft(fields), actor=mayor, now=w.clock)
        now = w.tick()
        _, intent = decisions.send_intent(
            session=session, reference=w.reference, decision_id=decision.id,  # type: ignore[arg-type]
            hearing_days=w.scenario.hearing_days, actor=mayor, now=now,
            hearing_days_reasons=w.scenario.hearing_days_reasons, sent_on=now.date(),
            sent_how="uitreiking")
        w.write(intent)
    w.log("voornemen tot sluiting uitgereikt; zienswijze mondeling")


def _assessments(w: Walker) -> list:  # type: ignore[type-arg]
    from playbook.information import facts

    with unit_of_work(w.engine) as session:
        return facts.threat_assessments(session, _case(w, session))


@action(Event.closure_issued)
def issue_closure(w: Walker) -> None:
    from playbook.decisions import service as decisions

    if not _decisions(w, ("sluiting",), ("concept", "voornemen")):
        send_intent(w)
    if not _housed_this_round(w):
        settle_housing(w)
    [decision] = _decisions(w, ("sluiting",), ("voornemen",))
    _, words = _round(w)
    mayor = w.scenario.actor("burgemeester")
    w.tick(120)  # the occupant is heard in person
    with unit_of_work(w.engine) as session:
        decisions.record_hearing(session=session, reference=w.reference,
                                 decision_id=decision.id, outcome=words.hearing, given=True,  # type: ignore[arg-type]
                                 actor=mayor, now=w.clock)
        _, issued = decisions.issue(session=session, reference=w.reference,
                                    decision_id=decision.id, actor=mayor, now=w.tick())  # type: ignore[arg-type]
        w.write(issued)
    w.log("sluitingsbesluit genomen")


def _make_known(w: Walker, kind: str, how: str) -> None:
    from playbook.decisions import service as decisions

    [decision] = _decisions(w, (kind,), ("genomen",))
    now = w.tick()
    with unit_of_work(w.engine) as session:
        _, known = decisions.make_known(session=session, reference=w.reference,
                                        decision_id=decision.id, on=now.date(), how=how,  # type: ignore[arg-type]
                                        at=now.astimezone(USER_TZ).time().replace(second=0),
                                        actor=w.scenario.actor("gemeente"), now=now)
        w.write(known)


@action(Event.closure_made_known)
def make_closure_known(w: Walker) -> None:
    if not _decisions(w, ("sluiting",), ("genomen", "bekendgemaakt")):
        issue_closure(w)
    _make_known(w, "sluiting", "uitreiking")
    w.log("sluitingsbesluit uitgereikt aan alle geadresseerden")


@action(Event.lifting_issued, Event.extension_issued, Event.lifting_made_known)
def lift_closure(w: Walker) -> None:
    """Lift the closure at its end: decided two days before, made known by post."""
    from playbook.decisions import service as decisions

    if not _decisions(w, ("opheffing",), ("genomen",)):
        [*_, parent] = _decisions(w, ("sluiting", "verlenging"), ("bekendgemaakt",))
        end = decisions.end_date(parent)
        if end is not None:
            w.clock = max(w.clock, datetime.combine(end - timedelta(days=2), time(9, 0),
                                                    tzinfo=USER_TZ))
        _, words = _round(w)
        mayor = w.scenario.actor("burgemeester")
        with unit_of_work(w.engine) as session:
            lifting = decisions.lift(session=session, reference=w.reference,
                                     parent_id=parent.id, reasons=words.lifting,  # type: ignore[arg-type]
                                     effective=None, actor=mayor, now=w.clock)
            _, lifted = decisions.issue(session=session, reference=w.reference,
                                        decision_id=lifting.id, actor=mayor, now=w.tick())  # type: ignore[arg-type]
            w.write(lifted)
    _make_known(w, "opheffing", "toezending")
    w.log("opheffingsbesluit genomen en toegezonden")
    resident_letters_on(w, occasion="heropening")


# -- letters -------------------------------------------------------------------------------

@action(Event.resident_letter_sent)
def resident_letters(w: Walker) -> None:
    resident_letters_on(w)


def resident_letters_on(w: Walker, occasion: str | None = None) -> None:
    """First what may be told (injuries, safety result, meeting), then the letters; a
    follow-up (`occasion`) only says what changed."""
    from playbook.cases.street import record_news
    from playbook.demo.scenario import at
    from playbook.letters.service import resident_letters as letters

    _, words = _round(w)
    with unit_of_work(w.engine) as session:
        if occasion is None:
            record_news(session=session, reference=w.reference, injured=words.injured,
                        safety=words.safety, meeting_at=at(words.meeting_at),
                        meeting_place=words.meeting_place, actor=w.scenario.actor("gemeente"),
                        now=w.clock)
        docs = letters(session, _case(w, session), w.scenario.actor("gemeente"), w.clock,
                       occasion=occasion)
        w.write(*docs)
    w.log(f"bewonersbrief ({docs[0].scope}) verspreid in {len(docs)} talen")


@action(Event.police_referral_recorded)
def police_referrals(w: Walker) -> None:
    """The police referred the household at the report; the municipality records that."""
    from playbook.cases.persons import persons_of
    from playbook.cases.referrals import record_police_referral

    _, words = _round(w)
    with unit_of_work(w.engine) as session:
        case = _case(w, session)
        ids = {p.name: p.id for p in persons_of(session, case)}
        for name in words.police_referrals or [None]:  # type: ignore[list-item]
            record_police_referral(session=session, reference=w.reference,
                                   person_id=ids[name] if name else None,
                                   referred_at=case.incident_at + timedelta(hours=1),
                                   actor=w.scenario.actor("politie"), now=w.clock)
    w.log(f"verwijzing door de politie bij de aangifte vastgelegd ({len(words.police_referrals)})")


@action(Event.referral_sent)
def referrals(w: Walker) -> None:
    """The aftercare team asks consent after the attack; the municipality refers on it."""
    from playbook.cases.persons import persons_of
    from playbook.cases.referrals import record_consent
    from playbook.letters.service import referral

    _, words = _round(w)
    actor = w.scenario.actor("gemeente")
    with unit_of_work(w.engine) as session:
        case = _case(w, session)
        ids = {p.name: p.id for p in persons_of(session, case)}
        for note in words.consents:
            given = w.tick(5)
            record_consent(session=session, reference=w.reference, person_id=ids[note.person],  # type: ignore[arg-type]
                           given_by=note.person, given_at=given, method=note.method,
                           covers_contact=note.contact, actor=actor, now=given)
            w.write(referral(session, case, ids[note.person], actor, w.tick(5),  # type: ignore[arg-type]
                             channel=note.channel))
    w.log(f"{len(words.consents)} verwijzing(en) naar Slachtofferhulp Nederland, met toestemming")


def register_people(w: Walker) -> None:
    """The demo's staff as users, so documents print their names and not their logins."""
    from playbook.storage.tables import User

    with unit_of_work(w.engine) as session:
        for login, name in w.scenario.names.items():
            session.add(User(username=login, full_name=name, role="oov", active=False,
                             municipality_code=w.playbook.municipality.cbs_code,
                             password_hash="!", created_at=w.clock))


@action(DocumentKind.opdracht_nazorgteam)
def team_briefing(w: Walker) -> None:
    from playbook.letters.service import team_briefing as briefing

    with unit_of_work(w.engine) as session:
        w.write(briefing(session, _case(w, session), w.scenario.actor("gemeente"), w.clock,
                         w.scenario.visit_addresses))
    w.log("opdracht voor het nazorgteam gemaakt")


from playbook.demo import measures as _measures  # noqa: E402,F401  (registers the measure actions)
