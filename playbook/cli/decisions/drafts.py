"""Prepare a closure decision, a noodbevel, an extension or a lifting (`playbook besluit`)."""

from typing import Annotated, Any

import typer

from playbook.cli.common import UserOption, actor, now, out, transaction
from playbook.cli.decision_options import (
    START,
    WEIGHING,
    DecisionId,
    Reference,
    Text,
    Version,
    field_values,
    with_options,
)
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
    with transaction() as session:
        decision = service.draft(
            session=session,
            reference=referentie,
            fields=_fields(options),
            actor=actor(gebruiker),
            now=now(),
        )
        out(
            f"Concept-sluitingsbesluit {decision.id} aangemaakt op zaak {referentie} "
            f"(grondslag: {decision.ground or 'nog geen passende'})."
        )


@with_options((*DRAFT, "zienswijze"))
def edit(
    referentie: Reference,
    besluit: DecisionId,
    versie: Version = None,
    gebruiker: UserOption = None,
    **options: Any,
) -> None:
    """Vul een concept aan of wijzig het."""
    with transaction() as session:
        service.draft(
            session=session,
            reference=referentie,
            fields=_fields(options),
            decision_id=besluit,
            actor=actor(gebruiker),
            now=now(),
            expected_version=versie,
        )
        out(f"Besluit {besluit} bijgewerkt.")


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
    with transaction() as session:
        decision = service.emergency_order(
            session=session, reference=referentie, fields=fields, actor=actor(gebruiker), now=now()
        )
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
    with transaction() as session:
        decision = service.extend(
            session=session,
            reference=referentie,
            parent_id=besluit,
            fields=fields,
            actor=actor(gebruiker),
            now=now(),
        )
        out(
            f"Concept-verlengingsbesluit {decision.id} aangemaakt "
            f"(tot en met {end_date(decision)}); "
            "verstuur eerst een voornemen."
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
    with transaction() as session:
        decision = service.lift(
            session=session,
            reference=referentie,
            parent_id=besluit,
            reasons=reden,
            effective=effective,
            actor=actor(gebruiker),
            now=now(),
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
    with transaction() as session:
        service.end_emergency_order(
            session=session,
            reference=referentie,
            decision_id=besluit,
            reason=reden,
            actor=actor(gebruiker),
            now=now(),
        )
    out(f"Noodbevel {besluit} beëindigd.")
