"""The signed-in user's own account: sessions, password and API tokens; and for admins, the
accounts of their municipality (deactivate)."""

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Path, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import select

from playbook.cases.audit import record
from playbook.errors import PlaybookError
from playbook.storage.db import read_session, unit_of_work
from playbook.storage.tables import User, WebSession
from playbook.users import accounts, sessions, tokens
from playbook.validation import INT_MAX
from playbook.web.app import now, page
from playbook.web.security import Principal, SignedIn, SignedInForm

router = APIRouter(include_in_schema=False)
RowId = Annotated[int, Path(ge=1, le=INT_MAX)]
DONE = {"sessie": "De sessie is beëindigd.", "wachtwoord": "Uw wachtwoord is gewijzigd; uw "
        "andere sessies zijn beëindigd.", "token": "Het token is ingetrokken.",
        "gedeactiveerd": "Het account is gedeactiveerd.",
        "email": "Uw e-mailadres voor herinneringen is opgeslagen.",
        "agenda": "Het agenda-adres is ingetrokken; agenda's die het gebruikten, krijgen niets "
                  "meer."}


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def account_page(request: Request, user: Principal, status: int = 200,
                 errors: list[str] | None = None, message: str | None = None,
                 feed_url: str | None = None) -> Response:
    from playbook.reminders.calendar_feed import active

    with read_session(request.app.state.engine) as session:
        me = session.get(User, user.id)
        reminders = {"email": me.email if me else None, "feed_url": feed_url,
                     "feed_active": bool(me and active(session, me))}
        rows = sessions.open_sessions(session, user.id)
        own_tokens = tokens.of_user(session, user.id)
        people = (list(session.exec(select(User).where(
            User.municipality_code == user.municipality_code).order_by(User.username)))
            if user.role == "admin" else [])
    return page(request, "account.html.j2", status, title="Mijn account", user=user,
                sessions=rows, current=user.session_id, tokens=own_tokens, people=people,
                moment=now(), errors=errors or [], message=message, reminders=reminders)


@router.get("/sessies")
@router.get("/account")
def show(request: Request, user: SignedIn, gelukt: str | None = None) -> Response:
    return account_page(request, user, message=DONE.get(gelukt or ""))


@router.post("/sessies/{session_id}/beeindigen")
def end_session(request: Request, user: SignedInForm, session_id: RowId) -> Response:
    with unit_of_work(request.app.state.engine) as session:
        row = session.get(WebSession, session_id)
        if row is None or row.user_id != user.id:
            raise HTTPException(404, "Deze sessie bestaat niet (of is niet van u).")
        sessions.end(row, now(), "beëindigd door gebruiker")
        record(session, None, actor=user.username, action="sessie-beeindigd", at=now(),
               subject=str(session_id))
    if session_id == user.session_id:
        request.session.clear()
        return _redirect("/login")
    return _redirect("/account?gelukt=sessie")


@router.post("/account/wachtwoord")
def change_password(request: Request, user: SignedInForm,
                    huidig: Annotated[str, Form(max_length=1000)],
                    nieuw: Annotated[str, Form(max_length=1000)],
                    herhaling: Annotated[str, Form(max_length=1000)]) -> Response:
    if nieuw != herhaling:
        return account_page(request, user, 422, ["herhaling: is niet gelijk aan het nieuwe "
                                                 "wachtwoord"])
    try:
        with unit_of_work(request.app.state.engine) as session:
            accounts.change_password(session=session, user_id=user.id, current=huidig, new=nieuw,
                                     now=now(), keep_session=user.session_id)
    except PlaybookError as exc:
        return account_page(request, user, exc.status_code, exc.problems or [exc.message])
    return _redirect("/account?gelukt=wachtwoord")


@router.post("/account/tokens/{token_id}/intrekken")
def revoke_token(request: Request, user: SignedInForm, token_id: RowId) -> Response:
    with unit_of_work(request.app.state.engine) as session:
        owner = None if user.role == "admin" else user.id
        tokens.revoke(session=session, token_id=token_id, actor=user.username, now=now(),
                      owner=owner)
    return _redirect("/account?gelukt=token")


@router.post("/account/gebruikers/{username}/deactiveren")
def deactivate(request: Request, user: SignedInForm,
               username: Annotated[str, Path(max_length=64)]) -> Response:
    if user.role != "admin":
        raise HTTPException(403, "Alleen een beheerder kan accounts deactiveren.")
    with unit_of_work(request.app.state.engine) as session:
        target = accounts.by_name(session, username)
        if target.municipality_code != user.municipality_code:  # same answer as missing
            raise HTTPException(404, f"Gebruiker '{username}' bestaat niet.")
        accounts.deactivate(session=session, username=username, actor=user.username, now=now())
    return _redirect("/account?gelukt=gedeactiveerd")
