"""`playbook draaiboek`: validate, show and draw the merged playbook."""

from pathlib import Path
from typing import Annotated

import typer

from playbook.cli.common import out
from playbook.config import get_settings
from playbook.definition.loader import load_playbook
from playbook.definition.models import Playbook
from playbook.documents.formatting import number_nl
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
    """Controleer de fasebestanden, het gemeentebestand en de eigen brieven van de gemeente
    (zonder opties: alle gemeenten)."""
    if fasen is None and gemeente is None:
        from playbook.definition.municipalities import municipalities

        checked = [(m.playbook, m.path) for m in municipalities()]
    else:
        file = gemeente or get_settings().resolved_municipality_file()
        checked = [(_load(fasen, gemeente), file)]
    for playbook, municipality_file in checked:
        _valid(playbook, municipality_file)


def _valid(playbook: Playbook, municipality_file: Path) -> None:
    from playbook.letters.override_check import validate as validate_letters
    from playbook.letters.overrides import letter_folder

    validate_letters(municipality_file, playbook.municipality)
    steps = sum(len(p.steps) for p in playbook.phases)
    own = letter_folder(municipality_file)
    out(f"Draaiboek geldig: {playbook.title}, versie {playbook.version} "
        f"({playbook.fingerprint[:12]}), {len(playbook.phases)} fasen, {steps} stappen, "
        f"gemeente {playbook.municipality.name} ({playbook.municipality.cbs_code})"
        + (f"; eigen brieven in {own} geldig." if own else "."))


@app.command("toon")
def show(fasen: PhasesOption = None, gemeente: MunicipalityOption = None) -> None:
    """Toon alle fasen en stappen."""
    playbook = _load(fasen, gemeente)
    municipality = playbook.municipality
    out(f"{playbook.title}, versie {playbook.version}; {municipality.name}")
    if municipality.region:
        region = municipality.region
        out(f"Regio {region.name}: {region.police_unit}; {region.prosecutor_office}; "
            f"{region.safety_region}")
    out("\nPartners:")
    for partner in playbook.partners:
        contact = playbook.contact(partner.id)
        where = f" -> {contact.name}" + (f", {contact.phone}" if contact.phone else "") \
            if contact else ""
        local = " (lokaal)" if partner.local else ""
        out(f"  - {partner.name} [{partner.id}]{local}: {partner.role}{where}")
    for phase in playbook.ordered_phases:
        out(f"\n{phase.order}. {phase.title} [{phase.id}] -> volgende: {phase.next}, "
            f"bij aanslag: {phase.on_attack}")
        for step in phase.steps:
            flags = "verplicht" if step.mandatory else "optioneel"
            when = step.applies_when.model_dump(mode="json", exclude_none=True)
            due = ""
            if step.due:
                amount = (
                    f"{number_nl(step.due.hours)} uur"
                    if step.due.hours is not None
                    else f"{step.due.days} dagen"
                )
                word = "vóór" if step.due.before else "na"
                due = f"; uiterlijk {amount} {word} {step.due.step or step.due.anchor}"
                if not step.due.hours and not step.due.days:
                    due = f"; direct bij {step.due.step or step.due.anchor}"
            out(
                f"  - {step.title} [{step.id}] "
                f"({playbook.partner_name(step.partner)}, {flags}{due})"
            )
            if step.disabled:
                out(f"      LOKAAL UITGESCHAKELD: {step.disabled}")
            if step.legal_basis:
                out(f"      grondslag: {step.legal_basis}")
            out(f"      bron: {step.source}")
            if step.document:
                out(f"      document: {step.document}")
            if step.completed_by:
                out(f"      afgerond door: {', '.join(e.value for e in step.completed_by)}")
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
            raise InvalidInput(
                ["formaat: svg vraagt Graphviz ('dot'); installeer het pakket graphviz"]
            )
    result = diagram(playbook, formaat)
    if uitvoer:
        uitvoer.write_bytes(result if isinstance(result, bytes) else result.encode())
        out(f"Diagram geschreven naar {uitvoer}")
    else:
        out(result if isinstance(result, str) else result.decode())
