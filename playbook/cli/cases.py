"""`playbook zaak ...` and `playbook termijnen`: register and work cases."""

from pathlib import Path
from typing import Annotated

import typer

from playbook.cases import repeats, service
from playbook.cases.export import write_audit_csv
from playbook.cases.intake import FIELD_LABELS, PersonIntake, parse_intake
from playbook.cases.overview import CaseOverview, audit_trail, due_items, overview
from playbook.cases.repository import get_case, pinned_playbook
from playbook.cli import case_facts
from playbook.cli.common import UserOption, actor, now, out, table, transaction
from playbook.config import get_settings
from playbook.definition.enums import PARTNER_LABELS, StepStatus
from playbook.definition.loader import load_from_settings
from playbook.definition.municipalities import municipalities
from playbook.documents.formatting import short_nl
from playbook.errors import InvalidInput
from playbook.storage.tables import Case
from playbook.users.scope import OWN_KEY, VISIBLE_KEY

app = typer.Typer(help="Zaken registreren en afhandelen.", no_args_is_help=True)

Reference = Annotated[str, typer.Argument(help="Zaaknummer, bijv. GM9999-2026-0001")]
GemeenteOption = Annotated[str | None, typer.Option(
    help="CBS-code van de gemeente (standaard: de standaardgemeente van deze installatie)")]
VersionOption = Annotated[
    int | None, typer.Option("--versie", help="Versie van de zaak die u zag (conflictcontrole)")
]

_PERSON_KEYS = {label: field for field, label in FIELD_LABELS.items()}


def parse_person(spec: str) -> dict[str, str]:
    """'naam=Fatima B.;rol=bewoner;zelfredzaam=nee;taal=ar' -> intake fields."""
    result = {}
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        key, sep, value = part.partition("=")
        field = _PERSON_KEYS.get(key.strip().lower())
        if not sep or field is None or field not in PersonIntake.model_fields:
            known = ", ".join(FIELD_LABELS[f] for f in PersonIntake.model_fields)
            raise InvalidInput(
                [f"persoon: '{part}' begrijp ik niet; gebruik sleutel=waarde met {known}"]
            )
        result[field] = value.strip()
    return result


@app.command("nieuw")
def create(
    straat: Annotated[str | None, typer.Option()] = None,
    huisnummer: Annotated[str | None, typer.Option()] = None,
    toevoeging: Annotated[str | None, typer.Option()] = None,
    postcode: Annotated[str | None, typer.Option()] = None,
    plaats: Annotated[str | None, typer.Option()] = None,
    objecttype: Annotated[
        str | None, typer.Option(help="woning, bedrijfspand, voertuig of overig")
    ] = None,
    soort: Annotated[
        str | None, typer.Option(help="dreiging, aanslag, poging of aantreffen-explosief")
    ] = None,
    tijdstip: Annotated[str | None, typer.Option(help="JJJJ-MM-DD UU:MM, Nederlandse tijd")] = None,
    schade: Annotated[str | None, typer.Option()] = None,
    gewonden: Annotated[str, typer.Option()] = "0",
    publiek: Annotated[str, typer.Option("--publiek-toegankelijk", help="ja/nee")] = "nee",
    ontheemd: Annotated[
        str | None,
        typer.Option(
            help="ja/nee: bewoners kunnen vannacht niet thuis "
            "slapen (standaard ja bij woning of gemengd pand)"
        ),
    ] = None,
    bij_woning: Annotated[
        str,
        typer.Option(
            "--voertuig-bij-woning", help="ja/nee: voertuig stond bij de woning van het doelwit"
        ),
    ] = "nee",
    kinderen: Annotated[
        str, typer.Option("--kinderen", help="ja/nee: kinderen in het huishouden")
    ] = "nee",
    eigendom: Annotated[
        str | None, typer.Option(help="koop, sociale-huur of particuliere-huur")
    ] = None,
    gemengd: Annotated[
        str, typer.Option("--gemengd-pand", help="ja/nee: bijv. winkel met woningen erboven")
    ] = "nee",
    bedrijfssoort: Annotated[str | None, typer.Option(help="winkel, horeca of overig")] = None,
    publiek_gebouw: Annotated[str, typer.Option("--publiek-gebouw", help="ja/nee")] = "nee",
    betrokken: Annotated[
        str, typer.Option("--bewoner-betrokken", help="ja/nee: bewoner is zelf overtreder")
    ] = "nee",
    eerdere: Annotated[
        str, typer.Option("--eerdere-aanslagen", help="aanslagen op dit adres vóór deze zaak")
    ] = "0",
    incident: Annotated[
        str | None,
        typer.Option(
            "--zelfde-incident-als",
            help="zaaknummer van een adres of voertuig geraakt door dezelfde explosie",
        ),
    ] = None,
    persoon: Annotated[
        list[str] | None,
        typer.Option(
            help="naam=..;rol=..;zelfredzaam=ja/nee;taal=nl;contact=..;geboortedatum=JJJJ-MM-DD"
        ),
    ] = None,
    bag_id: Annotated[
        str | None, typer.Option("--bag-id", help="BAG-id van het verblijfsobject (16 cijfers)")
    ] = None,
    bevestig: Annotated[
        bool,
        typer.Option(
            "--bevestig-herhaling",
            help="eerdere zaken op dit adres, pand of tegen deze persoon koppelen "
            "en als herhaling behandelen",
        ),
    ] = False,
    gemeente: GemeenteOption = None,
    gebruiker: UserOption = None,
) -> None:
    """Registreer een incident (dreiging of aanslag) als nieuwe zaak."""
    moment = now()
    data = {
        "street": straat, "house_number": huisnummer, "house_suffix": toevoeging,
        "postcode": postcode, "city": plaats, "object_type": objecttype, "incident_kind": soort,
        "occurred_at": tijdstip, "damage": schade, "injured": gewonden,
        "publicly_accessible": publiek, "residents_displaced": ontheemd,
        "vehicle_at_home": bij_woning, "household_children": kinderen, "tenure": eigendom,
        "mixed_use": gemengd, "business_kind": bedrijfssoort, "public_building": publiek_gebouw,
        "occupant_involved": betrokken, "earlier_attacks": eerdere, "incident_with": incident,
        "persons": [parse_person(p) for p in persoon or []], "bag_id": bag_id,
    }
    intake = parse_intake({k: v for k, v in data.items() if v is not None}, moment)
    loaded = municipalities()  # every municipality file checked before anything is stored
    try:
        with transaction() as session:
            # Default: the operator's own municipality (a registered account), else the instance's.
            code = gemeente or session.info.get(OWN_KEY)
            playbook = (
                loaded.get(code.strip().upper()).playbook if code else loaded.default.playbook
            )
            case, created, matches = repeats.register_case(
                session=session, intake=intake, playbook=playbook, actor=actor(gebruiker),
                now=moment, repeat_window_days=get_settings().repeat_window_days,
                confirmed=bevestig,
            )
            reference, phase = case.reference, case.phase
    except repeats.RepeatFound as exc:
        out("Mogelijke herhaling: er zijn eerdere zaken gevonden. Er is nog niets opgeslagen.")
        for line in exc.problems or []:
            out(f"- {line}")
        out("Bekijk ze en herhaal de opdracht met --bevestig-herhaling om te koppelen.")
        raise typer.Exit(3) from None
    if created:
        out(
            f"Zaak {reference} aangemaakt voor {intake.address}; "
            f"fase: {playbook.phase_title(phase)}."
        )
        for m in matches:
            out(f"Gekoppeld als herhaling: {m.describe()}")
    else:
        out(f"Herhaalde aanslag: bestaande zaak {reference} op dit adres is bijgewerkt en staat nu "
            f"in fase '{playbook.phase_title(phase)}'.")


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
            status = i.status.value + (" TE LAAT" if i.overdue else "")
            if i.reason:
                status += f" ({i.reason})"
            rows.append(
                [
                    i.step.id,
                    i.step.title,
                    status,
                    view.playbook.partner_name(i.step.partner),
                    short_nl(i.due),
                    i.step.legal_basis or "",
                ]
            )
        out(table(rows, ["stap", "titel", "status", "wie", "uiterlijk", "grondslag"]))
    if view.persons:
        out("\nPersonen:")
        for p in view.persons:
            reliant = "zelfredzaam" if p.self_reliant else "NIET zelfredzaam"
            consent = ", toestemming SHN" if p.shn_consent else ""
            out(f"  - [{p.id}] {p.name} ({p.role}, {reliant}, taal {p.language}{consent})")
    if view.blockers:
        out(f"\nNog open voor deze fase: {', '.join(i.step.id for i in view.blockers)}")


@app.command("toon")
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


@app.command("lijst")
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


@app.command("stap")
def step(
    referentie: Reference,
    stap: Annotated[str, typer.Argument(help="Id van de stap")],
    afgerond: Annotated[bool, typer.Option("--afgerond")] = False,
    overslaan: Annotated[bool, typer.Option("--overslaan")] = False,
    heropenen: Annotated[bool, typer.Option("--heropenen")] = False,
    reden: Annotated[str | None, typer.Option()] = None,
    versie: VersionOption = None,
    gebruiker: UserOption = None,
) -> None:
    """Zet een stap op afgerond, overgeslagen (met --reden) of weer open."""
    chosen = [s for flag, s in ((afgerond, StepStatus.done), (overslaan, StepStatus.skipped),
                                (heropenen, StepStatus.open)) if flag]
    if len(chosen) != 1:
        raise InvalidInput(["kies precies één van --afgerond, --overslaan of --heropenen"])
    with transaction() as session:
        case = service.set_step(session=session, reference=referentie, step_id=stap,
                                status=chosen[0], reason=reden, actor=actor(gebruiker), now=now(),
                                expected_version=versie)
        out(f"Zaak {case.reference}: stap '{stap}' staat op {chosen[0].value}.")


@app.command("volgende")
def advance(
    referentie: Reference, versie: VersionOption = None, gebruiker: UserOption = None
) -> None:
    """Sluit de huidige fase af en ga naar de volgende \
(alleen als alle verplichte stappen klaar zijn)."""
    with transaction() as session:
        case = service.advance(session=session, reference=referentie, actor=actor(gebruiker),
                               now=now(), expected_version=versie)
        title = pinned_playbook(session, case).phase_title(case.phase)
        out(f"Zaak {case.reference} staat nu in fase '{title}'.")


app.command("aanslag")(case_facts.attack)
app.command("feiten")(case_facts.facts)
app.command("moment")(case_facts.moment)


@app.command("persoon")
def person(
    referentie: Reference,
    persoon: Annotated[str, typer.Argument(help="naam=..;rol=..;...")],
    gebruiker: UserOption = None,
) -> None:
    """Voeg een persoon toe (doelwit, bewoner, omwonende, getuige)."""
    from pydantic import ValidationError

    from playbook.validation import describe_errors

    try:
        intake = PersonIntake.model_validate(parse_person(persoon))
    except ValidationError as exc:
        raise InvalidInput(describe_errors(exc, lambda loc: " ".join(
            FIELD_LABELS.get(str(p), str(p)) for p in loc))) from None
    with transaction() as session:
        case = get_case(session, referentie)
        service.add_person(session, case, intake, actor(gebruiker), now())
        out(f"{intake.name} toegevoegd aan zaak {case.reference}.")


@app.command("toestemming")
def consent(referentie: Reference, persoon: Annotated[int, typer.Argument(help="persoon-id")],
            gebruiker: UserOption = None) -> None:
    """Leg toestemming vast voor doorverwijzing naar Slachtofferhulp Nederland."""
    with transaction() as session:
        person = service.record_consent(session=session, reference=referentie, person_id=persoon,
                                        actor=actor(gebruiker), now=now())
        out(f"Toestemming van {person.name} vastgelegd.")


@app.command("audit")
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


@app.command("checklist")
def make_checklist(
    referentie: Reference,
    alles: Annotated[
        bool, typer.Option("--alles", help="Hele zaak in plaats van huidige fase")
    ] = False,
    uitvoer: Annotated[Path | None, typer.Option()] = None,
    gebruiker: UserOption = None,
) -> None:
    """Maak de checklist als PDF/A (huidige fase of hele zaak) en leg hem vast."""
    from playbook.documents.service import make_checklist as render

    folder = uitvoer or get_settings().output_dir
    folder.mkdir(parents=True, exist_ok=True)
    with transaction() as session:
        doc = render(session=session, reference=referentie, whole_case=alles,
                     actor=actor(gebruiker), now=now())
        path = folder / doc.filename
        path.write_bytes(doc.content)
    out(f"Checklist geschreven: {path} (sha256 {doc.sha256[:16]}…)")


@app.command("migreer")
def migrate(referentie: Reference, reden: Annotated[str, typer.Option()],
            gebruiker: UserOption = None) -> None:
    """Zet een lopende zaak over op de huidige draaiboekversie (expliciet en geaudit)."""
    municipalities()  # parsed and checked before the write transaction starts
    with transaction() as session:
        playbook = load_from_settings(get_case(session, referentie).municipality_code)
        case = service.migrate_playbook(session=session, reference=referentie, playbook=playbook,
                                        actor=actor(gebruiker), now=now(), reason=reden)
        out(
            f"Zaak {case.reference} gebruikt nu draaiboek {playbook.version} "
            f"({case.playbook_id[:12]})."
        )


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
