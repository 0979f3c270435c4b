"""`playbook maatregel ...`: cameratoezicht (art. 151c Gemeentewet), gebiedsverbod (art. 172a
Gemeentewet) and a closure under art. 13b Opiumwet as decisions. Voornemen, spoed, zienswijze,
nemen, bekendmaking and bezwaar are the decision commands (`playbook besluit ...`,
`playbook bezwaar ...`): a measure is a decision with the same lifecycle."""

from typing import Annotated, Any

import typer

from playbook.cases.repository import get_case
from playbook.cli.common import UserOption, actor, now, out, transaction, yes_no
from playbook.decisions import measures
from playbook.decisions.common import deadlines, get_decision
from playbook.validation import required_date

app = typer.Typer(
    help="Cameratoezicht, gebiedsverbod en sluiting (art. 13b Opiumwet) voorbereiden; nemen en "
    "bekendmaken gaat met 'playbook besluit'.",
    no_args_is_help=True,
)

Reference = Annotated[str, typer.Argument(help="Zaaknummer")]
DecisionId = Annotated[int, typer.Argument(help="Nummer van het besluit")]
Text = Annotated[str | None, typer.Option()]
Number = Annotated[int | None, typer.Option()]
YesNo = Annotated[str | None, typer.Option(help="ja of nee")]

# CLI option -> field of MeasureInput.
OPTIONS = {
    "feiten": "facts",
    "ernst": "seriousness",
    "geschiktheid": "suitability",
    "noodzaak": "necessity",
    "afweging": "balance",
    "duur": "duration_days",
    "motivering_duur": "duration_reasons",
    "kinderen_aantal": "children_count",
    "kinderen_leeftijden": "children_ages",
    "kinderen_effect": "children_effect",
    "ingang": "start_date",
    "ingangsuur": "start_time",
    "zienswijze": "hearing_outcome",
    "gebied": "area",
    "kaart": "map_reference",
    "einde": "end_date",
    "machtiging_raad": "council_basis",
    "bewaartermijn": "retention_days",
    "evaluatie_datum": "evaluation_on",
    "evaluatie_wijze": "evaluation_how",
    "publicatie": "publication",
    "persoon": "person_id",
    "naam": "person_name",
    "leidende_rol": "leading_role",
    "vrees": "fear_of_further",
    "waarschuwing": "warning_on",
    "geen_waarschuwing": "no_warning_reason",
    "middelen": "substances",
    "lijst": "substance_list",
    "handelshoeveelheid": "trading_quantity",
    "handel_vanuit_pand": "dealing_from_premises",
    "voorbereiding": "preparatory_acts",
    "verwijtbaarheid": "blameworthiness",
    "aanpassingen": "adaptations",
    "gevolgen": "consequences",
    "eerste_overtreding": "first_offence",
    "damocles_waarschuwing": "damocles_warning_on",
}
BOOLEANS = (
    "leidende_rol",
    "handelshoeveelheid",
    "handel_vanuit_pand",
    "voorbereiding",
    "eerste_overtreding",
)


def _fields(values: dict[str, Any]) -> measures.MeasureInput:
    data = {}
    for key, value in values.items():
        if key in OPTIONS and value is not None:
            data[OPTIONS[key]] = yes_no(value, key.replace("_", "-")) if key in BOOLEANS else value
    return measures.parse_measure(data)


@app.command("nieuw")
def new(
    soort: Annotated[str, typer.Argument(help="cameratoezicht, gebiedsverbod of sluiting-13b")],
    referentie: Reference,
    feiten: Text = None,
    ernst: Text = None,
    geschiktheid: Text = None,
    noodzaak: Text = None,
    afweging: Text = None,
    duur: Number = None,
    motivering_duur: Text = None,
    kinderen_aantal: Number = None,
    kinderen_leeftijden: Text = None,
    kinderen_effect: Text = None,
    ingang: Text = None,
    ingangsuur: Text = None,
    gebied: Text = None,
    kaart: Text = None,
    einde: Text = None,
    machtiging_raad: Text = None,
    bewaartermijn: Annotated[int | None, typer.Option(help="dagen; hoogstens 28")] = None,
    evaluatie_datum: Text = None,
    evaluatie_wijze: Text = None,
    publicatie: Text = None,
    persoon: Number = None,
    naam: Text = None,
    leidende_rol: YesNo = None,
    vrees: Text = None,
    waarschuwing: Text = None,
    geen_waarschuwing: Text = None,
    middelen: Text = None,
    lijst: Annotated[str | None, typer.Option(help="I, II of 'I en II'")] = None,
    handelshoeveelheid: YesNo = None,
    handel_vanuit_pand: YesNo = None,
    voorbereiding: YesNo = None,
    verwijtbaarheid: Text = None,
    aanpassingen: Text = None,
    gevolgen: Text = None,
    eerste_overtreding: YesNo = None,
    damocles_waarschuwing: Text = None,
    gebruiker: UserOption = None,
) -> None:
    """Start een maatregel als besluit; vul het aan met 'maatregel wijzig'."""
    fields = _fields(dict(locals()))
    with transaction() as session:
        decision = measures.draft(
            session=session,
            reference=referentie,
            kind=soort,
            fields=fields,
            actor=actor(gebruiker),
            now=now(),
        )
        out(
            f"Concept {measures.KIND_NAMES[decision.kind]} (besluit {decision.id}) aangemaakt "  # type: ignore[index]
            f"op zaak {referentie}."
        )


@app.command("wijzig")
def edit(
    referentie: Reference,
    besluit: DecisionId,
    feiten: Text = None,
    ernst: Text = None,
    geschiktheid: Text = None,
    noodzaak: Text = None,
    afweging: Text = None,
    duur: Number = None,
    motivering_duur: Text = None,
    kinderen_aantal: Number = None,
    kinderen_leeftijden: Text = None,
    kinderen_effect: Text = None,
    ingang: Text = None,
    ingangsuur: Text = None,
    zienswijze: Text = None,
    gebied: Text = None,
    kaart: Text = None,
    einde: Text = None,
    machtiging_raad: Text = None,
    bewaartermijn: Number = None,
    evaluatie_datum: Text = None,
    evaluatie_wijze: Text = None,
    publicatie: Text = None,
    persoon: Number = None,
    naam: Text = None,
    leidende_rol: YesNo = None,
    vrees: Text = None,
    waarschuwing: Text = None,
    geen_waarschuwing: Text = None,
    middelen: Text = None,
    lijst: Text = None,
    handelshoeveelheid: YesNo = None,
    handel_vanuit_pand: YesNo = None,
    voorbereiding: YesNo = None,
    verwijtbaarheid: Text = None,
    aanpassingen: Text = None,
    gevolgen: Text = None,
    eerste_overtreding: YesNo = None,
    damocles_waarschuwing: Text = None,
    versie: Annotated[int | None, typer.Option("--versie")] = None,
    gebruiker: UserOption = None,
) -> None:
    """Vul een concept-maatregel aan of wijzig het."""
    fields = _fields(dict(locals()))
    with transaction() as session:
        measures.draft(
            session=session,
            reference=referentie,
            kind="",
            fields=fields,
            decision_id=besluit,
            actor=actor(gebruiker),
            now=now(),
            expected_version=versie,
        )
        out(f"Besluit {besluit} bijgewerkt.")


@app.command("verstoring")
def incident(
    referentie: Reference,
    besluit: DecisionId,
    datum: Annotated[str, typer.Option(help="JJJJ-MM-DD")],
    omschrijving: Annotated[str, typer.Option()],
    bron: Annotated[str, typer.Option(help="bijv. politiemutatie")],
    gebruiker: UserOption = None,
) -> None:
    """Leg een verstoring van de openbare orde door de betrokkene vast (art. 172a lid 1)."""
    on = required_date(datum, "datum")
    with transaction() as session:
        measures.record_incident(
            session=session,
            reference=referentie,
            decision_id=besluit,
            occurred_on=on,
            description=omschrijving,
            source=bron,
            actor=actor(gebruiker),
            now=now(),
        )
        out(f"Verstoring van {on.isoformat()} vastgelegd bij besluit {besluit}.")


@app.command("controleer")
def check(referentie: Reference, besluit: DecisionId) -> None:
    """Toon wat nog ontbreekt voordat de maatregel genomen kan worden."""
    with transaction() as session:
        missing = measures.check(
            session=session, reference=referentie, decision_id=besluit, now=now()
        )
    if not missing:
        out(f"Besluit {besluit} is compleet.")
        return
    out(f"Besluit {besluit}: dit ontbreekt nog:")
    for line in missing:
        out(f"- {line}")
    raise typer.Exit(1)


@app.command("verleng")
def extend(
    referentie: Reference,
    besluit: DecisionId,
    tot: Annotated[str, typer.Option(help="JJJJ-MM-DD, laatste dag (hoogstens 3 maanden)")],
    reden: Annotated[str, typer.Option()],
    gebruiker: UserOption = None,
) -> None:
    """Verleng een gebiedsverbod (hoogstens driemaal, art. 172a lid 4); daarna een nieuw
    voornemen of spoed, nemen en bekendmaken."""
    end = required_date(tot, "tot")
    with transaction() as session:
        decision = measures.extend(
            session=session,
            reference=referentie,
            decision_id=besluit,
            end_date=end,
            reasons=reden,
            actor=actor(gebruiker),
            now=now(),
        )
        out(
            f"Verlenging (besluit {decision.id}) voorbereid: {decision.start_date} tot en met "
            f"{end.isoformat()}."
        )


@app.command("termijnen")
def terms(referentie: Reference, besluit: DecisionId) -> None:
    """Toon de termijnen van de maatregel: bezwaar, einde, verlenging, evaluatie."""
    with transaction() as session:
        decision = get_decision(session, get_case(session, referentie), besluit)
        found = deadlines(decision, session)
    if not found:
        out(f"Besluit {besluit} heeft nog geen termijnen.")
    for term in found:
        out(f"{term.label}: {term.end.isoformat()}")
