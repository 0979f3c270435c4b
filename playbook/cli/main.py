"""Entry point: `playbook ...`. Expected errors print in Dutch and exit 2, never a traceback."""

import sys

import typer

from playbook.cli import (
    audit,
    calendar,
    cases,
    consent,
    decisions,
    definition,
    demo,
    household,
    jobs,
    letters,
    lists,
    measures,
    monitoring,
    objections,
    reminders,
    retention,
    web,
)
from playbook.cli.dutch import speak_dutch
from playbook.errors import PlaybookError

speak_dutch()  # typer's own words around the help texts (Usage, Options, ...)
app = typer.Typer(
    help="Playbook: lokaal handelingskader bij aanslagen met explosieven.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(cases.app, name="zaak")
app.add_typer(audit.app, name="audit")
app.add_typer(retention.retention, name="bewaartermijnen")
app.add_typer(retention.person, name="persoon")
app.add_typer(definition.app, name="draaiboek")
app.add_typer(decisions.app, name="besluit")
app.add_typer(objections.app, name="bezwaar")
app.add_typer(measures.app, name="maatregel")
app.add_typer(household.household, name="huishouden")
app.add_typer(household.rounds, name="ronde")
app.add_typer(letters.info_app, name="informatie")
app.command("brief")(letters.letter)
cases.app.command("documenten")(letters.documents)
app.add_typer(calendar.app, name="termijnen")
app.command("serve")(web.serve)
app.add_typer(web.users, name="gebruiker")
app.add_typer(jobs.app, name="taak")
app.add_typer(reminders.app, name="herinneringen")
app.command("demo")(demo.demo)
app.command("monitor")(monitoring.monitor)
app.command("herhaaladressen")(monitoring.register)
app.add_typer(consent.app, name="verwijzing")
app.add_typer(consent.street_app, name="buurt")
app.add_typer(lists.app, name="zaken")  # read models: herbereken (issue 9)
app.command("werk")(lists.work)  # Mijn werk (issue 11)

db = typer.Typer(help="Database: schema bijwerken en controleren.", no_args_is_help=True)
app.add_typer(db, name="db")
db.command("app-rol")(audit.app_role)


@db.command("upgrade")
def db_upgrade() -> None:
    """Breng het databaseschema naar de laatste migratie."""
    from playbook.config import get_settings
    from playbook.storage.migrate import upgrade

    upgrade(get_settings().database_url)
    typer.echo("Databaseschema is bijgewerkt.")


@db.command("check")
def db_check() -> None:
    """Controleer dat modellen en migraties overeenkomen (voor CI)."""
    from playbook.config import get_settings
    from playbook.storage.migrate import check, upgrade

    upgrade(get_settings().database_url)
    check(get_settings().database_url)
    typer.echo("Modellen en migraties komen overeen.")


def usage_in_dutch(exc: Exception) -> str:
    """click words its own errors in English; say the same in Dutch, naming the parameter."""
    import re

    from pydantic import ValidationError
    from typer._click.exceptions import BadOptionUsage, BadParameter, MissingParameter, NoSuchOption

    from playbook.validation import dutch_message

    param = getattr(exc, "param", None)
    is_option = getattr(param, "param_type_name", "") == "option"
    name = (param.opts[0] if is_option else param.name) if param is not None else "?"
    if isinstance(exc, MissingParameter):
        return f"verplichte {'optie' if is_option else 'waarde'} {name} ontbreekt"
    if isinstance(exc, NoSuchOption):
        options = ", ".join(sorted(exc.possibilities or []))
        return f"onbekende optie {exc.option_name}" + (
            f"; bedoelde u {options}?" if options else ""
        )
    if isinstance(exc, BadParameter):
        # typer converts with pydantic: its (English) error is the cause; say it in Dutch.
        cause = exc.__cause__
        if isinstance(cause, ValidationError) and cause.errors():
            return f"ongeldige waarde voor {name}: {dutch_message(cause.errors()[0])}"
        return f"ongeldige waarde voor {name}: {exc.message}"
    if isinstance(exc, BadOptionUsage):
        return f"optie {exc.option_name} vraagt een waarde"
    extra = re.match(r"Got unexpected extra argument(?:\(s\))? \((.*)\)", exc.format_message())  # type: ignore[attr-defined]
    if extra:
        return f"onverwachte extra invoer: {extra[1]}"
    unknown = re.match(r"No such command '(.+?)'\.(?: Did you mean (.+)\?)?", exc.format_message())  # type: ignore[attr-defined]
    if unknown:
        guess = f"; bedoelde u {' of '.join(unknown[2].rsplit(', ', 1))}?" if unknown[2] else ""
        return f"onbekende opdracht '{unknown[1]}'{guess}"
    return f"de opdracht klopt niet ({exc.format_message()})"  # type: ignore[attr-defined]


def run() -> None:
    # typer bundles its own click; its exception classes live in this private module.
    from sqlalchemy.exc import DBAPIError
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    try:
        code = app(standalone_mode=False)
    except NoArgsIsHelpError:
        sys.exit(0)  # typer has already printed the help
    except PlaybookError as exc:
        typer.echo(f"Fout: {exc.message}", err=True)
        sys.exit(2)
    except ClickException as exc:
        typer.echo(f"Fout in de aanroep: {usage_in_dutch(exc)} (zie --help)", err=True)
        sys.exit(2)
    except (OverflowError, DBAPIError) as exc:  # parameters stay hidden: they may be personal
        locked = "locked" in str(exc).lower()
        typer.echo("Fout: " + ("de database is bezet; probeer het opnieuw." if locked else
                               "een waarde kan niet worden opgeslagen (te groot, te lang of met "
                               "ongeldige tekens). Controleer de invoer."), err=True)
        sys.exit(2)
    except typer.Abort:
        typer.echo("Afgebroken.", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    run()
