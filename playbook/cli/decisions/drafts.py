"""Prepare a closure decision, a noodbevel, an extension or a lifting (`playbook besluit`)."""

from typing import Annotated, Any

import typer

from playbook.cli.common import UserOption, out
from playbook.cli.decision_options import (
    START,
    WEIGHING,
    DecisionId,
    Reference,
    Text,
    field_values,
    with_options,
)
from playbook.cli.decisions.calls import call, edit_command
from playbook.decisions import service
from playbook.decisions.drafting import DraftInput
from playbook.decisions.service import end_date, parse_draft
from playbook.validation import parse_date

# The options of a closure decision's draft, in the order --help lists them.
DRAFT = (
    "grond",
    "feiten",
    "ernst",
    "herhaling",
    "geschiktheid",
    "noodzaak",
    "afweging",
    "afweging_eigenaar",
    "huisvesting",
    "kinderen_aantal",
    "kinderen_leeftijden",
    "kinderen_school",
    "kinderen_effect",
    "duur",
    "motivering_duur",
    "motivering_boven_beleid",
    *START,
    "betredingsverbod",
    "toegang",
    "handhaving",
)


def _fields(options: dict[str, Any]) -> DraftInput:
    return parse_draft(field_values(options))


@with_options(
    DRAFT,
    duur=Annotated[int | None, typer.Option(help="dagen; geen standaard")],
    ingangsuur=Annotated[str | None, typer.Option(help="UU:MM")],
)
def new(referentie: Reference, gebruiker: UserOption = None, **options: Any) -> None:
    """Start een sluitingsbesluit; de grondslag volgt uit de vastgelegde feiten."""
    decision = call(service.draft, referentie, gebruiker, fields=_fields(options))
    out(
        f"Concept-sluitingsbesluit {decision.id} aangemaakt op zaak {referentie} "
        f"(grondslag: {decision.ground or 'nog geen passende'})."
    )


edit = with_options((*DRAFT, "zienswijze"))(
    edit_command(service.draft, parse_draft, "Vul een concept aan of wijzig het.")
)


@with_options(START)
def emergency(
    referentie: Reference,
    feiten: Annotated[str, typer.Option()],
    ernst: Annotated[str, typer.Option()],
    duur: Annotated[int, typer.Option()],
    motivering_duur: Annotated[str, typer.Option()],
    gebruiker: UserOption = None,
    **options: Any,
) -> None:
    """Een noodbevel (art. 175 Gemeentewet): direct, kort, gevolgd door 174a of beëindiging."""
    fields = _fields(
        {
            "feiten": feiten,
            "ernst": ernst,
            "duur": duur,
            "motivering_duur": motivering_duur,
            **options,
        }
    )
    decision = call(service.emergency_order, referentie, gebruiker, fields=fields)
    out(
        f"Concept-noodbevel (besluit {decision.id}) aangemaakt; vul het aan en neem het met "
        "'besluit neem'."
    )


@with_options((*WEIGHING, "afweging_eigenaar"))
def extend(
    referentie: Reference,
    besluit: DecisionId,
    duur: Annotated[int, typer.Option()],
    motivering_duur: Annotated[str, typer.Option()],
    herhaling: Annotated[str, typer.Option()],
    gebruiker: UserOption = None,
    **options: Any,
) -> None:
    """Bereid een verlenging voor; daarna altijd een nieuw voornemen en zienswijze."""
    fields = _fields(
        {"duur": duur, "motivering_duur": motivering_duur, "herhaling": herhaling, **options}
    )
    decision = call(service.extend, referentie, gebruiker, parent_id=besluit, fields=fields)
    out(
        f"Concept-verlengingsbesluit {decision.id} aangemaakt "
        f"(tot en met {end_date(decision)}); verstuur eerst een voornemen."
    )


def lift(
    referentie: Reference,
    besluit: DecisionId,
    reden: Annotated[str, typer.Option()],
    ingang: Text = None,
    gebruiker: UserOption = None,
) -> None:
    """Bereid de opheffing voor (standaard vandaag; tussen ingang en einde van de sluiting)."""
    effective = parse_date(ingang, "ingang")
    decision = call(
        service.lift, referentie, gebruiker, parent_id=besluit, reasons=reden, effective=effective
    )
    out(
        f"Concept-opheffingsbesluit {decision.id} per {decision.start_date}; "
        "neem het met 'besluit neem'."
    )


def end(
    referentie: Reference,
    besluit: DecisionId,
    reden: Annotated[str, typer.Option()],
    gebruiker: UserOption = None,
) -> None:
    """Beëindig een noodbevel (gevaar geweken, of opgevolgd door een 174a-besluit)."""
    call(service.end_emergency_order, referentie, gebruiker, decision_id=besluit, reason=reden)
    out(f"Noodbevel {besluit} beëindigd.")
