"""`playbook audit verifieer`: check the hash chains of the audit trail."""

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
        for event, why in broken:
            case = session.get(Case, event.case_id) if event.case_id else None
            chain = f"zaak {case.reference}" if case else "algemene keten (zonder zaak)"
            lines.append(f"- {chain}: eerste gebroken rij is audit-id {event.id} "
                         f"({event.action}, {event.at:%Y-%m-%d %H:%M}): {why}")
    if broken:
        typer.echo(f"FOUT: het auditspoor is gewijzigd. {len(broken)} keten(s) gebroken "
                   f"({count} rijen gecontroleerd):", err=True)
        typer.echo("\n".join(lines), err=True)
        raise typer.Exit(1)
    out(f"Auditspoor in orde: {count} rijen gecontroleerd, alle hashketens kloppen.")
