"""HTML pages for crisis officers: login, case list, intake, case page and its actions."""

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from playbook.cases import service
from playbook.cases.audit import record
from playbook.cases.overview import audit_trail, overview
from playbook.cases.repeats import KINDS, Match, RepeatFound, links_of
from playbook.cases.repository import get_case
from playbook.config import USER_TZ
from playbook.definition.enums import IncidentKind, ObjectType, PersonRole, StepStatus
from playbook.definition.models import CLOSED
from playbook.documents.service import list_documents
from playbook.errors import Conflict, InvalidInput, PlaybookError
from playbook.storage.db import read_session, unit_of_work
from playbook.storage.tables import WebSession
from playbook.users import sessions, throttle
from playbook.users.service import authenticate
from playbook.validation import INT_MAX, INT_MIN, MAX_ADDRESSES
from playbook.web import lists, work
from playbook.web.app import now, page
from playbook.web.intake import FACT_FIELDS, register
from playbook.web.security import check_csrf, current_user, require, require_case

router = APIRouter(include_in_schema=False)
router.include_router(lists.router)  # the case list: web/lists.py (issue 9, 11)
router.include_router(work.router)  # "Mijn werk": web/work.py
CsrfField = Annotated[str | None, Form(alias="csrf_token")]
Version = Annotated[int, Form(ge=INT_MIN, le=INT_MAX)]
DocumentId = Annotated[int, Path(ge=1, le=INT_MAX)]


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/login")
def login_form(request: Request, volgende: str = "/") -> Response:
    return page(request, "login.html.j2", title="Inloggen", next=volgende)


@router.post("/login")
def login(request: Request, gebruikersnaam: Annotated[str, Form(max_length=200)],
          wachtwoord: Annotated[str, Form(max_length=1000)],
          csrf_token: CsrfField = None, volgende: Annotated[str, Form()] = "/") -> Response:
    check_csrf(request, csrf_token)
    moment = now()
    tried = throttle.keys(gebruikersnaam, request.client.host if request.client else None)
    with unit_of_work(request.app.state.engine) as session:
        until = throttle.locked_until(session, tried, moment)
        user = None if until else authenticate(session, gebruikersnaam, wachtwoord)
        if until is None and user is None:
            # Failures are counted per account and address, not audited one row per guess;
            # the moment a key becomes locked is recorded once.
            for key in throttle.failed(session, tried, moment):
                record(session, None, actor="systeem", at=moment, action="inloggen-geblokkeerd",
                       subject=key[:64], reason=f"{throttle.ACCOUNT_LIMIT} of meer mislukte "
                       "pogingen binnen 15 minuten")
            until = throttle.locked_until(session, tried, moment)
        elif user is not None:
            throttle.succeeded(session, gebruikersnaam)
            token = sessions.start(session, user, moment, request.headers.get("user-agent"))
            record(session, None, actor=user.username, at=moment, action="ingelogd")
    if until is not None:
        return page(request, "login.html.j2", 429, title="Inloggen", next=volgende, errors=[
            "Te veel mislukte pogingen om in te loggen. Inloggen is geblokkeerd tot "
            f"{until.astimezone(USER_TZ):%H:%M} uur; probeer het daarna opnieuw of vraag de "
            "beheerder om hulp."])
    if user is None:
        return page(request, "login.html.j2", 401, title="Inloggen", next=volgende,
                    errors=["Gebruikersnaam of wachtwoord klopt niet."])
    request.session.clear()  # a fresh session on login: no fixation
    request.session["sid"] = token
    target = volgende if volgende.startswith("/") and not volgende.startswith("//") else "/"
    return _redirect(target)


@router.post("/logout")
def logout(request: Request, csrf_token: CsrfField = None) -> Response:
    check_csrf(request, csrf_token)
    user = current_user(request)
    if user is not None and user.session_id is not None:
        with unit_of_work(request.app.state.engine) as session:
            row = session.get(WebSession, user.session_id)
            if row is not None:
                sessions.end(row, now(), "uitgelogd")
            record(session, None, actor=user.username, action="uitgelogd", at=now())
    request.session.clear()
    return _redirect("/login")


@router.get("/")
def home(request: Request) -> Response:
    user = require(request)
    # Officers land on "Mijn werk" (issue 11), partners on their inbox, the region on its figures.
    start = {"partner": "/inbox", "regio": "/monitoring", "oov": "/werk"}
    return _redirect(start.get(user.role, "/zaken"))


INTAKE_FIELDS = ("street", "house_number", "house_suffix", "postcode", "city", "object_type",
                 "incident_kind", "occurred_at", "damage", "injured", "publicly_accessible",
                 *FACT_FIELDS)


def _intake_page(request: Request, user, values: dict, errors: list[str], status: int = 200,  # type: ignore[no-untyped-def,type-arg]
                 matches: list[Match] | None = None) -> Response:
    field_errors: dict[str, list[str]] = {}
    for error in errors:
        field_errors.setdefault(error.split(":", 1)[0].split(" ")[0], []).append(error)
    return page(request, "intake.html.j2", status, title="Nieuwe zaak", user=user, values=values,
                errors=errors, field_errors=field_errors, object_types=[o.value for o in ObjectType],
                kinds=[k.value for k in IncidentKind], roles=[r.value for r in PersonRole],
                matches=matches or [], repeat_kinds=KINDS)


@router.get("/zaken/nieuw")
def intake_form(request: Request) -> Response:
    user = require(request, "case:create")
    return _intake_page(request, user, {"persons": []}, [])


@router.post("/zaken/nieuw")
async def intake(request: Request) -> Response:
    user = require(request, "case:create")
    form = await request.form()
    check_csrf(request, form.get("csrf_token"))  # type: ignore[arg-type]
    values: dict = {f: (str(form.get(f) or "").strip() or None) for f in INTAKE_FIELDS}  # type: ignore[type-arg]
    values["occurred_at"] = values["occurred_at"].replace("T", " ") if values["occurred_at"] else None
    values["publicly_accessible"] = "ja" if form.get("publicly_accessible") else "nee"
    names, roles = form.getlist("person_name"), form.getlist("person_role")
    reliant, langs = form.getlist("person_self_reliant"), form.getlist("person_language")
    births = form.getlist("person_birth_date") or [""] * len(names)
    values["persons"] = [
        {"name": n, "role": r, "self_reliant": s or "ja", "language": lang or "nl",
         **({"birth_date": str(b).strip()} if str(b).strip() else {})}
        for n, r, s, lang, b in zip(names, roles, reliant, langs, births, strict=False)
        if str(n).strip()
    ]
    values["confirm_repeat"] = "ja" if form.get("confirm_repeat") == "ja" else None
    try:
        reference = register(request, user, {k: v for k, v in values.items() if v is not None})
    except RepeatFound as exc:  # shown before saving: the user confirms the link or goes back
        return _intake_page(request, user, values, [], 409, matches=exc.matches)
    except InvalidInput as exc:
        return _intake_page(request, user, values, exc.problems, 422)
    except PlaybookError as exc:
        return _intake_page(request, user, values, [exc.message], exc.status_code)
    return _redirect(f"/zaken/{reference}")


def case_page(request: Request, reference: str, message: str | None = None,
              errors: list[str] | None = None, status: int = 200) -> Response:
    user = require_case(request, reference)
    moment = now()
    with read_session(request.app.state.engine) as session:
        case = get_case(session, reference)
        view = overview(session, case, moment, whole_case=True)
        documents = list_documents(session, case)
        audit = audit_trail(session, case)
        phases = view.playbook.ordered_phases
        links = links_of(session, case)
    return page(request, "case.html.j2", status, title=f"Zaak {case.reference}", user=user,
                view=view, case=case, documents=documents, audit=audit, phases=phases,
                links=links, repeat_kinds=KINDS,
                message=message, errors=errors or [], closed=case.phase == CLOSED)


DONE_MESSAGES = {"stap": "De stap is bijgewerkt.", "fase": "De zaak staat in de volgende fase.",
                 "feiten": "De zaakfeiten zijn bijgewerkt.", "brief": "De brief is gemaakt en vastgelegd."}


@router.get("/zaken/{reference}")
def show_case(request: Request, reference: str, gelukt: str | None = None) -> Response:
    return case_page(request, reference, message=DONE_MESSAGES.get(gelukt or ""))


def _act(request: Request, reference: str, action, success: str) -> Response:  # type: ignore[no-untyped-def]
    """Run one service call; on a conflict or refusal show the fresh case with the reason."""
    try:
        with unit_of_work(request.app.state.engine) as session:
            action(session)
    except Conflict as exc:
        return case_page(request, reference, errors=[exc.message], status=409)
    except PlaybookError as exc:
        return case_page(request, reference, errors=[exc.message], status=exc.status_code)
    return _redirect(f"/zaken/{reference}?gelukt={success}")


@router.post("/zaken/{reference}/stappen/{step_id}")
def change_step(request: Request, reference: str, step_id: str, status: Annotated[str, Form()],
                versie: Version, reden: Annotated[str | None, Form()] = None,
                csrf_token: CsrfField = None) -> Response:
    user = require_case(request, reference, "case:work")
    check_csrf(request, csrf_token, user)
    try:
        chosen = StepStatus(status)
    except ValueError:
        return case_page(request, reference, errors=[f"Onbekende status '{status}'."], status=422)
    return _act(request, reference, lambda s: service.set_step(
        session=s, reference=reference, step_id=step_id, status=chosen, reason=reden,
        actor=user.username, now=now(), expected_version=versie), "stap")


@router.post("/zaken/{reference}/volgende")
def advance(request: Request, reference: str, versie: Version,
            csrf_token: CsrfField = None) -> Response:
    user = require_case(request, reference, "case:work")
    check_csrf(request, csrf_token, user)
    return _act(request, reference, lambda s: service.advance(
        session=s, reference=reference, actor=user.username, now=now(), expected_version=versie), "fase")


@router.post("/zaken/{reference}/feiten")
def facts(request: Request, reference: str, versie: Version,
          sluiting: Annotated[str | None, Form()] = None, csrf_token: CsrfField = None) -> Response:
    user = require_case(request, reference, "case:work")
    check_csrf(request, csrf_token, user)
    return _act(request, reference, lambda s: service.update_facts(
        session=s, reference=reference, actor=user.username, now=now(),
        closure=sluiting == "ja", expected_version=versie), "feiten")


@router.post("/zaken/{reference}/brieven")
def letters(request: Request, reference: str, soort: Annotated[str, Form()],
            persoon: Annotated[int | None, Form(ge=1, le=INT_MAX)] = None,
            adressen: Annotated[str | None, Form()] = None,
            csrf_token: CsrfField = None) -> Response:
    from playbook.letters import registry
    from playbook.letters.service import generate

    user = require_case(request, reference, registry.permission_for(soort))
    check_csrf(request, csrf_token, user)
    addresses = [a.strip() for a in (adressen or "").splitlines() if a.strip()] or None
    if addresses and len(addresses) > MAX_ADDRESSES:
        return case_page(request, reference, status=422, errors=[
            f"adressen: {len(addresses)} adressen; hoogstens {MAX_ADDRESSES} per keer. "
            "Verdeel de adressen over meer brieven."])
    return _act(request, reference, lambda s: generate(
        session=s, reference=reference, kind=soort, actor=user.username, now=now(),
        person_id=persoon, addresses=addresses), "brief")


@router.get("/zaken/{reference}/documenten/{document_id}")
def download(request: Request, reference: str, document_id: DocumentId) -> Response:
    from playbook.web.inbox import pdf_response

    user = require(request)
    return pdf_response(request, user, reference, document_id)
