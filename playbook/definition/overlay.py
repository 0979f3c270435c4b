"""The municipal overlay on the national playbook, applied to the raw YAML data before validation.

What a municipality file can say (all checked, errors in Dutch naming file, step and field):
- `local_steps`: add a step to a phase (`phase:` required) or change fields of a national one;
- `disable`: switch a national step off, with the reason (`[{step: id, reason: ...}]`);
- `order`: per phase, the order of (some of) its steps (`{nazorg: [a, b]}`: listed steps
  first, in that order, the rest after them as before);
- `local_partners`, `documents`, `anchors`: extra partners, documents and due anchors;
- `region`: the regional file (police unit, prosecutor's office, safety region, shared contacts).
"""

from pathlib import Path
from typing import Any

Origins = list[list[str]]


def _index(phases: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    where: dict[str, tuple[int, int]] = {}
    for p_idx, phase in enumerate(phases):
        for s_idx, step in enumerate(phase.get("steps") or []):
            if isinstance(step, dict):
                where[str(step.get("id"))] = (p_idx, s_idx)
    return where


def apply_local_steps(phases: list[dict[str, Any]], origins: Origins, local_steps: list[Any],
                      path: Path) -> list[str]:
    """Add local steps or override national ones by id; return problems found."""
    problems = []
    where = _index(phases)
    for n, local in enumerate(local_steps, start=1):
        if not isinstance(local, dict) or "id" not in local:
            problems.append(f"{path}, lokale stap {n}: veld 'id' ontbreekt")
            continue
        local = dict(local)
        target_phase = local.pop("phase", None)
        if local["id"] in where:
            p_idx, s_idx = where[local["id"]]
            if target_phase not in (None, phases[p_idx].get("id")):
                problems.append(
                    f"{path}, stap '{local['id']}': een landelijke stap kan niet naar "
                    f"een andere fase verhuizen ('{target_phase}')"
                )
                continue
            phases[p_idx]["steps"][s_idx] = {**phases[p_idx]["steps"][s_idx], **local}
            origins[p_idx][s_idx] = f"{path} (lokale aanpassing)"
            continue
        found = next((i for i, p in enumerate(phases) if p.get("id") == target_phase), None)
        if found is None:
            problems.append(
                f"{path}, stap '{local['id']}': nieuwe lokale stap heeft een bestaande "
                f"'phase' nodig (gegeven: '{target_phase}')"
            )
            continue
        local.setdefault("source", f"Lokaal draaiboek {path.stem}")
        phases[found].setdefault("steps", []).append(local)
        origins[found].append(f"{path} (lokale stap)")
        where[local["id"]] = (found, len(phases[found]["steps"]) - 1)
    return problems


def apply_disable(phases: list[dict[str, Any]], origins: Origins, disable: Any,
                  path: Path) -> list[str]:
    """Switch national steps off; the reason stays visible on every checklist."""
    if not isinstance(disable, list):
        return [f"{path}, veld 'disable': moet een lijst zijn van {{step: ..., reason: ...}}"]
    problems = []
    where = _index(phases)
    for n, item in enumerate(disable, start=1):
        if not isinstance(item, dict):
            problems.append(f"{path}, veld 'disable.{n}': verwacht step en reason")
            continue
        step_id, reason = item.get("step"), str(item.get("reason") or "").strip()
        unknown = set(item) - {"step", "reason"}
        if unknown:
            problems.append(f"{path}, veld 'disable.{n}': onbekend veld {sorted(unknown)}")
        if step_id not in where:
            problems.append(f"{path}, veld 'disable.{n}.step': onbekende stap '{step_id}'")
            continue
        if len(reason) < 3:
            problems.append(f"{path}, stap '{step_id}', veld 'disable.{n}.reason': een landelijke "
                            "stap uitschakelen kan alleen met een reden")
            continue
        p_idx, s_idx = where[step_id]
        phases[p_idx]["steps"][s_idx] = {**phases[p_idx]["steps"][s_idx], "disabled": reason}
        origins[p_idx][s_idx] = f"{path} (uitgeschakeld)"
    return problems


def apply_order(phases: list[dict[str, Any]], origins: Origins, order: Any,
                path: Path) -> list[str]:
    """Reorder steps within a phase: listed steps first, in the given order."""
    if not isinstance(order, dict):
        return [f"{path}, veld 'order': verwacht per fase een lijst van stap-id's"]
    problems = []
    for phase_id, wanted in order.items():
        p_idx = next((i for i, p in enumerate(phases) if p.get("id") == phase_id), None)
        if p_idx is None:
            problems.append(f"{path}, veld 'order.{phase_id}': onbekende fase '{phase_id}'")
            continue
        steps = phases[p_idx].get("steps") or []
        ids = [s.get("id") if isinstance(s, dict) else None for s in steps]
        if not isinstance(wanted, list):
            problems.append(f"{path}, veld 'order.{phase_id}': moet een lijst van stap-id's zijn")
            continue
        bad = [w for w in wanted if w not in ids]
        for step_id in bad:
            problems.append(f"{path}, veld 'order.{phase_id}': stap '{step_id}' hoort niet bij "
                            f"fase '{phase_id}' (een stap kan alleen binnen zijn fase schuiven)")
        if bad or len(set(wanted)) != len(wanted):
            if not bad:
                problems.append(f"{path}, veld 'order.{phase_id}': een stap staat er dubbel in")
            continue
        positions = [ids.index(w) for w in wanted]
        rest = [i for i in range(len(steps)) if i not in positions]
        new = positions + rest
        phases[p_idx]["steps"] = [steps[i] for i in new]
        origins[p_idx] = [origins[p_idx][i] for i in new]
    return problems


def region_path(value: Any, municipality_file: Path, regions_dir: Path | None) -> Path:
    """`region: rivierland` -> regions/rivierland.yaml (next to municipalities/, or installed)."""
    name = str(value)
    if name.endswith(".yaml"):
        return (municipality_file.parent / name).resolve()
    if regions_dir is None:
        sibling = municipality_file.resolve().parent.parent / "regions"
        if sibling.is_dir():
            regions_dir = sibling
        else:
            from playbook.resources import data_dir

            regions_dir = data_dir("regions")
    return regions_dir / f"{name}.yaml"


def merge_region(municipality: dict[str, Any], region: dict[str, Any], stem: str) -> None:
    """The region's shared contacts apply unless the municipality names its own."""
    region = {"id": stem, **region}
    shared: dict[str, Any] = region["partners"] if isinstance(region.get("partners"), dict) else {}
    own: dict[str, Any] = (
        municipality["partners"] if isinstance(municipality.get("partners"), dict) else {}
    )
    municipality["partners"] = {**shared, **own}
    municipality["region"] = region
