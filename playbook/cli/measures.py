"""`playbook maatregel ...`: cameratoezicht (art. 151c Gemeentewet), gebiedsverbod (art. 172a
Gemeentewet) and a closure under art. 13b Opiumwet as decisions. Voornemen, spoed, zienswijze,
nemen, bekendmaking and bezwaar are the decision commands (`playbook besluit ...`,
`playbook bezwaar ...`): a measure is a decision with the same lifecycle."""

from pathlib import Path
from typing import Annotated, Any

import typer

from playbook.cases.repository import get_case
from playbook.cli.common import UserOption, now, out, transaction
from playbook.cli.decision_options import (
    START,
    WEIGHING,
    DecisionId,
    Reference,
    field_values,
    with_options,
)
from playbook.cli.decisions.calls import call, edit_command
from playbook.deadlines import format_date_nl
from playbook.decisions import measures
from playbook.decisions.common import deadlines, get_decision
from playbook.decisions.measures_map import MAX_BYTES
from playbook.errors import InvalidInput
from playbook.validation import parse_date, required_date

app = typer.Typer(
    help="Cameratoezicht, gebiedsverbod en sluiting (art. 13b Opiumwet) voorbereiden; nemen en "
    "bekendmaken gaat met 'playbook besluit'.",
    no_args_is_help=True,
)

# The options of a measure's draft, in the order --help lists them.
_COMMON = (
    *WEIGHING,
    "duur",
    "motivering_duur",
    "kinderen_aantal",
    "kinderen_leeftijden",
    "kinderen_effect",
    *START,
)
_MEASURE = (
    "gebied",
    "kaart",
    "einde",
    "machtiging_raad",
    "bewaartermijn",
    "evaluatie_datum",
    "evaluatie_wijze",
    "publicatie",
    "persoon",
    "naam",
    "adres",
    "leidende_rol",
    "vrees",
    "waarschuwing",
    "geen_waarschuwing",
    "middelen",
    "lijst",
    "handelshoeveelheid",
    "handel_vanuit_pand",
    "voorbereiding",
    "verwijtbaarheid",
    "aanpassingen",
    "gevolgen",
    "eerste_overtreding",
    "damocles_waarschuwing",
)
DRAFT = (*_COMMON, *_MEASURE)
EDIT = (*_COMMON, "zienswijze", *_MEASURE)


def _fields(options: dict[str, Any]) -> measures.MeasureInput:
    return measures.parse_measure(field_values(options))


@app.command("nieuw")
@with_options(
    DRAFT,
    bewaartermijn=Annotated[int | None, typer.Option(help="dagen; hoogstens 28")],
    lijst=Annotated[str | None, typer.Option(help="I, II of 'I en II'")],
)
def new(
    soort: Annotated[str, typer.Argument(help="cameratoezicht, gebiedsverbod of sluiting-13b")],
    referentie: Reference,
    gebruiker: UserOption = None,
    **options: Any,
) -> None:
    """Start een maatregel als besluit; vul het aan met 'maatregel wijzig'."""
    decision = call(measures.draft, referentie, gebruiker, kind=soort, fields=_fields(options))
    out(
        f"Concept {measures.KIND_NAMES[decision.kind]} (besluit {decision.id}) aangemaakt "  # type: ignore[index]
        f"op zaak {referentie}."
    )


app.command("wijzig")(
    with_options(EDIT)(
        edit_command(
            measures.draft,
            measures.parse_measure,
            "Vul een concept-maatregel aan of wijzig het.",
            kind="",
        )
    )
)


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
    call(
        measures.record_incident,
        referentie,
        gebruiker,
        decision_id=besluit,
        occurred_on=on,
        description=omschrijving,
        source=bron,
    )
    out(f"Verstoring van {on.isoformat()} vastgelegd bij besluit {besluit}.")


@app.command("kaart")
def attach_map(
    referentie: Reference,
    besluit: DecisionId,
    bestand: Annotated[Path, typer.Argument(help="De kaart als PNG of JPEG")],
    gebruiker: UserOption = None,
) -> None:
    """Voeg de kaart toe die de brief als bijlage meestuurt (gebiedsverbod, cameratoezicht)."""
    try:
        with bestand.open("rb") as source:
            content = source.read(MAX_BYTES + 1)  # one byte more: a bigger file is refused
    except OSError:
        raise InvalidInput([f"bestand: '{bestand.name}' bestaat niet of kan niet worden "
                            "gelezen"]) from None
    call(measures.attach_map, referentie, gebruiker, decision_id=besluit, content=content,
         filename=bestand.name)
    out(f"Kaart {bestand.name} toegevoegd aan besluit {besluit}.")


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
    decision = call(
        measures.extend, referentie, gebruiker, decision_id=besluit, end_date=end, reasons=reden
    )
    out(
        f"Verlenging (besluit {decision.id}) voorbereid: {decision.start_date} tot en met "
        f"{end.isoformat()}."
    )


@app.command("ophef")
def lift(
    referentie: Reference,
    besluit: DecisionId,
    reden: Annotated[str, typer.Option(help="waarom de maatregel niet langer nodig is")],
    ingang: Annotated[str | None, typer.Option(help="JJJJ-MM-DD; standaard vandaag")] = None,
    gebruiker: UserOption = None,
) -> None:
    """Hef een gebiedsverbod of 13b-sluiting op, of trek cameratoezicht in, vóór het einde;
    daarna nemen en bekendmaken met 'playbook besluit' (geen voornemen nodig)."""
    effective = parse_date(ingang, "ingang")
    decision = call(
        measures.lift,
        referentie,
        gebruiker,
        decision_id=besluit,
        reasons=reden,
        effective=effective,
    )
    out(
        f"Opheffing (besluit {decision.id}) voorbereid met ingang van "
        f"{format_date_nl(decision.start_date)}; neem het met 'besluit neem'."  # type: ignore[arg-type]
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
