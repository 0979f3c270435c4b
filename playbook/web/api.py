"""JSON API under /api for municipal case systems: same services, same rules, Dutch 4xx."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import col, select

from playbook.cases import service
from playbook.cases.overview import CaseOverview, audit_trail, due_items, overview
from playbook.cases.repeats import RepeatFound
from playbook.cases.repository import get_case
from playbook.decisions import service as decisions
from playbook.definition.enums import StepStatus
from playbook.storage.db import read_session, unit_of_work
from playbook.storage.tables import Case
from playbook.users.scope import cases_visible_to, visible_municipalities
from playbook.validation import INT_MAX, INT_MIN, LONG_TEXT, MULTI_LINE, SINGLE_LINE
from playbook.web.app import now
from playbook.web.intake import register
from playbook.web.security import Principal, check_case, check_csrf, require, require_case


class ErrorOut(BaseModel):
    """Every refusal of the API: a Dutch sentence and, for input, one line per field."""

    detail: str = Field(description="wat er mis is en wat u kunt doen, in het Nederlands")
    problems: list[str] | None = Field(default=None, description="één regel per ongeldig veld")


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
Reference = Annotated[str, Path(max_length=32, pattern=SINGLE_LINE,
                                description="zaaknummer, bijv. GM9999-2025-0001")]
StepId = Annotated[str, Path(max_length=64, pattern=SINGLE_LINE,
                             description="stap-id uit het draaiboek")]
router = APIRouter(prefix="/api", tags=["zaken"], responses=ERRORS)


class StepOut(BaseModel):
    id: str
    title: str
    phase: str
    round: int
    status: str
    partner: str
    mandatory: bool
    legal_basis: str | None
    due: datetime | None
    overdue: bool
    reason: str | None


class CaseOut(BaseModel):
    reference: str
    version: int
    address: str
    object_type: str
    incident_kind: str
    incident_at: datetime
    phase: str
    phase_title: str
    round: int
    repeat: bool
    closure: bool
    open_mandatory_steps: list[str]
    steps: list[StepOut] = []


class StepChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: StepStatus = Field(description="afgerond, overgeslagen of open")
    reason: str | None = Field(default=None, max_length=LONG_TEXT, pattern=MULTI_LINE,
                                  description="verplicht bij overslaan")
    version: int | None = Field(default=None, ge=INT_MIN, le=INT_MAX,
                                description="versie die u zag (conflictcontrole)")


class VersionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int | None = Field(default=None, ge=INT_MIN, le=INT_MAX)


def _out(view: CaseOverview, with_steps: bool = True) -> CaseOut:
    case = view.case
    steps = [StepOut(id=i.step.id, title=i.step.title, phase=b.phase.id, round=b.round,
                     status=i.status.value, partner=i.step.partner, mandatory=i.step.mandatory,
                     legal_basis=i.step.legal_basis, due=i.due, overdue=i.overdue,
                     reason=i.record.reason if i.record else None)
             for b in view.blocks for i in b.items] if with_steps else []
    return CaseOut(reference=case.reference, version=case.version, address=view.address,
                   object_type=case.object_type, incident_kind=case.incident_kind,
                   incident_at=case.incident_at, phase=case.phase, phase_title=view.phase_title,
                   round=case.round, repeat=view.snapshot.facts.repeat, closure=case.closure,
                   open_mandatory_steps=[i.step.id for i in view.blockers], steps=steps)


def _guard(request: Request, action: str, reference: str | None = None) -> Principal:
    user = require_case(request, reference, action) if reference else require(request, action)
    if request.method != "GET":
        if user.via_token and user.scope != "schrijven":
            raise HTTPException(403, "Dit API-token mag alleen opvragen (scope lezen).")
        check_csrf(request, request.headers.get("x-csrf-token"), user)
    return user


def _case_out(request: Request, user: Principal, reference: str) -> CaseOut:
    with read_session(request.app.state.engine) as session:
        case = get_case(session, reference)
        check_case(user, case)
        return _out(overview(session, case, now(), whole_case=True))


@router.get("/zaken", response_model=list[CaseOut], summary="Zaken van uw gemeente")
def list_cases(request: Request,
               fase: Annotated[str | None, Query(max_length=64, pattern=SINGLE_LINE)] = None,
               limit: Annotated[int, Query(ge=1, le=500)] = 50,
               offset: Annotated[int, Query(ge=0, le=INT_MAX)] = 0) -> Any:
    user = _guard(request, "case:read")
    with read_session(request.app.state.engine) as session:
        query = select(Case).where(cases_visible_to(user))
        if fase:
            query = query.where(Case.phase == fase)
        cases = session.exec(query.order_by(col(Case.id)).offset(offset).limit(limit)).all()
        moment = now()
        return [_out(overview(session, c, moment), with_steps=False) for c in cases]


@router.post("/zaken", response_model=CaseOut, status_code=201, summary="Nieuw incident registreren")
def create(request: Request, intake: dict[str, Any]) -> Any:
    """Dezelfde velden en controles als het intakeformulier en `playbook zaak nieuw`.
    Eerdere zaken op hetzelfde adres, in hetzelfde pand of tegen dezelfde persoon geven 409 met
    `matches`; stuur dan `confirm_repeat: true` mee om te koppelen en aan te maken."""
    user = _guard(request, "case:create")
    try:
        reference = register(request, user, intake)
    except RepeatFound as exc:
        return JSONResponse(status_code=409, content={
            "detail": exc.message, "problems": exc.problems,
            "matches": [{"kind": m.kind, "reference": m.reference, "address": m.address,
                         "incident_at": m.incident_at.isoformat(), "attacks": m.attacks}
                        for m in exc.matches]})
    return _case_out(request, user, reference)


@router.get("/zaken/{reference}", response_model=CaseOut, summary="Eén zaak met alle stappen")
def show(request: Request, reference: Reference) -> Any:
    return _case_out(request, _guard(request, "case:read"), reference)


@router.post("/zaken/{reference}/stappen/{step_id}", response_model=CaseOut, summary="Stap afronden, overslaan of heropenen")
def change_step(request: Request, reference: Reference, step_id: StepId, change: StepChange) -> Any:
    user = _guard(request, "case:work", reference)
    with unit_of_work(request.app.state.engine) as session:
        service.set_step(session=session, reference=reference, step_id=step_id, status=change.status,
                         reason=change.reason, actor=user.username, now=now(),
                         expected_version=change.version)
    return _case_out(request, user, reference)


@router.post("/zaken/{reference}/volgende", response_model=CaseOut, summary="Naar de volgende fase")
def advance(request: Request, reference: Reference, body: VersionIn | None = None) -> Any:
    user = _guard(request, "case:work", reference)
    with unit_of_work(request.app.state.engine) as session:
        service.advance(session=session, reference=reference, actor=user.username, now=now(),
                        expected_version=body.version if body else None)
    return _case_out(request, user, reference)


@router.get("/zaken/{reference}/audit", summary="Auditspoor")
def audit(request: Request, reference: Reference) -> Any:
    user = _guard(request, "case:read")
    with read_session(request.app.state.engine) as session:
        case = get_case(session, reference)
        check_case(user, case)
        return [{"at": e.at, "actor": e.actor, "action": e.action, "subject": e.subject,
                 "old": e.old, "new": e.new, "reason": e.reason} for e in audit_trail(session, case)]


@router.get("/zaken/{reference}/besluiten", summary="Besluiten met ontbrekende onderdelen en termijnen")
def decisions_of(request: Request, reference: Reference) -> Any:
    user = _guard(request, "case:read")
    moment = now()
    with read_session(request.app.state.engine) as session:
        case = get_case(session, reference)
        check_case(user, case)
        return [{"id": d.id, "kind": d.kind, "status": d.status, "start_date": d.start_date,
                 "end_date": decisions.end_date(d),
                 "missing": decisions.check(session=session, reference=reference, decision_id=d.id,  # type: ignore[arg-type]
                                            now=moment) if d.status in ("concept", "voornemen") else [],
                 "start_time": d.start_time,
                 "addressees": [{"id": a.id, "name": a.name, "capacity": a.capacity,
                                 "made_known_on": a.made_known_on, "made_known_how": a.made_known_how}
                                for a in decisions.addressees_of(session, d)],
                 "history": [{"from": h.from_status, "to": h.to_status, "actor": h.actor,
                              "at": h.at, "reason": h.reason} for h in decisions.history(session, d)],
                 "deadlines": [{"label": t.label, "end": t.end, "derivation": t.explain(),
                                "warning": t.warning}
                               for t in decisions.deadlines(d, session)]}
                for d in decisions.decisions_of(session, case)]


@router.get("/termijnen", summary="Open stappen met termijn over alle zaken, te laat eerst")
def due(request: Request) -> Any:
    user = _guard(request, "case:read")
    with read_session(request.app.state.engine) as session:
        return [{"reference": d.case.reference, "phase": d.phase_title, "step": d.item.step.id,
                 "partner": d.item.step.partner, "due": d.item.due, "overdue": d.item.overdue}
                for d in due_items(session, now(), visible_municipalities(user))]
