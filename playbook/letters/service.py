"""Build each letter's context from the case, render it, store it as a new document version
and complete the step it fulfils, all in the caller's transaction."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from playbook.cases.repository import get_case, pinned_playbook, snapshot_of
from playbook.cases.service import emit
from playbook.config import USER_TZ
from playbook.definition.enums import DocumentKind, Partner
from playbook.documents.formatting import language_name
from playbook.documents.service import store
from playbook.engine.checklist import applies
from playbook.errors import InvalidInput, NotFound
from playbook.information.service import KINDS as REQUEST_KINDS
from playbook.information.service import requests_of
from playbook.letters import contexts as ctx
from playbook.letters import texts
from playbook.letters.fields import (
    OBJECT_NL,
    address_lines,
    address_of,
    base_fields,
    incident_line,
    partner_contact,
)
from playbook.letters.overrides import render_pdf
from playbook.letters.resident import RESIDENT_OCCASIONS, resident_context, resident_letters
from playbook.storage.tables import Case, Decision, Document, InformationRequest, Person

if TYPE_CHECKING:
    from playbook.letters.registry import LetterRequest

# Re-exported: callers name them on this module (decision letters, bulk, registry, tests).
__all__ = [
    "OBJECT_NL",
    "RESIDENT_OCCASIONS",
    "address_lines",
    "address_of",
    "base_fields",
    "decision_letter",
    "generate",
    "incident_line",
    "make_briefing",
    "make_referral",
    "make_request",
    "make_resident",
    "referral",
    "request_letter",
    "resident_context",
    "resident_letters",
    "save",
    "team_briefing",
]

def save(session: Session, case: Case, kind: str, context: ctx.LetterBase, actor: str,
         now: datetime, scope: str = "") -> Document:
    """Render the letter with the template its registry entry names, store it against the step
    that produces it (the YAML's `document`), and emit the event the entry completes."""
    from playbook.letters.registry import KINDS

    entry = KINDS[kind]
    facts = snapshot_of(session, case).facts
    step = next((s for _, s in pinned_playbook(session, case).producing(kind)
                 if applies(s.applies_when, facts)), None)
    content = render_pdf(entry.template_for(context.lang), context.model_dump())
    document = store(session, case, kind=kind, content=content, actor=actor, now=now,
                     scope=scope, step_id=step.id if step else None)
    if entry.completes is not None:
        emit(session, case, entry.completes, actor=actor, now=now, because=document.filename)
    return document


def decision_letter(session: Session, case: Case, decision: Decision, kind: str, actor: str,
                    now: datetime) -> Document:
    """The letter of a decision at this point of its lifecycle (letters/decision_letter.py)."""
    from playbook.letters.decision_letter import make

    return make(session, case, decision, kind, actor, now)


def request_letter(session: Session, case: Case, row: InformationRequest, actor: str,
                   now: datetime) -> Document:
    playbook = pinned_playbook(session, case)
    info = REQUEST_KINDS[row.kind]  # each kind its own purpose and questions (art. 39f Wjsg)
    addressee = partner_contact(playbook, Partner(str(info["addressee"])),
                         "Politie" if info["addressee"] == "politie" else "Openbaar Ministerie")
    kind = (DocumentKind.verzoek_bestuurlijke_rapportage if row.kind == "bestuurlijke-rapportage"
            else DocumentKind.verzoek_39f)
    title = texts.REQUEST_TITLES[row.kind]
    context = ctx.RequestLetter(
        **base_fields(case, playbook, title, now), addressee=addressee.name,
        addressee_address=addressee.address, legal_basis=info["basis"],
        purpose=row.purpose, address=address_of(case), object_type=OBJECT_NL[case.object_type],
        incident=incident_line(case), questions=list(info["questions"]), answer_due=row.answer_due,
        contact=playbook.municipality.contact_point,
    )
    return save(session, case, kind, context, actor, now, scope=f"verzoek-{row.id}")


def referral(session: Session, case: Case, person_id: int, actor: str, now: datetime,
             channel: str = "online-formulier") -> Document:
    """A municipal referral, only on consent valid for this incident and purpose (see
    cases/consent.py); the referral is recorded with its route and channel."""
    from playbook.cases import consent as rules
    from playbook.cases.persons import members
    from playbook.cases.referrals import record_municipal_referral, valid_consent
    from playbook.decisions.household import children_of

    playbook = pinned_playbook(session, case)
    person = session.get(Person, person_id)
    if person is None or person.case_id != case.id:
        raise NotFound(f"Persoon {person_id} hoort niet bij zaak {case.reference}.")
    problems = rules.check_channel(rules.Route.municipality, channel)
    if problems:
        raise InvalidInput(problems)
    consent = valid_consent(session, case, person)
    context = ctx.ReferralLetter(
        **base_fields(case, playbook, "Verwijzing naar Slachtofferhulp Nederland", now),
        person_name=person.name, person_role=texts.PERSON_ROLES.get(person.role, person.role),
        contact=person.contact if consent.covers_contact else None,
        contact_covered=consent.covers_contact, language=language_name(person.language),
        children=children_of(members(session, case), person.id, person.children,
                             now.astimezone(USER_TZ).date()),
        needs=person.needs,
        incident=incident_line(case),
        address=address_of(case), sender=playbook.municipality.contact_point,
        route=rules.ROUTE_LABELS[rules.Route.municipality],
        channel=rules.CHANNEL_LABELS[rules.Channel(channel)],
        consent_given_by=consent.given_by, consent_given_at=consent.given_at,
        consent_method=consent.method,
        consent_purpose=rules.PURPOSE_LABELS[rules.Purpose(consent.purpose)],
    )
    document = save(session, case, DocumentKind.verwijzing_slachtofferhulp, context, actor, now,
                    scope=f"persoon-{person.id}")
    record_municipal_referral(session, case, person, consent, rules.Channel(channel), document,
                              actor, now)
    return document


VISITED_ROLES = ("omwonende", "getuige")


def team_briefing(session: Session, case: Case, actor: str, now: datetime,
                  addresses: list[str] | None = None) -> Document:
    """Briefing for the door-to-door team. Issuing it does not complete the visit step."""
    playbook = pinned_playbook(session, case)
    persons = session.exec(select(Person).where(Person.case_id == case.id).order_by(col(Person.id)))
    # The team knocks on neighbours' and witnesses' doors; an owner's or corporation's
    # address (a postbox, an office) is no visit.
    visits = [*(addresses or []), *(f"{p.address} ({p.role})" for p in persons
                                    if p.address and p.role in VISITED_ROLES)]
    if not visits:
        raise InvalidInput(["adressen: geef de adressen op die het nazorgteam bezoekt "
                            "(of leg omwonenden met adres vast)"])
    m = playbook.municipality
    context = ctx.TeamBriefing(
        **base_fields(case, playbook, "Opdracht nazorgteam", now),
        street=case.street, city=case.city, visit_addresses=visits,
        incident=incident_line(case),
        talking_points=texts.TEAM_TALKING_POINTS, record_items=texts.TEAM_RECORD_ITEMS,
        contacts=[m.contact_point, partner_contact(playbook, Partner.politie, "Politie"),
                  partner_contact(playbook, Partner.slachtofferhulp, "Slachtofferhulp Nederland")],
        team=["Wijkagent (politie)", "Medewerker OOV (gemeente)", "Medewerker woningcorporatie"],
        safety_instructions=texts.TEAM_SAFETY, log_rows=4,
        **_meeting(session, case),
    )
    return save(session, case, DocumentKind.opdracht_nazorgteam, context, actor, now)


# --- Makers: how each letter made by hand is built (registry.py names them) -----------------

def make_resident(session: Session, case: Case, request: "LetterRequest") -> list[Document]:
    return resident_letters(session, case, request.actor, request.now, request.meeting,
                            request.addresses, request.occasion)


def make_referral(session: Session, case: Case, request: "LetterRequest") -> list[Document]:
    if request.person_id is None:
        raise InvalidInput(["persoon: geef de persoon (id) die wordt doorverwezen"])
    return [referral(session, case, request.person_id, request.actor, request.now,
                     request.channel or "online-formulier")]


def make_briefing(session: Session, case: Case, request: "LetterRequest") -> list[Document]:
    return [team_briefing(session, case, request.actor, request.now, request.addresses)]


def make_request(session: Session, case: Case, request: "LetterRequest",
                 wanted: str = "") -> list[Document]:
    rows = [r for r in requests_of(session, case)
            if r.kind == wanted and (request.request_id is None or r.id == request.request_id)]
    if not rows:
        raise NotFound(f"Geen informatieverzoek '{REQUEST_TITLES_NL.get(wanted, wanted)}' op zaak "
                       f"{case.reference}; maak het eerst aan met 'playbook informatie vraag'.")
    return [request_letter(session, case, rows[-1], request.actor, request.now)]


REQUEST_TITLES_NL = {"bestuurlijke-rapportage": "bestuurlijke rapportage",
                     "39f": "strafvorderlijke gegevens (art. 39f Wjsg)"}


def _meeting(session: Session, case: Case) -> dict[str, object]:
    from playbook.cases.street import latest_news

    news = latest_news(session, case)
    at = news.meeting_at.astimezone(USER_TZ) if news and news.meeting_at else None
    return {"meeting_date": at.date() if at else None,
            "meeting_time": at.strftime("%H:%M") if at else None,
            "meeting_place": news.meeting_place if news else None}


def generate(*, session: Session, reference: str, kind: str, actor: str, now: datetime,
             person_id: int | None = None, request_id: int | None = None,
             addresses: list[str] | None = None, meeting: str | None = None,
             occasion: str | None = None, channel: str | None = None) -> list[Document]:
    """Make any letter the registry offers on request (decision letters follow the lifecycle)."""
    from playbook.letters import registry

    case = get_case(session, reference)
    entry = registry.get(kind)
    if entry is None or entry.make is None:
        raise InvalidInput([f"soort brief: '{kind}' is onbekend; kies {registry.choices()} "
                            "(besluiten maakt u via 'playbook besluit')"])
    return entry.make(session, case, registry.LetterRequest(
        actor=actor, now=now, person_id=person_id, request_id=request_id, addresses=addresses,
        meeting=meeting, occasion=occasion, channel=channel))
