"""HTML pages for crisis officers: login, case list, intake, case page and its actions."""

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from playbook.cases import service
from playbook.cases.audit import record
from playbook.cases.repeats import KINDS, Match, RepeatFound, links_of
from playbook.config import USER_TZ
from playbook.definition.enums import IncidentKind, ObjectType, PersonRole, StepStatus
from playbook.storage.db import unit_of_work
from playbook.storage.tables import WebSession
from playbook.users import sessions, throttle
from playbook.users.service import authenticate
from playbook.validation import INT_MAX, INT_MIN, MAX_ADDRESSES
from playbook.web import lists, work
from playbook.web.app import now, page
from playbook.web.deps import (
    CaseLetters,
    CaseRead,
    CaseWork,
    Creator,
    Csrf,
    Db,
    Message,
    Reference,
    Scoped,
    User,
    attempt,
    field_errors,
    messages,
    redirect,
)
from playbook.web.forms import local_moment
from playbook.web.intake import FACT_FIELDS, register
from playbook.web.security import Principal, current_user, require

router = APIRouter(include_in_schema=False, dependencies=[Csrf])
router.include_router(lists.router)  # the case list: web/lists.py (issue 9, 11)
router.include_router(work.router)  # "Mijn werk": web/work.py
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
          volgende: Annotated[str, Form()] = "/") -> Response:
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
def logout(request: Request) -> Response:
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


def _intake_page(request: Request, user: Principal, values: dict[str, Any], errors: list[str],
                 status: int = 200, matches: list[Match] | None = None) -> Response:
    return page(request, "intake.html.j2", status, title="Nieuwe zaak", user=user, values=values,
                errors=errors, field_errors=field_errors(errors),
                object_types=[o.value for o in ObjectType],
                kinds=[k.value for k in IncidentKind], roles=[r.value for r in PersonRole],
                matches=matches or [], repeat_kinds=KINDS)


@router.get("/zaken/nieuw")
def intake_form(request: Request, user: Creator) -> Response:
    return _intake_page(request, user, {"persons": []}, [])


@router.post("/zaken/nieuw")
async def intake(request: Request, user: Creator, db: Db) -> Response:
    form = await request.form()
    values: dict[str, Any] = {f: (str(form.get(f) or "").strip() or None) for f in INTAKE_FIELDS}
    if values["occurred_at"]:
        values["occurred_at"] = values["occurred_at"].replace("T", " ")
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
    created: list[str] = []
    error = attempt(db, lambda: created.append(
        register(db, user, {k: v for k, v in values.items() if v is not None})))
    if isinstance(error, RepeatFound):  # shown before saving: confirm the link or go back
        return _intake_page(request, user, values, [], 409, matches=error.matches)
    if error is not None:
        return _intake_page(request, user, values, error.problems or [error.message],
                            error.status_code)
    return redirect(f"/zaken/{created[0]}")


def case_page(request: Request, db: Session, scope: Scoped, message: str | None = None,
              errors: list[Message] | None = None, status: int = 200,
              values: dict[str, Any] | None = None) -> Response:
    """The case as its officer works it. `values` re-fills a form after a refusal."""
    from playbook.web.case_context import case_context

    problems = errors or []
    return page(request, "case.html.j2", status, title=f"Zaak {scope.case.reference}",
                user=scope.user, message=message, errors=problems,
                field_errors=field_errors(problems), values=values or {},
                links=links_of(db, scope.case), repeat_kinds=KINDS,
                **case_context(db, scope.case, now()))


DONE_MESSAGES = {"stap": "De stap is bijgewerkt.", "fase": "De zaak staat in de volgende fase.",
                 "feiten": "De zaakfeiten zijn bijgewerkt.",
                 "brief": "De brief is gemaakt en vastgelegd.",
                 "verzegeld": "De verzegeling is vastgelegd.",
                 "persoon": "De persoon is toegevoegd.", "huishouden": "De persoon is bijgewerkt.",
                 "verzoek": "Het informatieverzoek is vastgelegd en de brief gemaakt.",
                 "antwoord": "Het antwoord is vastgelegd.",
                 "aanslag": "De aanslag is vastgelegd; de zaak staat weer in de fase Incident.",
                 "dreiging": "De dreigingsinschatting is vastgelegd.",
                 "huisvesting": "De vervangende woonruimte is vastgelegd."}


def done_message(db: Session, scope: Scoped, done: str | None, step_id: str | None) -> str | None:
    """What just succeeded, named: the step the officer ticked, the phase the case is in now
    (on a phone the message is all that shows above the fold)."""
    from playbook.cases.repository import pinned_playbook
    from playbook.definition.models import CLOSED

    if done == "stap" and step_id:
        found = pinned_playbook(db, scope.case).step(step_id)
        if found is not None:
            return f"De stap ‘{found[1].title}’ is bijgewerkt."
    if done == "fase":
        if scope.case.phase == CLOSED:
            return "De zaak is gesloten."
        title = pinned_playbook(db, scope.case).phase_title(scope.case.phase)
        return f"De zaak staat nu in de fase {title}."
    return DONE_MESSAGES.get(done or "")


@router.get("/zaken/{reference}")
def show_case(request: Request, scope: CaseRead, db: Db, gelukt: str | None = None,
              stap: Annotated[str | None, Query(max_length=64)] = None) -> Response:
    return case_page(request, db, scope, message=done_message(db, scope, gelukt, stap))


def act(request: Request, db: Session, scope: Scoped, action: Callable[[], object],
        success: str, values: dict[str, Any] | None = None, anchor: str | None = None,
        step_id: str | None = None) -> Response:
    """Run one service call; on a conflict or refusal show the fresh case with the reason and
    with what was typed. On success, back to the case, at `anchor` when given: on a phone the
    step list is screens long, and the officer ticks one step after another."""
    error = attempt(db, action)
    if error is not None:
        return case_page(request, db, scope, errors=messages(error),
                         status=error.status_code, values=values)
    where = f"#{quote(anchor)}" if anchor else ""
    which = f"&stap={quote(step_id)}" if step_id else ""
    return redirect(f"/zaken/{scope.reference}?gelukt={success}{which}{where}")


@router.post("/zaken/{reference}/stappen/{step_id}")
def change_step(request: Request, scope: CaseWork, db: Db,
                step_id: Annotated[str, Path(max_length=64)],
                status: Annotated[str, Form()], versie: Version,
                reden: Annotated[str | None, Form()] = None) -> Response:
    try:
        chosen = StepStatus(status)
    except ValueError:
        return case_page(request, db, scope, errors=[f"Onbekende status '{status}'."], status=422)
    return act(request, db, scope, lambda: service.set_step(
        session=db, reference=scope.reference, step_id=step_id, status=chosen, reason=reden,
        actor=scope.user.username, now=now(), expected_version=versie), "stap",
        anchor=f"stap-{step_id}", step_id=step_id)


@router.post("/zaken/{reference}/volgende")
def advance(request: Request, scope: CaseWork, db: Db, versie: Version) -> Response:
    return act(request, db, scope, lambda: service.advance(
        session=db, reference=scope.reference, actor=scope.user.username, now=now(),
        expected_version=versie), "fase")


@router.post("/zaken/{reference}/feiten")
def facts(request: Request, scope: CaseWork, db: Db, versie: Version,
          sluiting: Annotated[str | None, Form()] = None) -> Response:
    from playbook.cases.facts import update_facts

    return act(request, db, scope, lambda: update_facts(
        session=db, reference=scope.reference, actor=scope.user.username, now=now(),
        closure=sluiting == "ja", expected_version=versie), "feiten")


@router.post("/zaken/{reference}/brieven")
def letters(request: Request, scope: CaseLetters, db: Db, soort: Annotated[str, Form()],
            persoon: Annotated[int | None, Form(ge=1, le=INT_MAX)] = None,
            adressen: Annotated[str | None, Form()] = None) -> Response:
    from playbook.letters import registry
    from playbook.letters.service import generate

    # A letter kind may ask more than the general letter right (the registry says which).
    if not scope.user.may(registry.permission_for(soort)):
        raise HTTPException(403, "U mag deze brief niet maken.")
    values = {"soort": soort, "persoon": persoon, "adressen": adressen or ""}
    addresses = [a.strip() for a in (adressen or "").splitlines() if a.strip()] or None
    if addresses and len(addresses) > MAX_ADDRESSES:
        return case_page(request, db, scope, status=422, values=values, errors=[
            f"adressen: {len(addresses)} adressen; hoogstens {MAX_ADDRESSES} per keer. "
            "Verdeel de adressen over meer brieven."])
    return act(request, db, scope, lambda: generate(
        session=db, reference=scope.reference, kind=soort, actor=scope.user.username, now=now(),
        person_id=persoon, addresses=addresses), "brief", values)


@router.post("/zaken/{reference}/verzegeld")
def sealed(request: Request, scope: CaseWork, db: Db,
           tijdstip: Annotated[str | None, Form(max_length=32)] = None) -> Response:
    """The officer who sealed the door says so; that alone ticks the sealing step."""
    from playbook.decisions.sealing import record_sealing

    values = {"tijdstip": tijdstip or ""}
    return act(request, db, scope, lambda: record_sealing(
        session=db, reference=scope.reference, at=local_moment(tijdstip, "tijdstip"),
        actor=scope.user.username, now=now()), "verzegeld", values)


@router.get("/zaken/{reference}/documenten/{document_id}")
def download(request: Request, user: User, reference: Reference,
             document_id: DocumentId) -> Response:
    from playbook.web.inbox import pdf_response

    return pdf_response(request, user, reference, document_id)
