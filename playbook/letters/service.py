"""Build each letter's context from the case, render it, store it as a new document version
and complete the step it fulfils, all in the caller's transaction."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from playbook.cases.overview import overview
from playbook.cases.repository import get_case, pinned_playbook, snapshot_of
from playbook.cases.service import emit
from playbook.config import USER_TZ
from playbook.definition.enums import DocumentKind, Partner, StepStatus
from playbook.definition.models import Contact, Playbook
from playbook.documents.render import pdf_dates
from playbook.documents.service import store
from playbook.engine.checklist import applies
from playbook.errors import InvalidInput, NotFound
from playbook.information.service import KINDS as REQUEST_KINDS
from playbook.information.service import requests_of
from playbook.letters import contexts as ctx
from playbook.letters import texts
from playbook.letters.overrides import folder_for, render_pdf, resident_words
from playbook.storage.tables import Case, Decision, Document, InformationRequest, Person

if TYPE_CHECKING:
    from playbook.letters.registry import LetterRequest

OBJECT_NL = {"woning": "woning", "bedrijfspand": "bedrijfspand", "voertuig": "voertuig",
             "overig": "object"}


def address_lines(case: Case) -> list[str]:
    suffix = f"-{case.house_suffix}" if case.house_suffix else ""
    return [f"{case.street} {case.house_number}{suffix}", f"{case.postcode} {case.city}"]


def address_of(case: Case) -> str:
    return ", ".join(address_lines(case))


def base_fields(case: Case, playbook: Playbook, title: str, now: datetime,
                lang: str = "nl") -> dict[str, Any]:
    """The fields every letter context shares (LetterBase)."""
    return {"title": title, "subject": f"{title}, zaak {case.reference}",
            "reference": case.reference,
            "lang": lang, "letter_date": now.astimezone(USER_TZ).date(),
            "municipality": playbook.municipality, "pdf_dates": pdf_dates(now)}


def _partner(playbook: Playbook, partner: Partner, fallback: str) -> Contact:
    return playbook.municipality.partners.get(partner) or Contact(name=fallback)


def incident_line(case: Case) -> str:
    """The incident as every letter names it (texts.incident_line): one wording everywhere."""
    return texts.incident_line(case.incident_kind, OBJECT_NL[case.object_type],
                               address_of(case), case.incident_at)


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
    addressee = _partner(playbook, Partner(str(info["addressee"])),
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


RESIDENT_OCCASIONS = ("eerste", "nieuwe-aanslag", "verlenging", "heropening")


def resident_context(session: Session, case: Case, now: datetime, lang: str,
                     meeting: str | None = None, addressee: str | None = None,
                     occasion: str | None = None) -> ctx.ResidentLetter:
    """The joint letter to neighbours. Built only from street-level facts: the context type
    has no field that could carry the targeted household. The facts are the same in every
    language; only `words` (the language file) differs."""
    from playbook.cases.street import latest_news

    occasion = occasion or ("nieuwe-aanslag" if case.round > 1 else "eerste")
    if occasion not in RESIDENT_OCCASIONS:
        raise InvalidInput([f"soort bewonersbrief: '{occasion}' is onbekend; kies "
                            + ", ".join(RESIDENT_OCCASIONS)])
    playbook = pinned_playbook(session, case)
    view = overview(session, case, now, whole_case=True)
    done = {i.step.id for b in view.blocks for i in b.items if i.status == StepStatus.done}
    m = playbook.municipality
    corporation = m.partners.get(Partner.woningcorporatie)
    words = resident_words(lang, folder_for(m.cbs_code))
    news = latest_news(session, case)
    meeting_at = news.meeting_at.astimezone(USER_TZ) if news and news.meeting_at else None
    if meeting_at is not None and meeting_at < now:
        meeting_at = None  # a meeting that has been held is no news for a follow-up letter
    closure_end, reopened = _closure_dates(session, case)
    return ctx.ResidentLetter(
        **{**base_fields(case, playbook, words.occasions[occasion].title, now, lang),
           "subject": f"{words.occasions[occasion].title}, {case.reference}"},
        addressee=addressee, street=case.street, city=case.city, occasion=occasion,
        incident_kind=case.incident_kind, object_type=case.object_type,
        incident_date=case.incident_at.astimezone(USER_TZ).date(),
        injured=news.injured if news else ("gewonden" if case.injured else "niet-vrijgegeven"),
        safety=news.safety if news else "nog-niet-bekend",
        # Only a decision actually taken is news for the street, never a draft.
        measures=texts.resident_measures(closure=_closure_taken(session, case), done=done),
        closure_end=closure_end, reopened_on=reopened,
        meeting_date=meeting_at.date() if meeting_at else None,
        meeting_time=meeting_at.strftime("%H:%M") if meeting_at else None,
        meeting_place=news.meeting_place if news and meeting_at else None, meeting=meeting,
        police_phone="0900-8844", anonymous_phone="0800-7000", tips_web="www.politie.nl",
        anonymous_web="www.meldmisdaadanoniem.nl",
        shn_phone=getattr(m.partners.get(Partner.slachtofferhulp), "phone", None) or "0900-0101",
        contact=m.contact_point, housing_corporation=corporation,
        signatories=_resident_signatories(playbook), words=words,
    )


def _resident_signatories(playbook: Playbook) -> list[ctx.ResidentSignatory]:
    """As configured per partner in the municipality file (`letter_signatories`)."""
    m = playbook.municipality
    configured: dict[str, str | None] = {**m.letter_signatories} or {
        "gemeente": m.mayor, "politie": None, "woningcorporatie": None, "slachtofferhulp": None}
    fallback = {"gemeente": m.name, "slachtofferhulp": "Slachtofferhulp Nederland",
                "woningcorporatie": "de verhuurder"}
    return [ctx.ResidentSignatory(
        partner=p, name=name,
        organisation=(m.partners[p].name if p in m.partners else fallback.get(p)
                      or playbook.partner_name(p)))
        for p, name in configured.items()]


def _closure_dates(session: Session, case: Case) -> tuple[date | None, date | None]:
    """The current end of the closure (after an extension) and the day it was lifted."""
    from playbook.decisions.common import end_date

    taken = list(session.exec(select(Decision).where(
        Decision.case_id == case.id, col(Decision.status).in_(("genomen", "bekendgemaakt")))
        .order_by(col(Decision.id))))
    closures = [d for d in taken if d.kind in ("sluiting", "verlenging")]
    lifted = [d for d in taken if d.kind == "opheffing"]
    return (end_date(closures[-1]) if closures else None,
            (lifted[-1].start_date or lifted[-1].decided_on) if lifted else None)


def _closure_taken(session: Session, case: Case) -> bool:
    """A closure taken in this round (after a new attack, the earlier one is history)."""
    return session.exec(select(Decision).where(
        Decision.case_id == case.id, Decision.kind == "sluiting", Decision.round == case.round,
        col(Decision.status).in_(("genomen", "bekendgemaakt")))).first() is not None


def resident_letters(session: Session, case: Case, actor: str, now: datetime,
                     meeting: str | None = None, addresses: list[str] | None = None,
                     occasion: str | None = None) -> list[Document]:
    """Every language, either one letter for the street or one per given address: all
    contexts read first, then every PDF rendered, then stored (see letters/bulk.py). A
    follow-up (`occasion`: nieuwe-aanslag, verlenging, heropening) is a letter of its own."""
    from playbook.letters import bulk

    bases = bulk.base_contexts(session, case, now, meeting, occasion)
    items = bulk.resident_items(addresses, next(iter(bases.values())).occasion,
                                folder_for(case.municipality_code), langs=list(bases))
    pdfs = [bulk.render_resident(bulk.context_for(bases, i), i) for i in items]
    return [bulk.store_resident(session, case, i, pdf, actor, now)
            for i, pdf in zip(items, pdfs, strict=True)]


def referral(session: Session, case: Case, person_id: int, actor: str, now: datetime,
             channel: str = "online-formulier") -> Document:
    """A municipal referral, only on consent valid for this incident and purpose (see
    cases/consent.py); the referral is recorded with its route and channel."""
    from playbook.cases import consent as rules
    from playbook.cases.referrals import record_municipal_referral, valid_consent

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
        contact_covered=consent.covers_contact, language=texts.language_name(person.language),
        children=person.children, needs=person.needs,
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


def team_briefing(session: Session, case: Case, actor: str, now: datetime,
                  addresses: list[str] | None = None) -> Document:
    """Briefing for the door-to-door team. Issuing it does not complete the visit step."""
    playbook = pinned_playbook(session, case)
    persons = session.exec(select(Person).where(Person.case_id == case.id).order_by(col(Person.id)))
    visits = [*(addresses or []), *(f"{p.address} ({p.role})" for p in persons
                                    if p.address and p.role != "doelwit")]
    if not visits:
        raise InvalidInput(["adressen: geef de adressen op die het nazorgteam bezoekt "
                            "(of leg omwonenden met adres vast)"])
    m = playbook.municipality
    context = ctx.TeamBriefing(
        **base_fields(case, playbook, "Opdracht nazorgteam", now),
        street=case.street, city=case.city, visit_addresses=visits,
        incident=incident_line(case),
        talking_points=texts.TEAM_TALKING_POINTS, record_items=texts.TEAM_RECORD_ITEMS,
        contacts=[m.contact_point, _partner(playbook, Partner.politie, "Politie"),
                  _partner(playbook, Partner.slachtofferhulp, "Slachtofferhulp Nederland")],
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
