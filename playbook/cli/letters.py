"""`playbook brief`, `playbook informatie` and `playbook zaak documenten`."""

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from typer.models import ArgumentInfo

from playbook.cases.repository import get_case
from playbook.cli.common import UserOption, actor, now, out, table, transaction
from playbook.config import get_settings
from playbook.documents.formatting import short_nl
from playbook.documents.service import list_documents
from playbook.errors import InvalidInput
from playbook.information import service as information
from playbook.letters import registry
from playbook.letters.service import generate, request_letter
from playbook.validation import describe_errors, parse_date

info_app = typer.Typer(help="Informatie opvragen bij politie en OM en het antwoord vastleggen.",
                       no_args_is_help=True)
Reference = Annotated[str, typer.Argument(help="Zaaknummer")]


def _folder(uitvoer: Path | None) -> Path:
    folder = uitvoer or get_settings().output_dir
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class _LetterKinds(ArgumentInfo):
    """The `soort` argument: its help lists the registry's letters when the help is shown, so
    a letter registered after import (playbook/letters/registry.py) is listed too."""

    @property
    def help(self) -> str:
        return "; ".join(f"{k.kind}: {k.menu_label}" for k in registry.on_request())

    @help.setter
    def help(self, _: object) -> None:
        pass  # set by ArgumentInfo.__init__; the registry is the source


def _kinds(incomplete: str) -> list[str]:
    return [k.kind for k in registry.on_request() if k.kind.startswith(incomplete)]


def letter(
    referentie: Reference,
    soort: Annotated[str, _LetterKinds(default=..., autocompletion=_kinds, metavar="SOORT")],
    persoon: Annotated[int | None, typer.Option(help="persoon-id (verwijzing)")] = None,
    adres: Annotated[list[str] | None,
                     typer.Option(help="adres (nazorgteam, of brief per adres)")] = None,
    bijeenkomst: Annotated[str | None,
                           typer.Option(help="tekst over de bewonersbijeenkomst")] = None,
    uitvoer: Annotated[Path | None, typer.Option()] = None,
    gebruiker: UserOption = None,
    achtergrond: Annotated[bool, typer.Option(help="bewonersbrieven als achtergrondtaak")] = False,
) -> None:
    """Maak een brief als PDF/A voor een zaak en leg hem vast."""
    if achtergrond and soort == "bewonersbrief":
        from playbook.cli.jobs import letters_in_background

        raise typer.Exit(letters_in_background(referentie, adres, bijeenkomst, _folder(uitvoer),
                                               gebruiker))
    if achtergrond:
        raise InvalidInput(["--achtergrond: alleen voor bewonersbrief (de andere brieven zijn "
                            "één PDF en direct klaar)"])
    with transaction() as session:
        docs = generate(session=session, reference=referentie, kind=soort, actor=actor(gebruiker),
                        now=now(), person_id=persoon, addresses=adres, meeting=bijeenkomst)
        folder = _folder(uitvoer)  # only once the letter exists: a refusal leaves no trace
        for doc in docs:
            (folder / doc.filename).write_bytes(doc.content)
            out(f"Geschreven: {folder / doc.filename} (sha256 {doc.sha256[:16]}…)")


def documents(referentie: Reference,
              uitvoer: Annotated[Path | None, typer.Option(
                  help="Schrijf alle versies hierheen")] = None) -> None:
    """Alle documenten van de zaak, met versie en SHA-256."""
    with transaction() as session:
        docs = list_documents(session, get_case(session, referentie))
        rows = [[d.filename, str(d.version), d.step_id or "", d.actor, short_nl(d.created_at),
                 d.sha256[:16]] for d in docs]
        if uitvoer:
            folder = _folder(uitvoer)
            for d in docs:
                (folder / d.filename).write_bytes(d.content)
    out(table(rows, ["bestand", "versie", "stap", "wie", "gemaakt", "sha256"]) if rows
        else "Nog geen documenten.")


@info_app.command("vraag")
def ask(referentie: Reference,
        soort: Annotated[str, typer.Option(help="bestuurlijke-rapportage of 39f")
                         ] = "bestuurlijke-rapportage",
        termijn: Annotated[int, typer.Option(help="antwoord binnen zoveel dagen")] = 1,
        doel: Annotated[str | None, typer.Option()] = None,
        gebruiker: UserOption = None) -> None:
    """Vraag een bestuurlijke rapportage (politie) of gegevens (OM, art. 39f Wjsg) met brief."""
    with transaction() as session:
        row = information.request(session=session, reference=referentie, kind=soort,
                                  actor=actor(gebruiker), now=now(), answer_days=termijn,
                                  purpose=doc_or_none(doel))
        doc = request_letter(session, get_case(session, referentie), row, actor(gebruiker), now())
        folder = _folder(None)
        (folder / doc.filename).write_bytes(doc.content)
        out(f"Verzoek {row.id} vastgelegd, antwoord uiterlijk {row.answer_due}; "
            f"brief: {folder / doc.filename}")


def doc_or_none(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


@info_app.command("antwoord")
def answer(referentie: Reference, verzoek: Annotated[int, typer.Argument()],
           datum: Annotated[str, typer.Option(help="JJJJ-MM-DD")],
           feiten: Annotated[str, typer.Option()], herhaling: Annotated[str, typer.Option()],
           eerdere_incidenten: Annotated[str | None, typer.Option()] = None,
           kwetsbaar: Annotated[str | None, typer.Option()] = None,
           maatregelen: Annotated[str | None, typer.Option()] = None,
           deelbaar: Annotated[str | None, typer.Option(help="wat de bewoner mag zien")] = None,
           gebruiker: UserOption = None) -> None:
    """Leg het antwoord vast; het voedt de motivering van het besluit."""
    labels = {"answered_on": "datum", "facts": "feiten", "recurrence": "herhaling"}
    try:
        parsed = information.Answer(answered_on=parse_date(datum, "datum"), facts=feiten,
                                    recurrence=herhaling, earlier_incidents=eerdere_incidenten,
                                    vulnerable_occupants=kwetsbaar, measures_taken=maatregelen,
                                    shareable=deelbaar)
    except ValidationError as exc:
        raise InvalidInput(describe_errors(
            exc, lambda loc: labels.get(str(loc[0]), str(loc[0])))) from None
    with transaction() as session:
        information.record_answer(session=session, reference=referentie, request_id=verzoek,
                                  answer=parsed, actor=actor(gebruiker), now=now())
    out(f"Antwoord op verzoek {verzoek} vastgelegd.")
