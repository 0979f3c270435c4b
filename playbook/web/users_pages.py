"""User management for administrators: create accounts, deactivate them, reset a password,
issue and revoke API tokens. Same services and audit as `playbook gebruiker ...`; an admin
manages only the accounts of their own municipality (another's answers as missing)."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import Response
from sqlmodel import Session, col, select

from playbook.errors import NotFound, PlaybookError
from playbook.storage.tables import ApiToken, User
from playbook.users import accounts, tokens
from playbook.users.service import PARTNERS, ROLES, create_user, issue_api_token
from playbook.validation import INT_MAX
from playbook.web.app import now, page
from playbook.web.deps import Admin, Csrf, Db, attempt, field_errors, redirect
from playbook.web.security import Principal

router = APIRouter(include_in_schema=False, dependencies=[Csrf])
Short = Annotated[str, Form(max_length=200)]
Secret = Annotated[str, Form(max_length=1000)]
Username = Annotated[str, Path(max_length=64)]
DONE = {
    "aangemaakt": "Het account is aangemaakt.",
    "gedeactiveerd": "Het account is gedeactiveerd.",
    "wachtwoord": "Het wachtwoord is opnieuw ingesteld; de sessies van het account zijn beëindigd.",
    "ingetrokken": "Het token is ingetrokken.",
}


def users_page(
    request: Request,
    db: Session,
    user: Principal,
    status: int = 200,
    errors: list[str] | None = None,
    message: str | None = None,
    values: dict[str, Any] | None = None,
    secret: str | None = None,
) -> Response:
    people = list(
        db.exec(
            select(User)
            .where(User.municipality_code == user.municipality_code)
            .order_by(col(User.username))
        )
    )
    ids = [p.id for p in people]
    live = list(
        db.exec(
            select(ApiToken)
            .where(col(ApiToken.user_id).in_(ids), col(ApiToken.revoked_at).is_(None))
            .order_by(col(ApiToken.id))
        )
    )
    owners = {p.id: p.username for p in people}
    problems = errors or []
    return page(
        request,
        "users.html.j2",
        status,
        title="Gebruikers",
        user=user,
        people=people,
        tokens=live,
        owners=owners,
        roles=ROLES,
        partners=[(p.value, p.value) for p in PARTNERS],
        errors=problems,
        field_errors=field_errors(problems),
        message=message,
        values=values or {},
        secret=secret,
        moment=now(),
    )


def _own(db: Session, admin: Principal, username: str) -> User:
    target = db.exec(select(User).where(User.username == username)).first()
    if target is None or target.municipality_code != admin.municipality_code:
        raise NotFound(f"Gebruiker '{username[:64]}' bestaat niet.")
    return target


def _done(
    request: Request,
    db: Session,
    admin: Principal,
    error: PlaybookError | None,
    success: str,
    values: dict[str, Any] | None = None,
) -> Response:
    if error is not None:
        return users_page(
            request, db, admin, error.status_code, error.problems or [error.message], values=values
        )
    return redirect(f"/beheer/gebruikers?gelukt={success}")


@router.get("/beheer/gebruikers")
def show(request: Request, admin: Admin, db: Db, gelukt: str | None = None) -> Response:
    return users_page(request, db, admin, message=DONE.get(gelukt or ""))


@router.post("/beheer/gebruikers")
def create(
    request: Request,
    admin: Admin,
    db: Db,
    gebruikersnaam: Short,
    naam: Short,
    rol: Short,
    wachtwoord: Secret,
    partner: Annotated[str | None, Form(max_length=64)] = None,
) -> Response:
    values = {"gebruikersnaam": gebruikersnaam, "naam": naam, "rol": rol, "partner": partner or ""}
    error = attempt(
        db,
        lambda: create_user(
            session=db,
            username=gebruikersnaam.strip(),
            full_name=naam,
            role=rol,
            password=wachtwoord,
            partner=partner or None,
            municipality_code=admin.municipality_code,
            actor=admin.username,
            now=now(),
        ),
    )
    return _done(request, db, admin, error, "aangemaakt", values)


@router.post("/beheer/gebruikers/{username}/deactiveren")
def deactivate(request: Request, admin: Admin, db: Db, username: Username) -> Response:
    def run() -> None:
        _own(db, admin, username)
        accounts.deactivate(session=db, username=username, actor=admin.username, now=now())

    return _done(request, db, admin, attempt(db, run), "gedeactiveerd")


@router.post("/beheer/gebruikers/{username}/wachtwoord")
def reset_password(
    request: Request, admin: Admin, db: Db, username: Username, wachtwoord: Secret
) -> Response:
    def run() -> None:
        _own(db, admin, username)
        accounts.reset_password(
            session=db, username=username, new=wachtwoord, actor=admin.username, now=now()
        )

    return _done(request, db, admin, attempt(db, run), "wachtwoord")


@router.post("/beheer/gebruikers/{username}/tokens")
def issue_token(
    request: Request,
    admin: Admin,
    db: Db,
    username: Username,
    naam: Annotated[str, Form(max_length=64)] = "standaard",
    scope: Annotated[str, Form(max_length=16)] = "schrijven",
    dagen: Annotated[int, Form(ge=1, le=365)] = 90,
) -> Response:
    """The secret is shown once, on this answer; only its hash is stored."""
    issued: list[str] = []

    def run() -> None:
        _own(db, admin, username)
        issued.append(
            issue_api_token(
                session=db,
                username=username,
                actor=admin.username,
                now=now(),
                name=naam,
                scope=scope,
                days=dagen,
            )
        )

    error = attempt(db, run)
    if error is not None:
        return _done(request, db, admin, error, "")
    return users_page(
        request,
        db,
        admin,
        message=f"Token '{naam}' voor {username} is "
        "uitgegeven. Kopieer het nu: het wordt niet nog eens getoond.",
        secret=issued[0],
    )


@router.post("/beheer/tokens/{token_id}/intrekken")
def revoke_token(
    request: Request, admin: Admin, db: Db, token_id: Annotated[int, Path(ge=1, le=INT_MAX)]
) -> Response:
    def run() -> None:
        row = db.get(ApiToken, token_id)
        owner = db.get(User, row.user_id) if row else None
        if owner is None or owner.municipality_code != admin.municipality_code:
            raise NotFound(f"Token {token_id} bestaat niet.")
        tokens.revoke(session=db, token_id=token_id, actor=admin.username, now=now())

    return _done(request, db, admin, attempt(db, run), "ingetrokken")
