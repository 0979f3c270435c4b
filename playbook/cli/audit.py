"""`playbook audit verifieer`: check the hash chains of the audit trail."""

from typing import Annotated

import typer

from playbook.cli.common import out

app = typer.Typer(help="Auditspoor: controleren op wijzigingen.", no_args_is_help=True)


@app.command("verifieer")
def verify() -> None:
    """Controleer elke hashketen; noemt de eerste gebroken rij per keten (exit 1 bij breuk)."""
    from sqlmodel import Session

    from playbook.cases.audit import verify as check
    from playbook.cli.common import _schema_ready
    from playbook.config import get_settings
    from playbook.storage.db import default_engine
    from playbook.storage.tables import Case

    _schema_ready(get_settings().database_url)
    with Session(default_engine()) as session:
        count, broken = check(session)
        lines = []
        for found in broken:
            case = session.get(Case, found.case_id) if found.case_id else None
            chain = f"zaak {case.reference}" if case else "algemene keten (zonder zaak)"
            event = found.event
            if event is None:
                lines.append(f"- {chain}: {found.why}")
            elif found.cut_short:
                lines.append(f"- {chain}: {found.why}; de laatste die er nog is, is audit-id "
                             f"{event.id} ({event.action}, {event.at:%Y-%m-%d %H:%M})")
            else:
                lines.append(f"- {chain}: eerste gebroken rij is audit-id {event.id} "
                             f"({event.action}, {event.at:%Y-%m-%d %H:%M}): {found.why}")
    if broken:
        typer.echo(f"FOUT: het auditspoor is gewijzigd. {len(broken)} keten(s) gebroken "
                   f"({count} rijen gecontroleerd):", err=True)
        typer.echo("\n".join(lines), err=True)
        raise typer.Exit(1)
    out(f"Auditspoor in orde: {count} rijen gecontroleerd, alle hashketens kloppen.")


def app_role(naam: str, wachtwoord: Annotated[str | None, typer.Option(
                 help="wachtwoord voor de rol (leeg: geen, bijv. bij peer-authenticatie)")] = None,
             alleen_tonen: Annotated[bool, typer.Option("--alleen-tonen",
                 help="toon de SQL zonder uit te voeren")] = False) -> None:
    """Maak de PostgreSQL-rol voor de app: alleen SELECT en INSERT op de historietabellen."""
    from playbook.cli.common import _schema_ready
    from playbook.config import get_settings
    from playbook.errors import PlaybookError
    from playbook.storage.db import default_engine
    from playbook.storage.roles import app_role_sql, create_app_role

    url = get_settings().database_url
    if not url.startswith("postgresql"):
        raise PlaybookError("Een aparte databaserol bestaat alleen bij PostgreSQL; SQLite heeft "
                            "geen rollen (bescherm het bestand met bestandsrechten).")
    _schema_ready(url)
    engine = default_engine()
    statements = (app_role_sql if alleen_tonen else create_app_role)(engine, naam, wachtwoord)
    out(";\n".join(statements) + ";")
    if not alleen_tonen:
        out(f"Rol {naam} is aangemaakt of bijgewerkt. Laat de app verbinden als {naam}; "
            "migraties draaien als de eigenaar.")
