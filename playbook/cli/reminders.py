"""`playbook herinneringen ...`: send the reminders (for cron), preview a digest, set a user's
e-mail address, and make or revoke a calendar address."""

from typing import Annotated

import typer

from playbook.cli.common import UserOption, actor, now, out, transaction

app = typer.Typer(help="Herinneringen per e-mail en de agenda met wettelijke termijnen.",
                  no_args_is_help=True)
agenda = typer.Typer(help="Geheim agenda-adres (ICS) met de wettelijke termijnen.",
                     no_args_is_help=True)
app.add_typer(agenda, name="agenda")
Username = Annotated[str, typer.Argument(help="gebruikersnaam")]


@app.command("verstuur")
def send() -> None:
    """Verstuur de wachtende meldingen en de dagoverzichten van vandaag (veilig herhaalbaar)."""
    from playbook.config import get_settings
    from playbook.reminders.mail import MailError
    from playbook.reminders.service import run
    from playbook.storage.db import default_engine

    settings = get_settings()
    if not settings.smtp_host:
        raise MailError("Er is geen mailserver ingesteld: zet PLAYBOOK_SMTP_HOST (zie "
                              "docs/herinneringen.md).")
    with transaction():
        pass  # brings the schema up to date first
    report = run(default_engine(), now(), settings)
    for line in report.lines():
        out(line)
    if report.digests_failed or report.notices.failed:
        raise typer.Exit(1)


@app.command("toon")
def show(gebruiker: Username) -> None:
    """Toon het dagoverzicht van een gebruiker zonder het te versturen."""
    from playbook.config import get_settings
    from playbook.reminders.digest import message
    from playbook.reminders.service import preview

    settings = get_settings()
    with transaction() as session:
        digest = preview(session=session, username=gebruiker, settings=settings, now=now())
        if digest.empty:
            out("Niets te melden vandaag.")
            return
        body = message(digest, settings.smtp_sender, settings.public_url).get_body(("plain",))
        out(body.get_content() if body is not None else "")


@app.command("email")
def email(gebruiker: Username,
          adres: Annotated[str, typer.Argument(help="e-mailadres; leeg ('') verwijdert het")],
          door: UserOption = None) -> None:
    """Stel het e-mailadres in waar de herinneringen van een gebruiker heen gaan."""
    from playbook.reminders.service import set_email

    with transaction() as session:
        user = set_email(session=session, username=gebruiker, email=adres, actor=actor(door),
                         now=now())
        out(f"Herinneringen voor {user.username} gaan naar {user.email}." if user.email
            else f"{user.username} krijgt geen herinneringen meer per e-mail.")


@agenda.command("maak")
def make_feed(gebruiker: Username, door: UserOption = None) -> None:
    """Maak een nieuw geheim agenda-adres (een eerder adres werkt daarna niet meer)."""
    from playbook.config import get_settings
    from playbook.reminders.calendar_feed import feed_url
    from playbook.reminders.service import create_feed

    with transaction() as session:
        secret = create_feed(session=session, username=gebruiker, actor=actor(door), now=now())
    out("Agenda-adres (bewaar het goed; het wordt niet nog eens getoond):")
    out(feed_url(get_settings().public_url, secret))


@agenda.command("intrek")
def revoke_feed(gebruiker: Username, door: UserOption = None) -> None:
    """Trek het agenda-adres van een gebruiker in."""
    from playbook.reminders.service import revoke_feed as revoke

    with transaction() as session:
        count = revoke(session=session, username=gebruiker, actor=actor(door), now=now())
    out("Agenda-adres ingetrokken." if count else "Er was geen geldig agenda-adres.")
