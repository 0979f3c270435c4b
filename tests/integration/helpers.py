"""Small builders for integration tests."""

from datetime import datetime
from typing import Any

from sqlmodel import Session, func, select

from playbook.cases import service
from playbook.cases.intake import parse_intake
from playbook.cases.overview import overview
from playbook.cases.repository import get_case
from playbook.definition.enums import StepStatus
from playbook.definition.models import Playbook
from playbook.storage.tables import AuditEvent, Case


def intake_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "street": "Havenstraat", "house_number": "14", "house_suffix": "2",
        "postcode": "9999 AB", "city": "Rivierstad", "object_type": "woning",
        "incident_kind": "aanslag", "occurred_at": "2025-03-07 02:40",
        "persons": [{"name": "Mevrouw A. de Boer", "role": "bewoner", "self_reliant": "nee"}],
    }
    data.update(overrides)
    return data


def create(session: Session, playbook: Playbook, now: datetime, **overrides: Any) -> Case:
    case, _ = service.create_case(session=session, intake=parse_intake(intake_data(**overrides), now),
                                  playbook=playbook, actor="oov", now=now)
    return case


def finish_phase(session: Session, reference: str, now: datetime, actor: str = "oov") -> str:
    """Mark every blocking step done and advance; return the new phase."""
    case = get_case(session, reference)
    for item in overview(session, case, now).blockers:
        service.set_step(session=session, reference=reference, step_id=item.step.id,
                         status=StepStatus.done, actor=actor, now=now)
    return service.advance(session=session, reference=reference, actor=actor, now=now).phase


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def audit_actions(session: Session, case: Case) -> list[str]:
    rows = session.exec(select(AuditEvent).where(AuditEvent.case_id == case.id)
                        .order_by(AuditEvent.id)).all()  # type: ignore[arg-type]
    return [r.action for r in rows]
