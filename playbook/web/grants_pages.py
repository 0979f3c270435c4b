"""Regional reading access from the browser: an administrator lets a regional user of another
municipality read their own municipality's cases, and takes it back. The same service calls and
audit as `playbook gebruiker inzage` (users/grants.py on top of users/scope.set_grants)."""

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import Response
from sqlmodel import Session, col, select

from playbook.definition.municipalities import municipalities
from playbook.errors import InvalidInput, PlaybookError
from playbook.storage.tables import User
from playbook.users import grants
from playbook.users.service import ROLES
from playbook.web.app import now, page
from playbook.web.deps import Admin, Csrf, Db, Message, attempt, field_errors, messages, redirect
from playbook.web.security import Principal

router = APIRouter(include_in_schema=False, dependencies=[Csrf])
Username = Annotated[str, Path(max_length=64)]
DONE = {
    "toegekend": "De inzage is toegekend. De gebruiker ziet de zaken van uw gemeente direct.",
    "ingetrokken": "De inzage is ingetrokken. De gebruiker ziet de zaken van uw gemeente niet "
    "meer.",
}


def municipality_name(code: str) -> str:
    """A municipality by its name; a code alone means nothing to a reader."""
    found = municipalities().find(code)
    return found.name if found else f"een gemeente buiten deze installatie ({code})"


def grants_page(request: Request, db: Session, admin: Principal, status: int = 200,
                errors: list[Message] | None = None, message: str | None = None,
                chosen: str = "") -> Response:
    code = admin.municipality_code
    current = grants.grants_into(db, code)
    granters = {u.username: u.full_name for u in db.exec(
        select(User).where(col(User.username).in_({g.granted_by for g in current})))}
    # Name and municipality first: a phone shows only the start of a long option.
    choices = [(u.username, f"{u.full_name}, {municipality_name(u.municipality_code)} "
                f"({u.username}, {ROLES.get(u.role, u.role)})")
               for u in grants.candidates(db, code)]
    problems = errors or []
    return page(request, "grants.html.j2", status, title="Regionale inzage", user=admin,
                own=municipality_name(code), current=current, granters=granters,
                choices=choices, chosen=chosen, roles=ROLES, name_of=municipality_name,
                errors=problems, field_errors=field_errors(problems), message=message)


def _done(request: Request, db: Session, admin: Principal, error: PlaybookError | None,
          success: str, chosen: str = "") -> Response:
    if error is not None:
        return grants_page(request, db, admin, error.status_code, messages(error),
                           chosen=chosen)
    return redirect(f"/beheer/inzage?gelukt={success}")


@router.get("/beheer/inzage")
def show(request: Request, admin: Admin, db: Db, gelukt: str | None = None) -> Response:
    return grants_page(request, db, admin, message=DONE.get(gelukt or ""))


@router.post("/beheer/inzage")
def give(request: Request, admin: Admin, db: Db,
         gebruikersnaam: Annotated[str, Form(max_length=64)] = "") -> Response:
    def run() -> None:
        if not gebruikersnaam.strip():
            raise InvalidInput(["gebruikersnaam: kies de gebruiker die inzage krijgt"])
        grants.grant(session=db, username=gebruikersnaam, municipality_code=admin.municipality_code,
                     known=municipalities().by_code, actor=admin.username, now=now())

    return _done(request, db, admin, attempt(db, run), "toegekend", gebruikersnaam)


@router.post("/beheer/inzage/{username}/intrekken")
def take_back(request: Request, admin: Admin, db: Db, username: Username) -> Response:
    def run() -> None:
        grants.revoke(session=db, username=username, municipality_code=admin.municipality_code,
                      actor=admin.username, now=now())

    return _done(request, db, admin, attempt(db, run), "ingetrokken")
