"""`playbook termijnen ...`: open steps with a due time, and the Atw rest-day calendar."""

from typing import Annotated

import typer

from playbook.cli import case_views
from playbook.cli.common import out

app = typer.Typer(
    help="Termijnen: openstaande stappen en de kalender van de Algemene termijnenwet.",
    invoke_without_command=True,
)


@app.callback()
def due(
    ctx: typer.Context,
    gemeente: Annotated[str | None, typer.Option(help="CBS-code, bijv. GM0599")] = None,
) -> None:
    """Wat er openstaat met een termijn, over alle lopende zaken; te laat bovenaan."""
    if ctx.invoked_subcommand is None:
        case_views.due(gemeente)


@app.command("kalender")
def calendar(jaar: Annotated[int, typer.Argument(min=2014, max=2100, help="bijv. 2026")]) -> None:
    """Elke rustdag van een jaar (art. 1 en 3 Algemene termijnenwet) met de grondslag."""
    from playbook.deadlines import calendar_last_year, format_date_nl, rest_days

    for day, description, source in rest_days(jaar):
        out(f"{format_date_nl(day, weekday=True)}: {description} [{source}]")
    last = calendar_last_year()
    if last is None or jaar > last:
        out(
            f"Let op: gelijkgestelde dagen (art. 3 lid 3 Atw) zijn alleen bekend tot en met "
            f"{last}; "
            f"voor {jaar} kan een nog te publiceren koninklijk besluit dagen toevoegen."
        )
