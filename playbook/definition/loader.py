"""Load the national playbook (`phases/`) merged with a municipal overlay (and the region it
names), or explain in Dutch why not: every problem at once, each naming file, step and field."""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from playbook.definition import overlay
from playbook.definition.models import Playbook, validation_context
from playbook.errors import DefinitionError
from playbook.validation import describe_errors

META_FILE = "playbook.yaml"
# Overlay keys that extend the playbook's open lists: overlay key -> playbook key.
LOCAL_LISTS = {"local_partners": "partners", "documents": "documents", "anchors": "anchors"}


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


def _local_lists(meta: dict[str, Any], municipality: dict[str, Any], path: Path) -> tuple[
        dict[str, Any], dict[str, int], list[str]]:
    """Append the overlay's local partners, documents and anchors; remember where they start."""
    merged = dict(meta)
    starts: dict[str, int] = {}
    problems = []
    for key, target in LOCAL_LISTS.items():
        national = list(merged.get(target) or [])
        starts[target] = len(national)
        local = municipality.pop(key, None) or []
        if not isinstance(local, list):
            problems.append(f"{path}, veld '{key}': moet een lijst zijn")
            local = []
        merged[target] = national + [
            {**item, "local": True} if isinstance(item, dict) else item for item in local
        ]
    return merged, starts, problems


def load_playbook(phases_dir: Path, municipality_file: Path,
                  regions_dir: Path | None = None) -> Playbook:
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
    municipality.pop(
        "retention", None
    )  # operational, not part of a case's playbook: see retention/
    region_file: Path | None = None
    if municipality.get("region") is not None:
        region_file = overlay.region_path(municipality["region"], municipality_file, regions_dir)
        overlay.merge_region(municipality, _mapping(region_file), region_file.stem)
    merged, starts, problems = _local_lists(meta, municipality, municipality_file)
    problems += overlay.apply_local_steps(phases, origins, municipality.pop("local_steps", None)
                                          or [], municipality_file)
    problems += overlay.apply_disable(phases, origins, municipality.pop("disable", None) or [],
                                      municipality_file)
    problems += overlay.apply_order(phases, origins, municipality.pop("order", None) or {},
                                    municipality_file)

    def locate(loc: Sequence[int | str]) -> str:
        if loc and loc[0] == "municipality":
            if len(loc) > 1 and loc[1] == "region" and region_file is not None:
                return f"{region_file}, veld '{'.'.join(map(str, loc[2:])) or '(regio)'}'"
            return f"{municipality_file}, veld '{'.'.join(map(str, loc[1:]))}'"
        if loc and loc[0] in starts and len(loc) > 1 and isinstance(loc[1], int):
            start = starts[str(loc[0])]
            if loc[1] >= start:
                key = next(k for k, v in LOCAL_LISTS.items() if v == loc[0])
                rest = ".".join(map(str, (key, loc[1] - start + 1, *loc[2:])))
                return f"{municipality_file}, veld '{rest}'"
        if len(loc) >= 2 and loc[0] == "phases" and isinstance(loc[1], int):
            p_idx = loc[1]
            if len(loc) >= 4 and loc[2] == "steps" and isinstance(loc[3], int):
                step = phases[p_idx]["steps"][loc[3]]
                step_id = (
                    step.get("id", f"nr. {loc[3] + 1}") if isinstance(step, dict) else loc[3] + 1
                )
                field = ".".join(map(str, loc[4:])) or "(stap)"
                return f"{origins[p_idx][loc[3]]}, stap '{step_id}', veld '{field}'"
            return f"{phase_files[p_idx]}, veld '{'.'.join(map(str, loc[2:])) or '(fase)'}'"
        return f"{phases_dir / META_FILE}, veld '{'.'.join(map(str, loc)) or '(draaiboek)'}'"

    data = {**merged, "phases": phases, "municipality": municipality}
    try:
        playbook = Playbook.model_validate(data, context=validation_context(data))
    except ValidationError as exc:
        problems += describe_errors(exc, locate)
    if problems:
        raise DefinitionError(
            "Het draaiboek is ongeldig:\n" + "\n".join(f"- {p}" for p in problems)
        )
    return playbook


def load_from_settings(cbs_code: str | None = None) -> Playbook:
    """The playbook of one configured municipality (default: the instance's default one),
    parsed once per process: see `playbook.definition.municipalities`."""
    from playbook.definition.municipalities import default_municipality, playbook_for

    return playbook_for(cbs_code) if cbs_code else default_municipality().playbook
