"""`playbook serve` and `playbook gebruiker`: run the web app and manage its accounts."""

from typing import Annotated

import typer

from playbook.cli.common import actor, now, out, transaction

users = typer.Typer(help="Gebruikers van de web-app beheren.", no_args_is_help=True)


def serve(host: Annotated[str | None, typer.Option()] = None,
          port: Annotated[int | None, typer.Option()] = None,
          workers: Annotated[int | None, typer.Option(
              "--workers", min=1, max=64, help="aantal web-processen (meer dan 1: PostgreSQL)")] = None
          ) -> None:
    """Start de web-app (standaard op 127.0.0.1:8000)."""
    from playbook.cli.common import _schema_ready
    from playbook.config import get_settings
    from playbook.web.server import serve as run

    settings = get_settings()
    _schema_ready(settings.database_url)
    run(settings, host or settings.host, port or settings.port, workers or settings.web_workers)


@users.command("nieuw")
def create_user(gebruikersnaam: str, rol: Annotated[str, typer.Option(help="oov, juridisch, partner of admin")],
                gemeente: Annotated[str, typer.Option(help="CBS-code, bijv. GM9999")],
                naam: Annotated[str, typer.Option(help="volledige naam")] = "",
                partner: Annotated[str | None, typer.Option(help="bij rol partner: politie, woningcorporatie, slachtofferhulp, om")] = None,
                wachtwoord: Annotated[str | None, typer.Option(help="leeg: wordt gevraagd")] = None) -> None:
    """Maak een gebruiker aan (wachtwoord wordt met argon2 gehasht)."""
    from playbook.users.service import create_user as create

    password = wachtwoord or typer.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)
    with transaction() as session:
        create(session=session, username=gebruikersnaam, full_name=naam, role=rol, password=password,
               municipality_code=gemeente, partner=partner, actor=actor(None), now=now())
    out(f"Gebruiker {gebruikersnaam} ({rol}) aangemaakt.")


@users.command("token")
def token(gebruikersnaam: str) -> None:
    """Geef een nieuw API-token uit (het oude vervalt); wordt één keer getoond."""
    from playbook.users.service import issue_api_token

    with transaction() as session:
        value = issue_api_token(session=session, username=gebruikersnaam, actor=actor(None), now=now())
    out(value)
