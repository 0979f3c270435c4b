"""Arguments and options shared by the `playbook zaak` commands."""

from typing import Annotated

import typer

Reference = Annotated[str, typer.Argument(help="Zaaknummer, bijv. GM9999-2026-0001")]
GemeenteOption = Annotated[str | None, typer.Option(
    help="CBS-code van de gemeente (standaard: de standaardgemeente van deze installatie)")]
VersionOption = Annotated[
    int | None, typer.Option("--versie", help="Versie van de zaak die u zag (conflictcontrole)")
]
