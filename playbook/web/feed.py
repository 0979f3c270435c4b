"""The calendar feed: `/agenda/<secret>.ics`, no login (calendar apps cannot log in); the
secret is the key. Unknown, revoked or malformed: one 404, so a guess learns nothing.
On the account page the user sets their reminder address and makes or revokes the feed."""

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Path, Request
from fastapi.responses import RedirectResponse, Response

from playbook.errors import PlaybookError
from playbook.reminders import service
from playbook.reminders.calendar_feed import feed_url
from playbook.storage.db import read_session, unit_of_work
from playbook.web.account import account_page
from playbook.web.app import now
from playbook.web.security import SignedInForm

router = APIRouter(include_in_schema=False)


@router.get("/agenda/{name}")
def calendar(request: Request, name: Annotated[str, Path(max_length=120)]) -> Response:
    secret = name.removesuffix(".ics")
    body = None
    if secret != name:
        with read_session(request.app.state.engine) as session:
            body = service.feed(session=session, secret=secret,
                                settings=request.app.state.settings, now=now())
    if body is None:
        raise HTTPException(404, "Dit agenda-adres bestaat niet (meer).")
    return Response(body, media_type="text/calendar; charset=utf-8", headers={
        "Cache-Control": "no-store", "Content-Disposition": 'inline; filename="termijnen.ics"'})


@router.post("/account/email")
def set_email(request: Request, user: SignedInForm,
              email: Annotated[str, Form(max_length=254)] = "") -> Response:
    try:
        with unit_of_work(request.app.state.engine) as session:
            service.set_email(session=session, username=user.username, email=email,
                              actor=user.username, now=now())
    except PlaybookError as exc:
        return account_page(request, user, exc.status_code, exc.problems or [exc.message])
    return RedirectResponse("/account?gelukt=email", status_code=303)


@router.post("/account/agenda")
def create_feed(request: Request, user: SignedInForm) -> Response:
    """The address is shown once, on this answer (not in a redirect URL or a log)."""
    with unit_of_work(request.app.state.engine) as session:
        secret = service.create_feed(session=session, username=user.username,
                                     actor=user.username, now=now())
    url = feed_url(request.app.state.settings.public_url, secret)
    return account_page(request, user, feed_url=url, message="Uw nieuwe agenda-adres staat "
                        "hieronder; een eerder adres werkt niet meer.")


@router.post("/account/agenda/intrekken")
def revoke_feed(request: Request, user: SignedInForm) -> Response:
    with unit_of_work(request.app.state.engine) as session:
        service.revoke_feed(session=session, username=user.username, actor=user.username,
                            now=now())
    return RedirectResponse("/account?gelukt=agenda", status_code=303)
