"""Letters and referrals in the demo: resident letters in every language the street needs,
the police's referral and the aftercare team's consent, the team's briefing, and the staff as
users so documents print names, not logins."""

from datetime import timedelta

from playbook.definition.enums import DocumentKind
from playbook.definition.events import Event
from playbook.demo.actions import _case, _round, action
from playbook.demo.walker import Walker
from playbook.storage.db import unit_of_work


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
    about = f" ({occasion.replace('-', ' ')})" if occasion else ""  # no codes in the story
    w.log(f"bewonersbrief{about} verspreid in {len(docs)} talen")


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


