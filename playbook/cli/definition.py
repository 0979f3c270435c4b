"""`playbook draaiboek`: validate, show and draw the merged playbook."""

from pathlib import Path
from typing import Annotated

import typer

from playbook.cli.common import out
from playbook.config import get_settings
from playbook.definition.enums import PARTNER_LABELS
from playbook.definition.loader import load_playbook
from playbook.definition.models import Playbook
from playbook.engine.machine import diagram

app = typer.Typer(help="Het draaiboek (landelijk plus gemeentelijk) bekijken en controleren.",
                  no_args_is_help=True)

PhasesOption = Annotated[Path | None, typer.Option("--fasen", help="Map met fasebestanden")]
MunicipalityOption = Annotated[Path | None, typer.Option("--gemeente", help="Gemeentebestand")]


def _load(phases: Path | None, municipality: Path | None) -> Playbook:
    settings = get_settings()
    return load_playbook(phases or settings.resolved_phases_dir(),
                         municipality or settings.resolved_municipality_file())


@app.command("valideer")
def validate(fasen: PhasesOption = None, gemeente: MunicipalityOption = None) -> None:
    """Controleer de fasebestanden en het gemeentebestand."""
    playbook = _load(fasen, gemeente)
    steps = sum(len(p.steps) for p in playbook.phases)
    out(f"Draaiboek geldig: {playbook.title}, versie {playbook.version} "
        f"({playbook.fingerprint()[:12]}), {len(playbook.phases)} fasen, {steps} stappen, "
        f"gemeente {playbook.municipality.name} ({playbook.municipality.cbs_code}).")


@app.command("toon")
def show(fasen: PhasesOption = None, gemeente: MunicipalityOption = None) -> None:
    """Toon alle fasen en stappen."""
    playbook = _load(fasen, gemeente)
    out(f"{playbook.title}, versie {playbook.version}; {playbook.municipality.name}")
    for phase in playbook.ordered_phases:
        out(f"\n{phase.order}. {phase.title} [{phase.id}] -> volgende: {phase.next}, "
            f"bij aanslag: {phase.on_attack}")
        for step in phase.steps:
            flags = "verplicht" if step.mandatory else "optioneel"
            when = step.applies_when.model_dump(exclude_none=True)
            due = ""
            if step.due:
                amount = f"{step.due.hours} uur" if step.due.hours is not None else f"{step.due.days} dagen"
                due = f"; uiterlijk {amount} na {step.due.step or step.due.after.value}"
            out(f"  - {step.title} [{step.id}] ({PARTNER_LABELS[step.partner]}, {flags}{due})")
            if step.legal_basis:
                out(f"      grondslag: {step.legal_basis}")
            if when:
                out(f"      geldt als: {when}")


@app.command("diagram")
def draw(
    formaat: Annotated[str, typer.Option(help="mermaid of svg")] = "mermaid",
    uitvoer: Annotated[Path | None, typer.Option(help="Schrijf naar dit bestand")] = None,
    fasen: PhasesOption = None,
    gemeente: MunicipalityOption = None,
) -> None:
    """Teken de fasemachine (Mermaid-tekst, of SVG via Graphviz)."""
    from playbook.errors import InvalidInput

    if formaat not in ("mermaid", "svg"):
        raise InvalidInput([f"formaat: '{formaat}' is onbekend; kies mermaid of svg"])
    playbook = _load(fasen, gemeente)
    if formaat == "svg":
        import shutil

        if shutil.which("dot") is None:
            raise InvalidInput(["formaat: svg vraagt Graphviz ('dot'); installeer het pakket graphviz"])
    result = diagram(playbook, formaat)
    if uitvoer:
        uitvoer.write_bytes(result if isinstance(result, bytes) else result.encode())
        out(f"Diagram geschreven naar {uitvoer}")
    else:
        out(result if isinstance(result, str) else result.decode())
