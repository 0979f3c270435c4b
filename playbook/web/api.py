"""JSON API under /api for municipal case systems: same services, same rules, Dutch 4xx.
Every body and answer is a declared pydantic model, so the OpenAPI description is the contract."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlmodel import Session, col, select

from playbook.cases import service
from playbook.cases.intake import CaseIntake
from playbook.cases.overview import audit_trail, due_items, overview
from playbook.cases.repeats import RepeatFound
from playbook.cases.repository import get_case
from playbook.decisions import service as decisions
from playbook.storage.tables import Case
from playbook.users.scope import cases_visible_to, visible_municipalities
from playbook.validation import INT_MAX, SINGLE_LINE
from playbook.web.api_models import (
    AuditOut,
    CaseOut,
    DecisionOut,
    DueOut,
    StepChange,
    VersionIn,
)
from playbook.web.api_route import ERRORS, DutchRoute
from playbook.web.api_views import case_out, decision_out
from playbook.web.app import now
from playbook.web.deps import CaseRead, CaseWork, Db, Reader, csrf
from playbook.web.intake import register
from playbook.web.security import Principal, require

StepId = Annotated[
    str, Path(max_length=64, pattern=SINGLE_LINE, description="stap-id uit het draaiboek")
]
router = APIRouter(
    prefix="/api",
    tags=["zaken"],
    responses=ERRORS,
    route_class=DutchRoute,
    dependencies=[Depends(csrf)],
)


def _after_change(db: Session, reference: str) -> CaseOut:
    """The case as it stands after this request's own changes (flushed, not yet committed)."""

    db.flush()
    return case_out(overview(db, get_case(db, reference), now(), whole_case=True))


def creator(request: Request) -> Principal:
    return require(request, "case:create")


@router.get("/zaken", response_model=list[CaseOut], summary="Zaken van uw gemeente")
def list_cases(
    user: Reader,
    db: Db,
    fase: Annotated[str | None, Query(max_length=64, pattern=SINGLE_LINE)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=INT_MAX)] = 0,
) -> list[CaseOut]:
    query = select(Case).where(cases_visible_to(user))
    if fase:
        query = query.where(Case.phase == fase)
    cases = db.exec(query.order_by(col(Case.id)).offset(offset).limit(limit)).all()
    moment = now()
    return [case_out(overview(db, c, moment), with_steps=False) for c in cases]


class CaseIntakeIn(CaseIntake):
    """The intake, plus the confirmation that found earlier cases are indeed this case's past."""

    confirm_repeat: bool = False


@router.post(
    "/zaken", response_model=CaseOut, status_code=201, summary="Nieuw incident registreren",
    responses={409: {"description": "Eerdere zaken gevonden; bevestig met confirm_repeat"}},
)
def create(user: Annotated[Principal, Depends(creator)], db: Db,
           intake: CaseIntakeIn) -> CaseOut | JSONResponse:
    """Dezelfde velden en controles als het intakeformulier en `playbook zaak nieuw`.
    Eerdere zaken op hetzelfde adres, in hetzelfde pand of tegen dezelfde persoon geven 409 met
    `matches`; stuur dan `confirm_repeat: true` mee om te koppelen en aan te maken."""
    try:
        reference = register(db, user, intake.model_dump(exclude_none=True))
    except RepeatFound as exc:
        db.rollback()
        return JSONResponse(status_code=409, content={
            "detail": exc.message, "problems": exc.problems,
            "matches": [{"kind": m.kind, "reference": m.reference, "address": m.address,
                         "incident_at": m.incident_at.isoformat(), "attacks": m.attacks}
                        for m in exc.matches]})
    return _after_change(db, reference)


@router.get("/zaken/{reference}", response_model=CaseOut, summary="Eén zaak met alle stappen")
def show(scope: CaseRead, db: Db) -> CaseOut:
    return case_out(overview(db, scope.case, now(), whole_case=True))


@router.post(
    "/zaken/{reference}/stappen/{step_id}",
    response_model=CaseOut,
    summary="Stap afronden, overslaan of heropenen",
)
def change_step(scope: CaseWork, db: Db, step_id: StepId, change: StepChange) -> CaseOut:
    service.set_step(
        session=db,
        reference=scope.reference,
        step_id=step_id,
        status=change.status,
        reason=change.reason,
        actor=scope.user.username,
        now=now(),
        expected_version=change.version,
    )
    return _after_change(db, scope.reference)


@router.post("/zaken/{reference}/volgende", response_model=CaseOut, summary="Naar de volgende fase")
def advance(scope: CaseWork, db: Db, body: VersionIn | None = None) -> CaseOut:
    service.advance(
        session=db,
        reference=scope.reference,
        actor=scope.user.username,
        now=now(),
        expected_version=body.version if body else None,
    )
    return _after_change(db, scope.reference)


@router.get("/zaken/{reference}/audit", response_model=list[AuditOut], summary="Auditspoor")
def audit(scope: CaseRead, db: Db) -> list[AuditOut]:
    return [
        AuditOut(
            at=e.at,
            actor=e.actor,
            action=e.action,
            subject=e.subject,
            old=e.old,
            new=e.new,
            reason=e.reason,
        )
        for e in audit_trail(db, scope.case)
    ]


@router.get(
    "/zaken/{reference}/besluiten",
    response_model=list[DecisionOut],
    response_model_by_alias=True,
    summary="Besluiten met ontbrekende onderdelen en termijnen",
)
def decisions_of(scope: CaseRead, db: Db) -> list[DecisionOut]:
    moment = now()
    return [decision_out(db, scope, d, moment) for d in decisions.decisions_of(db, scope.case)]


@router.get(
    "/termijnen",
    response_model=list[DueOut],
    summary="Open stappen met termijn over alle zaken, te laat eerst",
)
def due(user: Reader, db: Db) -> list[DueOut]:
    return [
        DueOut(
            reference=d.case.reference,
            phase=d.phase_title,
            step=d.item.step.id,
            partner=d.item.step.partner,
            due=d.item.due,
            overdue=d.item.overdue,
        )
        for d in due_items(db, now(), visible_municipalities(user))
    ]
