"""`playbook serve` and `playbook gebruiker`: run the web app and manage its accounts."""

from typing import Annotated

import typer

from playbook.cli.common import actor, now, out, transaction

users = typer.Typer(help="Gebruikers van de web-app beheren.", no_args_is_help=True)


def serve(
    host: Annotated[str | None, typer.Option()] = None,
    port: Annotated[int | None, typer.Option()] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, max=64, help="aantal web-processen (meer dan 1: PostgreSQL)"
        ),
    ] = None,
) -> None:
    """Start de web-app (standaard op 127.0.0.1:8000)."""
    from playbook.cli.common import _schema_ready
    from playbook.config import get_settings
    from playbook.definition.municipalities import municipalities
    from playbook.web.server import serve as run

    settings = get_settings()
    municipalities()  # every municipality file checked before anything listens (Dutch error)
    problems = settings.production_problems()
    if problems:
        from playbook.errors import PlaybookError

        raise PlaybookError("De web-app start niet buiten de ontwikkelmodus:\n"
                            + "\n".join(f"- {p}" for p in problems)
                            + "\n(Alleen voor een test of laptop: PLAYBOOK_DEVELOPMENT=1.)")
    _schema_ready(settings.database_url)
    run(settings, host or settings.host, port or settings.port, workers or settings.web_workers)


@users.command("nieuw")
def create_user(
    gebruikersnaam: str,
    rol: Annotated[str, typer.Option(help="oov, juridisch, partner of admin")],
    gemeente: Annotated[str, typer.Option(help="CBS-code, bijv. GM9999")],
    naam: Annotated[str, typer.Option(help="volledige naam")] = "",
    partner: Annotated[
        str | None,
        typer.Option(help="bij rol partner: politie, woningcorporatie, slachtofferhulp, om"),
    ] = None,
    wachtwoord: Annotated[str | None, typer.Option(help="leeg: wordt gevraagd")] = None,
) -> None:
    """Maak een gebruiker aan (wachtwoord wordt met argon2 gehasht)."""
    from playbook.definition.municipalities import municipalities
    from playbook.users.service import create_user as create

    municipalities().get(gemeente.strip().upper())  # only a municipality this instance serves
    password = wachtwoord or typer.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)
    with transaction() as session:
        create(
            session=session,
            username=gebruikersnaam,
            full_name=naam,
            role=rol,
            password=password,
            municipality_code=gemeente,
            partner=partner,
            actor=actor(None),
            now=now(),
        )
    out(f"Gebruiker {gebruikersnaam} ({rol}) aangemaakt.")


@users.command("token")
def token(
    gebruikersnaam: str,
    naam: Annotated[
        str, typer.Option(help="waarvoor het token is, bijv. zaaksysteem")
    ] = "standaard",
    scope: Annotated[str, typer.Option(help="lezen of schrijven")] = "schrijven",
    dagen: Annotated[int, typer.Option(help="geldigheid in dagen (1-365)")] = 90,
) -> None:
    """Geef een API-token uit (een eerder token met dezelfde naam vervalt); \
wordt één keer getoond."""
    from playbook.users.service import issue_api_token

    with transaction() as session:
        value = issue_api_token(session=session, username=gebruikersnaam, actor=actor(None),
                                now=now(), name=naam, scope=scope, days=dagen)
    out(value)


@users.command("tokens")
def list_tokens(gebruikersnaam: str) -> None:
    """Toon de API-tokens van een gebruiker (zonder het geheim)."""
    from playbook.cli.common import table
    from playbook.config import USER_TZ
    from playbook.storage.tables import ApiToken
    from playbook.storage.types import id_of
    from playbook.users import accounts, tokens

    with transaction() as session:
        user = accounts.by_name(session, gebruikersnaam)
        rows = tokens.of_user(session, id_of(user))
    moment = now()

    def status(t: ApiToken) -> str:
        return ("ingetrokken" if t.revoked_at else
                "verlopen" if t.expires_at <= moment else "geldig")

    out(table([[str(t.id), t.name, t.scope, f"{t.expires_at.astimezone(USER_TZ):%d-%m-%Y}",
                status(t)] for t in rows], ["id", "naam", "scope", "verloopt", "status"])
        if rows else f"{gebruikersnaam} heeft geen API-tokens.")


@users.command("token-intrekken")
def revoke_token(token_id: int) -> None:
    """Trek een API-token in (het werkt daarna direct niet meer)."""
    from playbook.users import tokens

    with transaction() as session:
        row = tokens.revoke(session=session, token_id=token_id, actor=actor(None), now=now())
    out(f"Token {row.id} ({row.name}) is ingetrokken.")


@users.command("deactiveer")
def deactivate(gebruikersnaam: str) -> None:
    """Deactiveer een account: sessies eindigen, tokens worden ingetrokken."""
    from playbook.users import accounts

    with transaction() as session:
        accounts.deactivate(session=session, username=gebruikersnaam, actor=actor(None), now=now())
    out(f"Gebruiker {gebruikersnaam} is gedeactiveerd; sessies en tokens werken niet meer.")


@users.command("wachtwoord")
def reset_password(gebruikersnaam: str, wachtwoord: Annotated[str | None, typer.Option(
        help="leeg: wordt gevraagd")] = None) -> None:
    """Stel een nieuw wachtwoord in (beheer); alle sessies van de gebruiker eindigen."""
    from playbook.users import accounts

    password = wachtwoord or typer.prompt("Nieuw wachtwoord", hide_input=True,
                                          confirmation_prompt=True)
    with transaction() as session:
        accounts.reset_password(session=session, username=gebruikersnaam, new=password,
                                actor=actor(None), now=now())
    out(f"Wachtwoord van {gebruikersnaam} is opnieuw ingesteld; alle sessies zijn beëindigd.")


@users.command("inzage")
def grants(gebruikersnaam: str,
           gemeente: Annotated[list[str] | None, typer.Option(
               help="CBS-code van een gemeente die deze gebruiker mag inzien (herhaalbaar)")
           ] = None,
           geen: Annotated[bool, typer.Option("--geen", help="trek alle inzage in")] = False
           ) -> None:
    """Regionale inzage: welke andere gemeenten een gebruiker mag lezen (zonder opties: tonen)."""
    from playbook.definition.municipalities import municipalities
    from playbook.users.scope import grants_of, set_grants

    loaded = municipalities()
    names = {m.cbs_code: m.name for m in loaded}
    with transaction() as session:
        if gemeente or geen:
            set_grants(session=session, username=gebruikersnaam,
                       codes=[] if geen else gemeente or [], known=names, actor=actor(None),
                       now=now())
        user, codes = grants_of(session, gebruikersnaam)
        own = user.municipality_code

    def label(code: str) -> str:
        return f"{names.get(code, 'onbekende gemeente')} ({code})"

    extra = ", ".join(label(c) for c in sorted(codes)) or "geen andere gemeenten"
    out(f"{gebruikersnaam} werkt in {label(own)} en mag daarnaast inzien: {extra}.")
