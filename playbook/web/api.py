"""JSON API under /api for municipal case systems: same services, same rules, Dutch 4xx.
Every body and answer is a declared pydantic model, so the OpenAPI description is the contract."""

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from sqlmodel import Session, col, select

from playbook.cases import service
from playbook.cases.intake import CaseIntake, _label
from playbook.cases.overview import CaseOverview, audit_trail, due_items, overview
from playbook.cases.repeats import RepeatFound
from playbook.cases.repository import get_case
from playbook.decisions import service as decisions
from playbook.errors import InvalidInput
from playbook.storage.tables import Case
from playbook.users.scope import cases_visible_to, visible_municipalities
from playbook.validation import (
    INT_MAX,
    SINGLE_LINE,
    describe_errors,
)
from playbook.web.api_models import (
    AddresseeOut,
    AuditOut,
    CaseOut,
    DeadlineOut,
    DecisionOut,
    DueOut,
    ErrorOut,
    StatusChangeOut,
    StepChange,
    StepOut,
    VersionIn,
)
from playbook.web.app import now
from playbook.web.deps import CaseRead, CaseWork, Db, Reader, Scoped, csrf
from playbook.web.intake import register
from playbook.web.security import Principal, require


def _error(text: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": text}


# Declared on every operation, so the OpenAPI description matches what the API really answers.
ERRORS: dict[int | str, dict[str, Any]] = {
    401: _error("Niet ingelogd: geen of een ongeldig/verlopen API-token"),
    403: _error("Uw rol mag deze handeling niet doen"),
    404: _error("Zaak of stap bestaat niet, of hoort niet bij uw gemeente"),
    409: _error("Iemand anders wijzigde de zaak, of de fase kan nog niet worden afgesloten"),
    413: _error("De aanvraag is te groot"),
    422: _error("Ongeldige invoer; `problems` noemt elk veld"),
    503: _error("Het systeem is even druk; probeer het opnieuw"),
}


class DutchRoute(APIRoute):
    """Body validation problems named with the same Dutch field labels as the intake form and
    `playbook zaak nieuw` (huisnummer, objecttype, ...), not the English attribute names."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def dutch(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                if any(e["type"] == "json_invalid" for e in exc.errors()):
                    raise
                raise InvalidInput(
                    describe_errors(
                        exc,  # same .errors() shape as pydantic's
                        lambda loc: _label([p for p in loc if p != "body"]),
                    )
                ) from None

        return dutch


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


def _out(view: CaseOverview, with_steps: bool = True) -> CaseOut:
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


def _case_out(db: Session, reference: str) -> CaseOut:
    """The case as it stands after this request's own changes (flushed, not yet committed)."""

    db.flush()
    return _out(overview(db, get_case(db, reference), now(), whole_case=True))


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
    return [_out(overview(db, c, moment), with_steps=False) for c in cases]


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
    return _case_out(db, reference)


@router.get("/zaken/{reference}", response_model=CaseOut, summary="Eén zaak met alle stappen")
def show(scope: CaseRead, db: Db) -> CaseOut:
    return _out(overview(db, scope.case, now(), whole_case=True))


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
    return _case_out(db, scope.reference)


@router.post("/zaken/{reference}/volgende", response_model=CaseOut, summary="Naar de volgende fase")
def advance(scope: CaseWork, db: Db, body: VersionIn | None = None) -> CaseOut:
    service.advance(
        session=db,
        reference=scope.reference,
        actor=scope.user.username,
        now=now(),
        expected_version=body.version if body else None,
    )
    return _case_out(db, scope.reference)


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


def _decision(db: Session, scope: Scoped, d: Any, moment: datetime) -> DecisionOut:
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


@router.get(
    "/zaken/{reference}/besluiten",
    response_model=list[DecisionOut],
    response_model_by_alias=True,
    summary="Besluiten met ontbrekende onderdelen en termijnen",
)
def decisions_of(scope: CaseRead, db: Db) -> list[DecisionOut]:
    moment = now()
    return [_decision(db, scope, d, moment) for d in decisions.decisions_of(db, scope.case)]


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
