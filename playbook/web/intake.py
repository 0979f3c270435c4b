"""Registering an incident from the web, shared by the intake form and the JSON API."""

from typing import Any

from fastapi import HTTPException
from sqlmodel import Session

from playbook.cases import service
from playbook.cases.intake import parse_intake
from playbook.config import get_settings
from playbook.definition.loader import load_from_settings
from playbook.web.app import now
from playbook.web.security import Principal

# Case facts on the intake form (besides address and incident): they decide which steps apply.
FACT_FIELDS = ("residents_displaced", "vehicle_at_home", "household_children", "tenure",
               "mixed_use", "business_kind", "public_building", "occupant_involved",
               "earlier_attacks", "incident_with")


def register(session: Session, user: Principal, data: dict[str, Any]) -> str:
    """Validate, check the municipality, create (or record a repeat) in the request's unit of
    work; return the reference."""
    moment = now()
    parsed = parse_intake(data, moment)
    playbook = load_from_settings()
    if playbook.municipality.cbs_code != user.municipality_code:
        raise HTTPException(403, "U kunt alleen zaken voor uw eigen gemeente aanmaken.")
    case, _ = service.create_case(session=session, intake=parsed, playbook=playbook,
                                  actor=user.username, now=moment,
                                  repeat_window_days=get_settings().repeat_window_days)
    return case.reference
