"""`playbook zaak toon | lijst | audit` and `playbook termijnen`: read cases, their steps,
their audit trail and what is due."""

from pathlib import Path
from typing import Annotated

import typer

from playbook.cases.export import write_audit_csv
from playbook.cases.overview import CaseOverview, audit_trail, due_items, overview
from playbook.cases.repository import get_case
from playbook.cli.case_options import Reference
from playbook.cli.common import now, out, table, transaction
from playbook.definition.enums import PARTNER_LABELS, StepStatus
from playbook.documents.formatting import language_name, short_nl
from playbook.letters.texts import STATUS_LABELS
from playbook.storage.tables import Case
from playbook.users.scope import VISIBLE_KEY


def _facts_line(case: Case) -> str:
    flags = [
        ("ontheemd", case.residents_displaced),
        ("voertuig bij woning", case.vehicle_at_home),
        ("kinderen", case.children),
        ("gemengd pand", case.mixed_use),
        ("publiek gebouw", case.public_building),
        ("bewoner betrokken", case.occupant_involved),
    ]
    words = [name for name, on in flags if on]
    words += [f"eigendom {case.tenure}"] if case.tenure else []
    words += [f"bedrijf: {case.business_kind}"] if case.business_kind else []
    words += [f"{case.earlier_attacks} eerdere aanslag(en)"] if case.earlier_attacks else []
    return ", ".join(words) or "geen bijzonderheden"



def print_overview(view: CaseOverview, linked: list[Case] | None = None) -> None:
    case = view.case
    out(f"Zaak {case.reference} (versie {case.version})  {view.address}")
    repeat = f", herhaling (ronde {case.round})" if view.snapshot.facts.repeat else ""
    out(f"Object: {case.object_type}; soort: {case.incident_kind}{repeat}; "
        f"incident: {short_nl(case.incident_at)}; sluiting: {'ja' if case.closure else 'nee'}")
    out(f"Feiten: {_facts_line(case)}; aanslagen op deze zaak: {case.attacks}")
    if linked:
        out(f"Zelfde incident ({case.incident_id}): " + ", ".join(
            f"{c.reference} ({c.object_type}, {c.street} {c.house_number})" for c in linked))
    region = view.playbook.municipality.region
    if region:
        out(f"Regio: {region.name}; {region.police_unit}; {region.prosecutor_office}; "
            f"{region.safety_region}")
    out(f"Fase: {view.phase_title}   Draaiboek {view.playbook.version} ({case.playbook_id[:12]})")
    for block in view.blocks:
        marker = " (huidige fase)" if block.current else ""
        out(f"\n{block.phase.order}. {block.phase.title}{marker}, ronde {block.round}")
        rows = []
        for i in block.items:
            status = STATUS_LABELS[i.status.value] + (" TE LAAT" if i.overdue else "")
            if i.reason:
                status += f" ({i.reason})"
            rows.append(
                [
                    i.step.id,
                    i.step.title,
                    status,
                    view.playbook.partner_name(i.step.partner),
                    "" if i.status == StepStatus.not_applicable else short_nl(i.due),
                    i.step.legal_basis or "",
                ]
            )
        out(table(rows, ["stap", "titel", "status", "wie", "uiterlijk", "grondslag"]))
    if view.persons:
        out("\nPersonen:")
        for p in view.persons:
            reliant = "zelfredzaam" if p.self_reliant else "NIET zelfredzaam"
            consent = ", toestemming SHN" if p.shn_consent else ""
            out(f"  - [{p.id}] {p.name} ({p.role}, {reliant}, spreekt "
                f"{language_name(p.language)}{consent})")
    steps = [i.step.id for i in view.blockers if not i.holding]
    if steps:
        out(f"\nNog open voor deze fase: {', '.join(steps)}")
    for held in (i for i in view.blockers if i.holding):  # a running measure, in words
        out(f"\n{held.running_text}")



def show(
    referentie: Reference,
    alles: Annotated[bool, typer.Option("--alles", help="Alle doorlopen fasen")] = False,
) -> None:
    """Toon fase, stappen met status, wie, uiterlijk, te laat en grondslag."""
    from playbook.cases.incidents import linked_cases

    with transaction() as session:
        case = get_case(session, referentie)
        print_overview(
            overview(session, case, now(), whole_case=alles), linked_cases(session, case)
        )



def list_cases(fase: Annotated[str | None, typer.Option()] = None) -> None:
    """Alle zaken, eventueel van één fase."""
    from sqlmodel import col, select

    with transaction() as session:
        query = select(Case).order_by(col(Case.id))
        visible = session.info.get(VISIBLE_KEY)
        if visible is not None:  # the operator is a registered account: its municipalities
            query = query.where(col(Case.municipality_code).in_(sorted(visible)))
        if fase:
            query = query.where(Case.phase == fase)
        rows = [[c.reference, c.phase, c.object_type, f"{c.street} {c.house_number}", c.postcode,
                 short_nl(c.incident_at)] for c in session.exec(query)]
    out(table(rows, ["zaak", "fase", "object", "adres", "postcode", "incident"]) if rows
        else "Geen zaken gevonden.")



def audit(
    referentie: Reference,
    csv_file: Annotated[Path | None, typer.Option("--csv", help="Schrijf ook naar CSV")] = None,
) -> None:
    """Toon het auditspoor (wie, wanneer, wat, oud -> nieuw, reden)."""
    with transaction() as session:
        events = audit_trail(session, get_case(session, referentie))
    rows = [[short_nl(e.at), e.actor, e.action, e.subject or "", e.old or "", e.new or "",
             e.reason or ""] for e in events]
    headers = ["wanneer", "wie", "wat", "onderwerp", "oud", "nieuw", "reden"]
    out(table(rows, headers))
    if csv_file:
        write_audit_csv(events, csv_file)



def due(
    gemeente: Annotated[str | None, typer.Option(help="CBS-code, bijv. GM0599")] = None,
) -> None:
    """Wat er openstaat met een termijn, over alle lopende zaken; te laat bovenaan."""
    moment = now()
    with transaction() as session:
        visible = session.info.get(VISIBLE_KEY)
        if visible is not None:  # a registered account: only what it may read
            codes = visible & {gemeente} if gemeente else visible
            items = due_items(session, moment, codes)
        else:
            items = due_items(session, moment, gemeente)
        rows = [
            [
                d.case.reference,
                d.phase_title,
                d.item.step.id,
                PARTNER_LABELS.get(d.item.step.partner, d.item.step.partner),
                short_nl(d.item.due),
                "TE LAAT" if d.item.overdue else "",
            ]
            for d in items
        ]
    out(table(rows, ["zaak", "fase", "stap", "wie", "uiterlijk", ""]) if rows
        else "Niets openstaand met een termijn.")
