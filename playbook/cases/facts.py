"""Changing case facts after intake: step applicability follows from them at once."""

from datetime import datetime
from typing import Any

from playbook.cases.audit import record
from playbook.cases.repository import get_case, touch
from playbook.definition.enums import BusinessKind, Tenure
from playbook.definition.models import CLOSED
from playbook.errors import Conflict, InvalidInput, NotAllowed
from playbook.storage.tables import Case

LABELS = {"closure": "sluiting", "publicly_accessible": "publiek-toegankelijk",
          "injured": "gewonden", "damage": "schade", "residents_displaced": "ontheemd",
          "vehicle_at_home": "voertuig-bij-woning", "children": "kinderen-in-huishouden",
          "tenure": "eigendom", "mixed_use": "gemengd-pand", "business_kind": "bedrijfssoort",
          "public_building": "publiek-gebouw", "occupant_involved": "bewoner-betrokken"}


def _check(case: Case, changes: dict[str, Any]) -> None:
    problems = []
    if changes.get("injured") is not None and changes["injured"] < 0:
        problems.append("gewonden: moet minstens 0 zijn")
    if changes.get("tenure") is not None and changes["tenure"] not in {t.value for t in Tenure}:
        problems.append(f"eigendom: onbekende waarde '{changes['tenure']}'; kies uit: "
                        + ", ".join(t.value for t in Tenure))
    kinds = {k.value for k in BusinessKind}
    if changes.get("business_kind") is not None and changes["business_kind"] not in kinds:
        problems.append(f"bedrijfssoort: onbekende waarde '{changes['business_kind']}'; kies uit: "
                        + ", ".join(sorted(kinds)))
    if changes.get("vehicle_at_home") and case.object_type != "voertuig":
        problems.append("voertuig-bij-woning: geldt alleen als het object een voertuig is")
    if problems:
        raise InvalidInput(problems)


def update_facts(*, session: Any, reference: str, actor: str, now: datetime,
                 expected_version: int | None = None, **changes: Any) -> Case:
    """Change case facts (keywords as in LABELS; None leaves a fact as it is), each change
    audited. Applicability of steps is derived from the facts, so it follows at once."""
    unknown = set(changes) - set(LABELS)
    if unknown:
        raise InvalidInput([f"{name}: onbekend feit" for name in sorted(unknown)])
    case = get_case(session, reference)
    if expected_version is not None and case.version != expected_version:
        raise Conflict(
            f"Zaak {case.reference} is intussen door iemand anders gewijzigd (versie "
            f"{case.version}, u had versie {expected_version}). Uw wijziging is niet opgeslagen; "
            "bekijk de actuele stand en probeer het opnieuw."
        )
    if case.phase == CLOSED:
        raise NotAllowed(f"Zaak {case.reference} is gesloten; feiten kunnen niet meer wijzigen.")
    _check(case, changes)
    changed = {field: (getattr(case, field), value) for field, value in changes.items()
               if value is not None and getattr(case, field) != value}
    if not changed:
        raise NotAllowed("Er is niets gewijzigd: de opgegeven feiten staan al zo in de zaak.")
    for field, (_old, value) in changed.items():
        setattr(case, field, value)
    touch(case, now)  # before the audit rows: one UPDATE of the case, which returns its chain
    for field, (old, value) in changed.items():
        record(session, case, actor=actor, action="feit-gewijzigd", at=now, subject=LABELS[field],
               old=old, new=value)
    return case
