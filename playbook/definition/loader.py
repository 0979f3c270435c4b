"""Load the national playbook (`phases/`) merged with a municipal overlay, or explain in Dutch why not."""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from playbook.definition.models import Playbook
from playbook.errors import DefinitionError
from playbook.validation import describe_errors

META_FILE = "playbook.yaml"


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DefinitionError(f"{path}: bestand niet gevonden") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (regel {mark.line + 1}, kolom {mark.column + 1})" if mark else ""
        raise DefinitionError(f"{path}{where}: geen geldige YAML") from None


def _mapping(path: Path) -> dict[str, Any]:
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise DefinitionError(f"{path}: verwacht een blok met velden bovenaan het bestand")
    return data


def _apply_overlay(
    phases: list[dict[str, Any]],
    origins: list[list[str]],
    local_steps: list[Any],
    overlay_path: Path,
) -> list[str]:
    """Add local steps or override national ones by id; return problems found."""
    problems = []
    where = {}
    for p_idx, phase in enumerate(phases):
        for s_idx, step in enumerate(phase.get("steps") or []):
            if isinstance(step, dict):
                where[step.get("id")] = (p_idx, s_idx)
    for n, local in enumerate(local_steps, start=1):
        if not isinstance(local, dict) or "id" not in local:
            problems.append(f"{overlay_path}, lokale stap {n}: veld 'id' ontbreekt")
            continue
        local = dict(local)
        target_phase = local.pop("phase", None)
        if local["id"] in where:
            p_idx, s_idx = where[local["id"]]
            if target_phase not in (None, phases[p_idx].get("id")):
                problems.append(
                    f"{overlay_path}, stap '{local['id']}': een landelijke stap kan niet naar "
                    f"een andere fase verhuizen ('{target_phase}')"
                )
                continue
            phases[p_idx]["steps"][s_idx] = {**phases[p_idx]["steps"][s_idx], **local}
            origins[p_idx][s_idx] = f"{overlay_path} (lokale aanpassing)"
            continue
        p_idx = next((i for i, p in enumerate(phases) if p.get("id") == target_phase), None)
        if p_idx is None:
            problems.append(
                f"{overlay_path}, stap '{local['id']}': nieuwe lokale stap heeft een bestaande "
                f"'phase' nodig (gegeven: '{target_phase}')"
            )
            continue
        phases[p_idx].setdefault("steps", []).append(local)
        origins[p_idx].append(f"{overlay_path} (lokale stap)")
    return problems


def load_playbook(phases_dir: Path, municipality_file: Path) -> Playbook:
    meta = _mapping(phases_dir / META_FILE)
    phase_files = sorted(p for p in phases_dir.glob("*.yaml") if p.name != META_FILE)
    if not phase_files:
        raise DefinitionError(f"{phases_dir}: geen fasebestanden (*.yaml) gevonden")
    phases = [_mapping(p) for p in phase_files]
    origins = [
        [str(f)] * len(ph.get("steps") or []) if isinstance(ph.get("steps"), list) else []
        for f, ph in zip(phase_files, phases, strict=True)
    ]
    municipality = _mapping(municipality_file)
    municipality.pop("retention", None)  # operational, not part of a case's playbook: see retention/
    problems = _apply_overlay(phases, origins, municipality.pop("local_steps", None) or [],
                              municipality_file)

    def locate(loc: Sequence[int | str]) -> str:
        if loc and loc[0] == "municipality":
            return f"{municipality_file}, veld '{'.'.join(map(str, loc[1:]))}'"
        if len(loc) >= 2 and loc[0] == "phases" and isinstance(loc[1], int):
            p_idx = loc[1]
            if len(loc) >= 4 and loc[2] == "steps" and isinstance(loc[3], int):
                step = phases[p_idx]["steps"][loc[3]]
                step_id = step.get("id", f"nr. {loc[3] + 1}") if isinstance(step, dict) else loc[3] + 1
                field = ".".join(map(str, loc[4:])) or "(stap)"
                return f"{origins[p_idx][loc[3]]}, stap '{step_id}', veld '{field}'"
            return f"{phase_files[p_idx]}, veld '{'.'.join(map(str, loc[2:])) or '(fase)'}'"
        return f"{phases_dir / META_FILE}, veld '{'.'.join(map(str, loc)) or '(draaiboek)'}'"

    try:
        playbook = Playbook.model_validate({**meta, "phases": phases, "municipality": municipality})
    except ValidationError as exc:
        problems += describe_errors(exc, locate)
    if problems:
        raise DefinitionError("Het draaiboek is ongeldig:\n" + "\n".join(f"- {p}" for p in problems))
    return playbook


def load_from_settings() -> Playbook:
    from playbook.config import get_settings

    settings = get_settings()
    return load_playbook(settings.resolved_phases_dir(), settings.resolved_municipality_file())
