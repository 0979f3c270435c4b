"""Registering an incident from the web, shared by the intake form and the JSON API."""

from typing import Any

from fastapi import HTTPException
from sqlmodel import Session

from playbook.cases import repeats
from playbook.cases.intake import parse_intake
from playbook.config import get_settings
from playbook.definition.municipalities import municipalities
from playbook.web.app import now
from playbook.web.security import Principal

# Case facts on the intake form (besides address and incident): they decide which steps apply.
FACT_FIELDS = ("residents_displaced", "vehicle_at_home", "household_children", "tenure",
               "mixed_use", "business_kind", "public_building", "occupant_involved",
               "earlier_attacks", "incident_with", "bag_id")


def register(session: Session, user: Principal, data: dict[str, Any]) -> str:
    """Validate, check the municipality, look for earlier cases (RepeatFound, 409, until
    `confirm_repeat` is true), create (or record a repeat) in the request's unit of work;
    return the reference."""
    moment = now()
    data = dict(data)
    confirmed = str(data.pop("confirm_repeat", "")).lower() in ("true", "ja", "1", "on")
    parsed = parse_intake(data, moment)
    # Always the user's own municipality (a regional grant is for reading only).
    local = municipalities().find(user.municipality_code)
    if local is None:
        raise HTTPException(403, "Voor uw gemeente is in deze installatie geen draaiboek "
                                 "ingesteld; vraag de beheerder.")
    case, _, _ = repeats.register_case(
        session=session, intake=parsed, playbook=local.playbook, actor=user.username, now=moment,
        repeat_window_days=get_settings().repeat_window_days, confirmed=confirmed)
    return case.reference
