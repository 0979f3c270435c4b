"""`playbook zaak stap | volgende | checklist | migreer`: move a case along its playbook."""

from pathlib import Path
from typing import Annotated

import typer

from playbook.cases import service
from playbook.cases.repository import get_case, pinned_playbook
from playbook.cli.case_options import Reference, VersionOption
from playbook.cli.common import UserOption, actor, now, out, transaction
from playbook.config import get_settings
from playbook.definition.enums import StepStatus
from playbook.definition.loader import load_from_settings
from playbook.definition.municipalities import municipalities
from playbook.errors import InvalidInput


def step(
    referentie: Reference,
    stap: Annotated[str, typer.Argument(help="Id van de stap")],
    afgerond: Annotated[bool, typer.Option("--afgerond")] = False,
    overslaan: Annotated[bool, typer.Option("--overslaan")] = False,
    heropenen: Annotated[bool, typer.Option("--heropenen")] = False,
    reden: Annotated[str | None, typer.Option()] = None,
    versie: VersionOption = None,
    gebruiker: UserOption = None,
) -> None:
    """Zet een stap op afgerond, overgeslagen (met --reden) of weer open."""
    chosen = [s for flag, s in ((afgerond, StepStatus.done), (overslaan, StepStatus.skipped),
                                (heropenen, StepStatus.open)) if flag]
    if len(chosen) != 1:
        raise InvalidInput(["kies precies één van --afgerond, --overslaan of --heropenen"])
    with transaction() as session:
        case = service.set_step(session=session, reference=referentie, step_id=stap,
                                status=chosen[0], reason=reden, actor=actor(gebruiker), now=now(),
                                expected_version=versie)
        out(f"Zaak {case.reference}: stap '{stap}' staat op {chosen[0].value}.")



def advance(
    referentie: Reference, versie: VersionOption = None, gebruiker: UserOption = None
) -> None:
    """Sluit de huidige fase af en ga naar de volgende \
(alleen als alle verplichte stappen klaar zijn)."""
    with transaction() as session:
        case = service.advance(session=session, reference=referentie, actor=actor(gebruiker),
                               now=now(), expected_version=versie)
        title = pinned_playbook(session, case).phase_title(case.phase)
        out(f"Zaak {case.reference} staat nu in fase '{title}'.")



def make_checklist(
    referentie: Reference,
    alles: Annotated[
        bool, typer.Option("--alles", help="Hele zaak in plaats van huidige fase")
    ] = False,
    uitvoer: Annotated[Path | None, typer.Option()] = None,
    gebruiker: UserOption = None,
) -> None:
    """Maak de checklist als PDF/A (huidige fase of hele zaak) en leg hem vast."""
    from playbook.documents.service import make_checklist as render

    folder = uitvoer or get_settings().output_dir
    folder.mkdir(parents=True, exist_ok=True)
    with transaction() as session:
        doc = render(session=session, reference=referentie, whole_case=alles,
                     actor=actor(gebruiker), now=now())
        path = folder / doc.filename
        path.write_bytes(doc.content)
    out(f"Checklist geschreven: {path} (sha256 {doc.sha256[:16]}…)")



def migrate(referentie: Reference, reden: Annotated[str, typer.Option()],
            gebruiker: UserOption = None) -> None:
    """Zet een lopende zaak over op de huidige draaiboekversie (expliciet en geaudit)."""
    municipalities()  # parsed and checked before the write transaction starts
    with transaction() as session:
        playbook = load_from_settings(get_case(session, referentie).municipality_code)
        case = service.migrate_playbook(session=session, reference=referentie, playbook=playbook,
                                        actor=actor(gebruiker), now=now(), reason=reden)
        out(
            f"Zaak {case.reference} gebruikt nu draaiboek {playbook.version} "
            f"({case.playbook_id[:12]})."
        )
