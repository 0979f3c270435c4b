"""Cases and decisions as the /api answers them (api_models.py declares the shapes)."""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from playbook.cases.overview import CaseOverview
from playbook.decisions import service as decisions
from playbook.web.api_models import (
    AddresseeOut,
    CaseOut,
    DeadlineOut,
    DecisionOut,
    StatusChangeOut,
    StepOut,
)
from playbook.web.deps import Scoped


def case_out(view: CaseOverview, with_steps: bool = True) -> CaseOut:
    case = view.case
    steps = (
        [
            StepOut(
                id=i.step.id,
                title=i.step.title,
                phase=b.phase.id,
                round=b.round,
                status=i.status.value,
                partner=i.step.partner,
                mandatory=i.step.mandatory,
                legal_basis=i.step.legal_basis,
                due=i.due,
                overdue=i.overdue,
                reason=i.record.reason if i.record else None,
            )
            for b in view.blocks
            for i in b.items
        ]
        if with_steps
        else []
    )
    return CaseOut(
        reference=case.reference,
        version=case.version,
        address=view.address,
        object_type=case.object_type,
        incident_kind=case.incident_kind,
        incident_at=case.incident_at,
        phase=case.phase,
        phase_title=view.phase_title,
        round=case.round,
        repeat=view.snapshot.facts.repeat,
        closure=case.closure,
        open_mandatory_steps=[i.step.id for i in view.blockers],
        steps=steps,
    )


def decision_out(db: Session, scope: Scoped, d: Any, moment: datetime) -> DecisionOut:
    missing = (
        decisions.check(session=db, reference=scope.reference, decision_id=d.id, now=moment)
        if d.status in ("concept", "voornemen")
        else []
    )
    return DecisionOut(
        id=d.id,
        kind=d.kind,
        status=d.status,
        start_date=d.start_date,
        start_time=d.start_time,
        end_date=decisions.end_date(d),
        missing=missing,
        addressees=[
            AddresseeOut(
                id=a.id,
                name=a.name,
                capacity=a.capacity,
                made_known_on=a.made_known_on,
                made_known_how=a.made_known_how,
            )
            for a in decisions.addressees_of(db, d)
        ],
        history=[
            StatusChangeOut(
                from_=h.from_status, to=h.to_status, actor=h.actor, at=h.at, reason=h.reason
            )
            for h in decisions.history(db, d)
        ],
        deadlines=[
            DeadlineOut(label=t.label, end=t.end, derivation=t.explain(), warning=t.warning)
            for t in decisions.deadlines(d, db)
        ],
    )
