"""`playbook huishouden ...` and `playbook ronde ...`: the household of the premises, housing
offers, and the facts of the current round (conduct, weapon, threat assessment)."""

from typing import Annotated

import typer

from playbook.cases import persons
from playbook.cases.intake import PersonIntake
from playbook.cli.common import UserOption, actor, now, out, transaction, yes_no
from playbook.errors import InvalidInput
from playbook.information import facts
from playbook.validation import describe_errors, parse_date

household = typer.Typer(
    help="Het huishouden: personen met geboortedatum en vervangende woonruimte.",
    no_args_is_help=True,
)
rounds = typer.Typer(
    help="Feiten van de huidige ronde: gedragingen, wapen, dreigingsinschatting.",
    no_args_is_help=True,
)
Reference = Annotated[str, typer.Argument(help="Zaaknummer")]


@household.command("persoon")
def add_person(
    referentie: Reference,
    naam: Annotated[str, typer.Option()],
    rol: Annotated[str, typer.Option(help="bewoner, doelwit, belanghebbende, ...")],
    relatie: Annotated[
        str | None, typer.Option(help="bewoner, eigenaar, verhuurder, woningcorporatie, ...")
    ] = None,
    geboortedatum: Annotated[str | None, typer.Option(help="JJJJ-MM-DD")] = None,
    leeftijd: Annotated[int | None, typer.Option()] = None,
    zelfredzaam: Annotated[str, typer.Option()] = "ja",
    gebruiker: UserOption = None,
) -> None:
    """Voeg een persoon toe (een kind is een persoon met geboortedatum)."""
    from pydantic import ValidationError

    try:
        person = PersonIntake.model_validate(
            {
                "name": naam,
                "role": rol,
                "relation": relatie,
                "birth_date": geboortedatum,
                "age": leeftijd,
                "self_reliant": zelfredzaam,
            }
        )
    except ValidationError as exc:
        raise InvalidInput(describe_errors(exc, lambda loc: str(loc[0]))) from None
    with transaction() as session:
        row = persons.add(
            session=session, reference=referentie, person=person, actor=actor(gebruiker), now=now()
        )
        out(f"Persoon {row.id} ({row.name}) toegevoegd.")


@household.command("huisvesting")
def housing(
    referentie: Reference,
    uitkomst: Annotated[str, typer.Option(help="aangeboden, aanvaard of geweigerd")],
    omschrijving: Annotated[str, typer.Option()],
    datum: Annotated[str, typer.Option()],
    persoon: Annotated[int | None, typer.Option()] = None,
    gebruiker: UserOption = None,
) -> None:
    """Leg vast dat vervangende woonruimte is aangeboden (of geweigerd)."""
    with transaction() as session:
        persons.record_housing(
            session=session,
            reference=referentie,
            outcome=uitkomst,
            description=omschrijving,
            offered_on=parse_date(datum, "datum"),  # type: ignore[arg-type]
            person_id=persoon,
            actor=actor(gebruiker),
            now=now(),
        )
    out("Vervangende woonruimte vastgelegd.")


@rounds.command("feiten")
def round_facts(
    referentie: Reference,
    gedragingen: Annotated[str, typer.Option(help="ja: gedragingen in of vanuit het pand")],
    wapen: Annotated[str, typer.Option(help="ja: wapen of munitie (art. 2 Wwm)")] = "nee",
    omschrijving: Annotated[str | None, typer.Option()] = None,
    gebruiker: UserOption = None,
) -> None:
    """Leg de feiten van deze ronde vast die de grondslag bepalen (art. 174a lid 1 a en c)."""
    with transaction() as session:
        facts.record_round_facts(
            session=session,
            reference=referentie,
            conduct_in_premises=bool(yes_no(gedragingen, "gedragingen")),
            weapon_found=bool(yes_no(wapen, "wapen")),
            conduct_description=omschrijving,
            actor=actor(gebruiker),
            now=now(),
        )
    out("Feiten van deze ronde vastgelegd.")


@rounds.command("dreiging")
def threat(
    referentie: Reference,
    datum: Annotated[str, typer.Option()],
    inschatting: Annotated[str, typer.Option()],
    bron: Annotated[str, typer.Option()] = "politie",
    gebruiker: UserOption = None,
) -> None:
    """Leg een dreigingsinschatting vast (nodig voor grond b en voor elke verlenging)."""
    with transaction() as session:
        facts.record_threat_assessment(
            session=session,
            reference=referentie,
            assessed_on=parse_date(datum, "datum"),  # type: ignore[arg-type]
            assessment=inschatting,
            source=bron,
            actor=actor(gebruiker),
            now=now(),
        )
    out("Dreigingsinschatting vastgelegd.")


@household.command("wijzig")
def update_person(referentie: Reference, persoon: Annotated[int, typer.Argument(help="persoon-id")],
                  geboortedatum: Annotated[str | None, typer.Option(help="JJJJ-MM-DD")] = None,
                  leeftijd: Annotated[int | None, typer.Option()] = None,
                  relatie: Annotated[str | None,
                                     typer.Option(help="bewoner, eigenaar, ...")] = None,
                  zelfredzaam: Annotated[str | None, typer.Option()] = None,
                  gebruiker: UserOption = None) -> None:
    """Vul geboortedatum, leeftijd, relatie tot het pand of zelfredzaamheid van een persoon aan."""
    from playbook.decisions.household import Relation

    try:
        relation = Relation(relatie) if relatie else None
    except ValueError:
        choices = ", ".join(r.value for r in Relation)
        raise InvalidInput([f"relatie: '{relatie}' is onbekend; kies {choices}"]) from None
    with transaction() as session:
        row = persons.update(session=session, reference=referentie, person_id=persoon,
                             birth_date=parse_date(geboortedatum, "geboortedatum"), age=leeftijd,
                             relation=relation, self_reliant=yes_no(zelfredzaam, "zelfredzaam"),
                             actor=actor(gebruiker), now=now())
        out(f"Persoon {row.id} ({row.name}) bijgewerkt.")
