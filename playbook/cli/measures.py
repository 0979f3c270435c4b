"""`playbook maatregel ...`: cameratoezicht (art. 151c Gemeentewet), gebiedsverbod (art. 172a
Gemeentewet) and a closure under art. 13b Opiumwet as decisions. Voornemen, spoed, zienswijze,
nemen, bekendmaking and bezwaar are the decision commands (`playbook besluit ...`,
`playbook bezwaar ...`): a measure is a decision with the same lifecycle."""

from typing import Annotated, Any

import typer

from playbook.cases.repository import get_case
from playbook.cli.common import UserOption, actor, now, out, transaction
from playbook.cli.decision_options import (
    START,
    WEIGHING,
    DecisionId,
    Reference,
    Version,
    field_values,
    with_options,
)
from playbook.decisions import measures
from playbook.decisions.common import deadlines, get_decision
from playbook.validation import required_date

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
    with transaction() as session:
        decision = measures.draft(
            session=session,
            reference=referentie,
            kind=soort,
            fields=_fields(options),
            actor=actor(gebruiker),
            now=now(),
        )
        out(
            f"Concept {measures.KIND_NAMES[decision.kind]} (besluit {decision.id}) aangemaakt "  # type: ignore[index]
            f"op zaak {referentie}."
        )


@app.command("wijzig")
@with_options(EDIT)
def edit(
    referentie: Reference,
    besluit: DecisionId,
    versie: Version = None,
    gebruiker: UserOption = None,
    **options: Any,
) -> None:
    """Vul een concept-maatregel aan of wijzig het."""
    with transaction() as session:
        measures.draft(
            session=session,
            reference=referentie,
            kind="",
            fields=_fields(options),
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
