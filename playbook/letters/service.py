"""Build each letter's context from the case, render it, store it as a new document version
and complete the step it fulfils, all in the caller's transaction."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from playbook.cases.overview import overview
from playbook.cases.repository import get_case, pinned_playbook, snapshot_of
from playbook.cases.service import emit
from playbook.config import USER_TZ
from playbook.deadlines import format_date_nl
from playbook.decisions.grounds import GROUNDS
from playbook.definition.enums import DocumentKind, Partner, StepStatus
from playbook.definition.events import Event
from playbook.definition.models import Contact, Playbook
from playbook.documents.render import pdf_dates
from playbook.documents.service import store
from playbook.engine.checklist import applies
from playbook.errors import InvalidInput, NotAllowed, NotFound
from playbook.information.service import KINDS as REQUEST_KINDS
from playbook.information.service import latest_answer, requests_of
from playbook.letters import contexts as ctx
from playbook.letters import texts
from playbook.letters.overrides import folder_for, render_pdf, resident_words
from playbook.storage.tables import Case, Decision, Document, InformationRequest, Person

if TYPE_CHECKING:
    from playbook.letters.registry import LetterRequest

OBJECT_NL = {"woning": "woning", "bedrijfspand": "bedrijfspand", "voertuig": "voertuig",
             "overig": "object"}


# How a decision addressee's capacity reads in the letter (never the code).
CAPACITY_NL = {"bewoner": "bewoner", "eigenaar-bewoner": "eigenaar en bewoner",
               "gebruiker": "gebruiker", "eigenaar": "eigenaar", "verhuurder": "verhuurder",
               "woningcorporatie": "woningcorporatie, verhuurder"}
OCCUPANTS = ("bewoner", "eigenaar-bewoner", "gebruiker")


def _address_lines(case: Case) -> list[str]:
    suffix = f"-{case.house_suffix}" if case.house_suffix else ""
    return [f"{case.street} {case.house_number}{suffix}", f"{case.postcode} {case.city}"]


def _address(case: Case) -> str:
    return ", ".join(_address_lines(case))


def _base(case: Case, playbook: Playbook, title: str, now: datetime, lang: str = "nl") -> dict:  # type: ignore[type-arg]
    return {"title": title, "subject": f"{title}, zaak {case.reference}", "reference": case.reference,
            "lang": lang, "letter_date": now.astimezone(USER_TZ).date(),
            "municipality": playbook.municipality, "pdf_dates": pdf_dates(now)}


def _partner(playbook: Playbook, partner: Partner, fallback: str) -> Contact:
    return playbook.municipality.partners.get(partner) or Contact(name=fallback)


def _incident(case: Case) -> str:
    when = case.incident_at.astimezone(USER_TZ).strftime("%d-%m-%Y %H:%M")
    return f"{case.incident_kind} bij {OBJECT_NL[case.object_type]} op {when}"


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


def _decision_title(kind: str, decision: Decision) -> str:
    from playbook.letters.registry import KINDS

    if decision.kind == "noodbevel":
        return "Noodbevel tot sluiting (art. 175 Gemeentewet)"
    if kind == "voornemen-sluiting" and decision.kind == "verlenging":
        return "Voornemen tot verlenging van de sluiting"
    return KINDS[kind].title


def decision_kenmerk(session: Session, case: Case, decision: Decision) -> str:
    """A decision's own reference, the case number and its place among the case's decisions
    ("GM9999-2025-0001/2"): what a later decision, an objection or a court cites."""
    ids = session.exec(select(Decision.id).where(Decision.case_id == case.id)
                       .order_by(col(Decision.id))).all()
    return f"{case.reference}/{list(ids).index(decision.id) + 1}"


def _follows(session: Session, case: Case, parent: Decision | None) -> str | None:
    """How an extension or lifting names the decision it follows: by date and kenmerk."""
    if parent is None or parent.decided_on is None:
        return None
    return (f"het besluit van {format_date_nl(parent.decided_on)}, "
            f"kenmerk {decision_kenmerk(session, case, parent)}")


def _recipients(session: Session, case: Case, addressees: list[ctx.LetterAddressee],
                person_ids: list[int | None]) -> tuple[list[ctx.Recipient], list[str]]:
    """The addressee block (who lives in or uses the object, at its address) and the copies
    ("afschrift aan") for owner, landlord or housing corporation (art. 3:41 Awb: each gets
    the decision; the letter shows who else received it)."""
    occupants = [a for a in addressees if a.capacity in OCCUPANTS] or addressees
    names, copies = [], []
    for a, person_id in zip(addressees, person_ids, strict=True):
        if a in occupants:
            names.append(a.name)
        else:
            person = session.get(Person, person_id) if person_id else None
            where = f", {person.address}" if person and person.address else ""
            copies.append(f"{a.name} ({CAPACITY_NL.get(a.capacity, a.capacity)}){where}")
    return [ctx.Recipient(names=names or ["De bewoners"], lines=_address_lines(case))], copies

def decision_letter(session: Session, case: Case, decision: Decision, kind: str, actor: str,
                    now: datetime) -> Document:
    from playbook.decisions.common import (
        addressees_of,
        bezwaar_terms,
        end_date,
        hearing_term,
    )

    playbook = pinned_playbook(session, case)
    ground = GROUNDS[decision.ground] if decision.ground in GROUNDS else None
    parent = session.get(Decision, decision.parent_id) if decision.parent_id else None
    hearing = hearing_term(decision)
    # The derivation of each term (holidays, weekends) stays on screen and in the dossier; the
    # letter prints only the last day (issue 10).
    terms = {a.id: t for a, t in bezwaar_terms(session, decision)}
    answer = latest_answer(session, case, decision.round)
    rows = addressees_of(session, decision)
    addressees = [ctx.LetterAddressee(
        name=a.name, capacity=CAPACITY_NL.get(a.capacity, a.capacity),
        made_known=f"{format_date_nl(a.made_known_on)}, {a.made_known_how}"
        if a.made_known_on else None,
        bezwaar_deadline=terms[a.id].explain() if a.id in terms else [],
        made_known_on=a.made_known_on,
        bezwaar_until=terms[a.id].end if a.id in terms else None) for a in rows]
    recipients, copies = _recipients(session, case, [
        a.model_copy(update={"capacity": r.capacity}) for a, r in zip(addressees, rows, strict=True)
    ], [r.person_id for r in rows])
    names = ", ".join(a.name for a in addressees) or f"De bewoners van {_address(case)}"
    first_term = next(iter(terms.values()), None)
    context = ctx.DecisionLetter(
        **_base(case, playbook, _decision_title(kind, decision), now),
        kind=kind, decision_kind=decision.kind, decision_id=decision.id,  # type: ignore[arg-type]
        addressee=names, addressees=addressees, kenmerk=decision_kenmerk(session, case, decision),
        recipients=recipients, copies=copies,
        hearing_until=hearing.end if hearing else None,
        address=_address(case), object_type=OBJECT_NL[case.object_type],
        ground_article=ground.article if ground else "", ground_summary=ground.summary if ground else "",
        facts=decision.facts or "", rapportage_date=answer.answered_on if answer else None,
        seriousness=decision.seriousness or "", recurrence=decision.recurrence or "",
        suitability=decision.suitability or "", necessity=decision.necessity or "",
        balance=decision.balance or "", balance_owner=decision.balance_owner or "",
        children_count=decision.children_count or 0, children_ages=decision.children_ages,
        children_school=decision.children_school, children_effect=decision.children_effect,
        alternative_housing=decision.alternative_housing,
        duration_days=decision.duration_days, duration_reasons=decision.duration_reasons or "",
        duration_over_policy_reasons=decision.duration_over_policy_reasons,
        start_date=decision.start_date,
        start_time=decision.start_time.strftime("%H:%M") if decision.start_time else None,
        end_date=end_date(decision), current_end_date=end_date(parent) if parent else None,
        parent_reference=_follows(session, case, parent),
        entry_ban_basis=decision.entry_ban_basis or "", entry_access=decision.entry_access or "",
        enforcement=decision.enforcement or "",
        hearing=decision.hearing, intent_on=decision.intent_on,
        hearing_deadline=hearing.explain() if hearing else [],
        hearing_outcome=decision.hearing_outcome, urgency_reasons=decision.urgency_reasons,
        mayor=decision.mayor or playbook.municipality.mayor, decided_on=decision.decided_on,
        made_known_on=decision.made_known_on, made_known_how=decision.made_known_how,
        bezwaar_deadline=first_term.explain() if first_term else [],
    )
    return save(session, case, kind, context, actor, now, scope=f"besluit-{decision.id}")


def request_letter(session: Session, case: Case, row: InformationRequest, actor: str,
                   now: datetime) -> Document:
    playbook = pinned_playbook(session, case)
    info = REQUEST_KINDS[row.kind]  # each kind its own purpose and questions (art. 39f Wjsg)
    addressee = _partner(playbook, Partner(info["addressee"]),
                         "Politie" if info["addressee"] == "politie" else "Openbaar Ministerie")
    kind = (DocumentKind.verzoek_bestuurlijke_rapportage if row.kind == "bestuurlijke-rapportage"
            else DocumentKind.verzoek_39f)
    title = texts.REQUEST_TITLES[row.kind]
    context = ctx.RequestLetter(
        **_base(case, playbook, title, now), addressee=addressee.name,  # type: ignore[arg-type]
        addressee_address=addressee.address, legal_basis=info["basis"],
        purpose=row.purpose, address=_address(case), object_type=OBJECT_NL[case.object_type],
        incident=_incident(case), questions=list(info["questions"]), answer_due=row.answer_due,  # type: ignore[call-overload]
        contact=playbook.municipality.contact_point,
    )
    return save(session, case, kind, context, actor, now, scope=f"verzoek-{row.id}")


def resident_context(session: Session, case: Case, now: datetime, lang: str,
                     meeting: str | None = None, addressee: str | None = None) -> ctx.ResidentLetter:
    """The joint letter to neighbours. Built only from street-level facts: the context type
    has no field that could carry the targeted household."""
    playbook = pinned_playbook(session, case)
    view = overview(session, case, now, whole_case=True)
    done = {i.step.id for b in view.blocks for i in b.items if i.status == StepStatus.done}
    corporation = playbook.municipality.partners.get(Partner.woningcorporatie)
    words = resident_words(lang, folder_for(playbook.municipality.cbs_code))
    return ctx.ResidentLetter(
        **_base(case, playbook, words.title, now, lang),  # type: ignore[arg-type]
        addressee=addressee, street=case.street, city=case.city,
        incident_date=case.incident_at.astimezone(USER_TZ).date(),
        what_happened=words.what[case.incident_kind].format(
            object=words.objects[case.object_type], street=case.street),
        # Only a decision actually taken is news for the street, never a draft.
        measures=[words.measures.always,
                  *([words.measures.closure] if _closure_taken(session, case) else []),
                  *(text for step, text in words.measures.after_steps.items() if step in done)],
        meeting=meeting, contact=playbook.municipality.contact_point,
        housing_corporation=corporation,
        signatories=[ctx.Signatory(role=words.roles[p], name=n) for p, n in (
            ("gemeente", playbook.municipality.mayor),
            ("politie", _partner(playbook, Partner.politie, "Politie").name),
            ("woningcorporatie", corporation.name if corporation else "de verhuurder"),
            ("slachtofferhulp", "Slachtofferhulp Nederland"))],
    )


def _closure_taken(session: Session, case: Case) -> bool:
    return session.exec(select(Decision).where(
        Decision.case_id == case.id, Decision.kind == "sluiting",
        col(Decision.status).in_(("genomen", "bekendgemaakt")))).first() is not None


def resident_letters(session: Session, case: Case, actor: str, now: datetime,
                     meeting: str | None = None, addresses: list[str] | None = None) -> list[Document]:
    """Dutch and English, either one letter for the street or one per given address: all
    contexts read first, then every PDF rendered, then stored (see letters/bulk.py)."""
    from playbook.letters import bulk

    bases, items = bulk.base_contexts(session, case, now, meeting), bulk.resident_items(addresses)
    pdfs = [bulk.render_resident(bulk.context_for(bases, i), i) for i in items]
    return [bulk.store_resident(session, case, i, pdf, actor, now) for i, pdf in zip(items, pdfs)]


def referral(session: Session, case: Case, person_id: int, actor: str, now: datetime) -> Document:
    playbook = pinned_playbook(session, case)
    person = session.get(Person, person_id)
    if person is None or person.case_id != case.id:
        raise NotFound(f"Persoon {person_id} hoort niet bij zaak {case.reference}.")
    if not person.shn_consent or person.shn_consent_at is None:
        raise NotAllowed(
            f"Geen toestemming vastgelegd van {person.name} voor doorverwijzing naar "
            "Slachtofferhulp Nederland. Zonder toestemming mogen we geen gegevens delen (AVG); "
            "vraag eerst toestemming of laat de politie doorverwijzen bij de aangifte."
        )
    context = ctx.ReferralLetter(
        **_base(case, playbook, "Verwijzing Slachtofferhulp Nederland", now),  # type: ignore[arg-type]
        person_name=person.name, person_role=person.role, contact=person.contact,
        language=person.language, children=person.children, needs=person.needs,
        consent_at=person.shn_consent_at.astimezone(USER_TZ).date(), incident=_incident(case),
        address=_address(case), sender=playbook.municipality.contact_point,
    )
    return save(session, case, DocumentKind.verwijzing_slachtofferhulp, context, actor, now,
                scope=f"persoon-{person.id}")


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
        **_base(case, playbook, "Opdracht nazorgteam", now),  # type: ignore[arg-type]
        street=case.street, city=case.city, incident=_incident(case), visit_addresses=visits,
        talking_points=texts.TEAM_TALKING_POINTS, record_items=texts.TEAM_RECORD_ITEMS,
        contacts=[m.contact_point, _partner(playbook, Partner.politie, "Politie"),
                  _partner(playbook, Partner.slachtofferhulp, "Slachtofferhulp Nederland")],
        team=["Wijkagent (politie)", "Medewerker OOV (gemeente)", "Medewerker woningcorporatie"],
    )
    return save(session, case, DocumentKind.opdracht_nazorgteam, context, actor, now)


# --- Makers: how each letter made by hand is built (registry.py names them) -----------------

def make_resident(session: Session, case: Case, request: "LetterRequest") -> list[Document]:
    return resident_letters(session, case, request.actor, request.now, request.meeting,
                            request.addresses)


def make_referral(session: Session, case: Case, request: "LetterRequest") -> list[Document]:
    if request.person_id is None:
        raise InvalidInput(["persoon: geef de persoon (id) die wordt doorverwezen"])
    return [referral(session, case, request.person_id, request.actor, request.now)]


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


def generate(*, session: Session, reference: str, kind: str, actor: str, now: datetime,
             person_id: int | None = None, request_id: int | None = None,
             addresses: list[str] | None = None, meeting: str | None = None) -> list[Document]:
    """Make any letter the registry offers on request (decision letters follow the lifecycle)."""
    from playbook.letters import registry

    case = get_case(session, reference)
    entry = registry.get(kind)
    if entry is None or entry.make is None:
        raise InvalidInput([f"soort brief: '{kind}' is onbekend; kies {registry.choices()} "
                            "(besluiten maakt u via 'playbook besluit')"])
    return entry.make(session, case, registry.LetterRequest(
        actor=actor, now=now, person_id=person_id, request_id=request_id, addresses=addresses,
        meeting=meeting))
