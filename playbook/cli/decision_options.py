"""Options shared by `playbook besluit` and `playbook maatregel`, each declared once.

A closure decision and a measure are drafted with many of the same options (feiten, ernst,
duur, ...). Every option is listed here with the field it fills; a command names the options it
takes with `with_options`, which adds them to the command's signature for typer.
"""

import inspect
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, TypeVar

import typer

from playbook.cli.common import yes_no

Reference = Annotated[str, typer.Argument(help="Zaaknummer")]
DecisionId = Annotated[int, typer.Argument(help="Nummer van het besluit")]
Text = Annotated[str | None, typer.Option()]
Number = Annotated[int | None, typer.Option()]
YesNo = Annotated[str | None, typer.Option(help="ja of nee")]
Version = Annotated[int | None, typer.Option("--versie")]

# CLI option -> (field of DraftInput or MeasureInput, declaration). Every option is optional,
# so a draft can grow.
FIELDS: dict[str, tuple[str, Any]] = {
    # Both closure decisions and measures.
    "grond": ("ground", Text),
    "feiten": ("facts", Text),
    "ernst": ("seriousness", Text),
    "herhaling": ("recurrence", Text),
    "geschiktheid": ("suitability", Text),
    "noodzaak": ("necessity", Text),
    "afweging": ("balance", Text),
    "afweging_eigenaar": ("balance_owner", Text),
    "huisvesting": ("alternative_housing", Text),
    "duur": ("duration_days", Number),
    "motivering_duur": ("duration_reasons", Text),
    "kinderen_aantal": ("children_count", Number),
    "kinderen_leeftijden": ("children_ages", Text),
    "kinderen_school": ("children_school", Text),
    "kinderen_effect": ("children_effect", Text),
    "motivering_boven_beleid": ("duration_over_policy_reasons", Text),
    "ingang": ("start_date", Text),
    "ingangsuur": ("start_time", Text),
    "betredingsverbod": ("entry_ban_basis", Text),
    "toegang": ("entry_access", Text),
    "handhaving": ("enforcement", Text),
    "zienswijze": ("hearing_outcome", Text),
    # Measures only: cameratoezicht, gebiedsverbod, sluiting art. 13b Opiumwet.
    "gebied": ("area", Text),
    "kaart": ("map_reference", Text),
    "einde": ("end_date", Text),
    "machtiging_raad": ("council_basis", Text),
    "bewaartermijn": ("retention_days", Number),
    "evaluatie_datum": ("evaluation_on", Text),
    "evaluatie_wijze": ("evaluation_how", Text),
    "publicatie": ("publication", Text),
    "persoon": ("person_id", Number),
    "naam": ("person_name", Text),
    "adres": ("person_address", Text),
    "leidende_rol": ("leading_role", YesNo),
    "vrees": ("fear_of_further", Text),
    "waarschuwing": ("warning_on", Text),
    "geen_waarschuwing": ("no_warning_reason", Text),
    "middelen": ("substances", Text),
    "lijst": ("substance_list", Text),
    "handelshoeveelheid": ("trading_quantity", YesNo),
    "handel_vanuit_pand": ("dealing_from_premises", YesNo),
    "voorbereiding": ("preparatory_acts", YesNo),
    "verwijtbaarheid": ("blameworthiness", Text),
    "aanpassingen": ("adaptations", Text),
    "gevolgen": ("consequences", Text),
    "eerste_overtreding": ("first_offence", YesNo),
    "damocles_waarschuwing": ("damocles_warning_on", Text),
}

# The weighing of a decision: facts, then suitability, necessity and balance (proportionality).
WEIGHING = ("feiten", "ernst", "geschiktheid", "noodzaak", "afweging")
# When it takes effect.
START = ("ingang", "ingangsuur")

F = TypeVar("F", bound=Callable[..., Any])


def with_options(names: Iterable[str], **declared: Any) -> Callable[[F], F]:
    """Give a command the options `names` (declared in FIELDS, or as given in `declared`).

    They come after the command's parameters without a default (its arguments and required
    options) and before those with one (--versie, --gebruiker), which is where --help lists them.
    The command receives them in `**fields`.
    """

    def decorate(command: F) -> F:
        signature = inspect.signature(command)
        own = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
        first = [p for p in own if p.default is p.empty]
        last = [p for p in own if p.default is not p.empty]
        added = [
            inspect.Parameter(
                name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                annotation=declared.get(name, FIELDS[name][1]),
                default=None,
            )
            for name in names
        ]
        command.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[*first, *added, *last]
        )
        return command

    return decorate


def field_values(options: Mapping[str, Any]) -> dict[str, Any]:
    """The input fields the given options fill, ja/nee turned into booleans; unset ones left out."""
    values = {}
    for name, value in options.items():
        if name not in FIELDS or value is None:
            continue
        field, declaration = FIELDS[name]
        values[field] = yes_no(value, name.replace("_", "-")) if declaration is YesNo else value
    return values
