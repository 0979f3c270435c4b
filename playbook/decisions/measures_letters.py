"""The letter of each measure (issue 13): a typed context per measure and its own template, each
one entry in the letter registry (playbook/letters/registry.py), rendered and stored by the
registry's `save` against the step that declares it (the YAML's `document`). The letter prints
the last day of each term; the derivation stays on screen (issue 10)."""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from playbook.cases.repository import get_case, pinned_playbook
from playbook.config import USER_TZ
from playbook.deadlines import format_date_nl
from playbook.decisions import common
from playbook.decisions.lifecycle import Kind
from playbook.decisions.measures import details_of, incidents_of
from playbook.decisions.measures_map import data_uri, map_of
from playbook.decisions.measures_store import ban_addressee
from playbook.letters import contexts as ctx
from playbook.letters.decision_letter import decision_kenmerk
from playbook.letters.fields import postal_lines
from playbook.letters.service import address_lines, address_of
from playbook.storage.tables import Case, Decision, Document

TEMPLATES: dict[str, str] = {
    Kind.camera: "maatregel-cameratoezicht.html.j2",
    Kind.area_ban: "maatregel-gebiedsverbod.html.j2",
    Kind.drug_closure: "maatregel-sluiting-13b.html.j2",
}
TITLES = {
    Kind.camera: "Aanwijzingsbesluit cameratoezicht (art. 151c Gemeentewet)",
    Kind.area_ban: "Gebiedsverbod (art. 172a Gemeentewet)",
    Kind.drug_closure: "Sluiting op grond van art. 13b Opiumwet",
}


class MeasureLetter(ctx.LetterBase):
    """What every measure letter shows: the decision, its reasons and the bezwaar clause."""

    intent: bool  # a voornemen (art. 4:8 Awb) rather than the decision
    decision_id: int
    kenmerk: str  # the decision's own reference, "GM9999-2026-0001/2"
    addressee: str
    address_lines: list[str]  # under the addressee's name, when known
    copies: list[str]  # "afschrift aan": owner, landlord (a 13b closure)
    addressees: list[ctx.LetterAddressee]
    address: str
    facts: str
    necessity: str
    start_date: date | None
    end_date: date | None
    mayor: str
    decided_on: date | None
    made_known_on: date | None
    made_known_how: str | None
    published_until: date | None  # last day to object after publication (art. 6:8 lid 1 Awb)
    hearing_until: date | None  # last day of the zienswijze term
    hearing: str | None
    intent_on: date | None
    hearing_outcome: str | None
    urgency_reasons: str | None


class AreaLetter(MeasureLetter):
    """A measure for an area: described, and shown on the map printed as the bijlage."""

    area: str
    map_reference: str
    map_image: str | None  # data URI of the map (measures_map.py), None when not added


class CameraLetter(AreaLetter):
    council_basis: str
    retention_days: int | None
    evaluation_on: date | None
    evaluation_how: str
    publication: str | None


class AreaBanLetter(AreaLetter):
    extension_number: int
    incidents: list[str]
    leading_role: bool
    fear_of_further: str
    warning: str
    suitability: str
    balance: str


class DrugClosureLetter(MeasureLetter):
    substances: str
    substance_list: str | None
    trading_quantity: bool
    dealing_from_premises: bool
    preparatory_acts: bool
    seriousness: str
    blameworthiness: str
    adaptations: str
    consequences: str
    children_count: int
    children_effect: str | None
    balance: str
    duration_days: int | None
    duration_reasons: str
    start_time: str | None


def context_of(
    session: Session, case: Case, decision: Decision, intent: bool, now: datetime
) -> MeasureLetter:
    from playbook.documents.render import pdf_dates

    playbook = pinned_playbook(session, case)
    row = details_of(session, decision)
    kind = Kind(decision.kind)
    terms = {a.id: t for a, t in common.bezwaar_terms(session, decision)}
    rows = common.addressees_of(session, decision)
    addressees = [
        ctx.LetterAddressee(
            name=a.name,
            capacity=a.capacity,
            made_known=f"{format_date_nl(a.made_known_on)}, {a.made_known_how}"
            if a.made_known_on
            else None,
            bezwaar_deadline=terms[a.id].explain() if a.id in terms else [],
            made_known_on=a.made_known_on,
            bezwaar_until=terms[a.id].end if a.id in terms else None,
        )
        for a in rows
    ]
    published = next(
        (t.end for t in common.deadlines(decision, session)
         if t.label == "Bezwaartermijn" and kind == Kind.camera),
        None,
    )
    hearing = common.hearing_term(decision)
    lines = address_lines(case)
    title = ("Voornemen: " if intent else "") + TITLES[kind]
    copies: list[str] = []
    if kind == Kind.camera:
        addressee = f"Bekendmaking in het Gemeenteblad van {playbook.municipality.name}"
        lines = []
    elif kind == Kind.area_ban:
        banned = ban_addressee(session, row)
        addressee = banned.name
        lines = postal_lines(banned.address) if banned.address else []
    else:
        # The occupants at the address, the owner or landlord a copy at its own address, as
        # in a closure under art. 174a; a voornemen to those the decision will be addressed to.
        from playbook.decisions.hearing import to_hear
        from playbook.letters.decision_letter import recipients_of

        people = [(r.name, r.capacity, r.person_id) for r in rows] or [
            (m.name, m.relation.value, m.person_id)
            for m in to_hear(session, case, decision, now)]
        [recipient], copies = recipients_of(session, case, people)
        addressee = ", ".join(recipient.names)
    end = row.end_date if kind != Kind.drug_closure else common.end_date(decision)
    common_fields: dict[str, Any] = dict(  # noqa: C408  (reads as the model's keywords)
        title=title,
        subject=f"{title}, zaak {case.reference}",
        reference=case.reference,
        lang="nl",
        letter_date=now.astimezone(USER_TZ).date(),
        municipality=playbook.municipality,
        pdf_dates=pdf_dates(now),
        intent=intent,
        decision_id=decision.id,
        kenmerk=decision_kenmerk(session, case, decision),
        addressee=addressee,
        address_lines=lines,
        copies=copies,
        addressees=addressees,
        address=address_of(case),
        facts=decision.facts or "",
        necessity=decision.necessity or "",
        start_date=decision.start_date,
        end_date=end,
        mayor=decision.mayor or playbook.municipality.mayor,
        decided_on=decision.decided_on,
        made_known_on=decision.made_known_on,
        made_known_how=decision.made_known_how,
        published_until=published,
        hearing_until=hearing.end if hearing else None,
        hearing=decision.hearing,
        intent_on=decision.intent_on,
        hearing_outcome=decision.hearing_outcome,
        urgency_reasons=decision.urgency_reasons,
    )
    if kind in (Kind.camera, Kind.area_ban):
        shown = map_of(session, decision)
        common_fields.update(area=row.area or "", map_reference=row.map_reference or "",
                             map_image=data_uri(shown) if shown else None)
    if kind == Kind.camera:
        return CameraLetter(
            **common_fields,
            council_basis=row.council_basis or "",
            retention_days=row.retention_days,
            evaluation_on=row.evaluation_on,
            evaluation_how=row.evaluation_how or "",
            publication=row.publication,
        )
    if kind == Kind.area_ban:
        warning = (
            f"U bent op {format_date_nl(row.warning_on)} gewaarschuwd."
            if row.warning_on
            else f"Een waarschuwing vooraf was niet nodig: {row.no_warning_reason or ''}"
        )
        return AreaBanLetter(
            **common_fields,
            extension_number=row.extension_number,
            incidents=[
                f"{format_date_nl(i.occurred_on)}: {i.description} ({i.source})"
                for i in incidents_of(session, decision)
            ],
            leading_role=row.leading_role,
            fear_of_further=row.fear_of_further or "",
            warning=warning,
            suitability=decision.suitability or "",
            balance=decision.balance or "",
        )
    return DrugClosureLetter(
        **common_fields,
        substances=row.substances or "",
        substance_list=row.substance_list,
        trading_quantity=row.trading_quantity,
        dealing_from_premises=row.dealing_from_premises,
        preparatory_acts=row.preparatory_acts,
        seriousness=decision.seriousness or "",
        blameworthiness=row.blameworthiness or "",
        adaptations=row.adaptations or "",
        consequences=row.consequences or "",
        children_count=decision.children_count or 0,
        children_effect=decision.children_effect,
        balance=decision.balance or "",
        duration_days=decision.duration_days,
        duration_reasons=decision.duration_reasons or "",
        start_time=decision.start_time.strftime("%H:%M") if decision.start_time else None,
    )


def measure_letter(
    session: Session, case: Case, decision: Decision, kind: str, actor: str, now: datetime
) -> Document:
    """Render and store the measure's letter through its registry entry (`kind`
    "voornemen-sluiting" means the voornemen; the letter kind is the measure's own)."""
    from playbook.letters.service import save

    measure = Kind(decision.kind)
    context = context_of(session, case, decision, kind == "voornemen-sluiting", now)
    return save(session, case, measure.value, context, actor, now, scope=f"besluit-{decision.id}")


def letter_for(
    *, session: Session, reference: str, decision_id: int, actor: str, now: datetime
) -> Document:
    """Render the measure's letter again (e.g. after an edit of a draft)."""
    case = get_case(session, reference)
    decision = common.get_decision(session, case, decision_id)
    return measure_letter(session, case, decision, "", actor, now)
