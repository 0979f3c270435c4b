"""FastAPI dependencies shared by every page and the API: one database session per request,
who is asking, which case they may act on, and CSRF for every state-changing request.

Handlers declare what they need (`db: Db`, `user: Officer`, `case: CaseFor("case:work")`) and
stay free of hand-written checks. The order of refusals is fixed here, the same for all:
not signed in (login / 401) -> role may not (403) -> form not from this site (403, CSRF) ->
case not visible to this user (404, indistinguishable from a missing case).
"""

import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from playbook.cases.repository import get_case
from playbook.errors import Conflict, InvalidInput, PhaseBlocked, PlaybookError
from playbook.storage.db import CONFLICT_MESSAGE, read_session, unit_of_work
from playbook.storage.tables import Case
from playbook.validation import SINGLE_LINE
from playbook.web.security import LoginRequired, Principal, check_case, current_user, require

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_MESSAGE = (
    "Het formulier is verlopen of niet van deze site (CSRF). "
    "Laad de pagina opnieuw en probeer het nog eens."
)
# Form posts anyone may send without being signed in (they still need the CSRF token).
PUBLIC_POSTS = frozenset({"/login", "/logout"})


def database(request: Request) -> Iterator[Session]:
    """One session per request: a read-only look for GET (never takes SQLite's write lock),
    one unit of work for anything else (commit all or nothing, a stale write becomes 409).
    Scope "function": the commit happens before the response is sent, so a conflict at commit
    time still reaches the user instead of a success page."""
    engine = request.app.state.engine
    if request.method in SAFE_METHODS:
        with read_session(engine) as session:
            yield session
    else:
        with unit_of_work(engine) as session:
            yield session


Db = Annotated[Session, Depends(database, scope="function")]


def signed_in(request: Request) -> Principal:
    return require(request)


User = Annotated[Principal, Depends(signed_in)]


def allowed(action: str) -> Callable[[Request], Principal]:
    """A dependency: the signed-in user whose role may do `action` (403 otherwise)."""

    def dependency(request: Request) -> Principal:
        return require(request, action)

    dependency.__name__ = f"may_{action.replace(':', '_')}"
    return dependency


Reader = Annotated[Principal, Depends(allowed("case:read"))]
Creator = Annotated[Principal, Depends(allowed("case:create"))]
Admin = Annotated[Principal, Depends(allowed("users:manage"))]


Reference = Annotated[str, Path(max_length=32, pattern=SINGLE_LINE)]


class Scoped:
    """The case this request acts on and the user acting, both checked."""

    def __init__(self, user: Principal, case: Case):
        self.user, self.case = user, case

    @property
    def reference(self) -> str:
        return self.case.reference


def case_scope(action: str) -> Callable[..., Scoped]:
    def dependency(request: Request, reference: Reference, db: Db) -> Scoped:
        user = require(request, action)
        case = get_case(db, reference)  # NotFound -> 404
        check_case(user, case, action)  # not visible: 404 as if missing; granted read-only: 403
        return Scoped(user, case)

    dependency.__name__ = f"case_for_{action.replace(':', '_')}"
    return dependency


# The case named in the path, visible to this user, for what the handler is about to do.
CaseRead = Annotated[Scoped, Depends(case_scope("case:read"))]
CaseWork = Annotated[Scoped, Depends(case_scope("case:work"))]
CaseLetters = Annotated[Scoped, Depends(case_scope("letter:create"))]
CaseDecisions = Annotated[Scoped, Depends(case_scope("decision:write"))]


async def csrf(request: Request) -> None:
    """Router-level: every state-changing request proves it came from this site. A form sends
    the session's token as `csrf_token`, a script as the `X-CSRF-Token` header. Bearer-token
    calls carry no cookie, so they cannot be forged cross-site and need none; a read-only
    token may not change anything."""
    if request.method in SAFE_METHODS:
        return
    user = current_user(request)
    if user is None and request.url.path not in PUBLIC_POSTS:
        raise LoginRequired()  # first sign in; a stale token is no reason to refuse here
    if user is not None and user.via_token:
        if user.scope != "schrijven":
            raise HTTPException(403, "Dit API-token mag alleen opvragen (scope lezen).")
        return
    submitted = request.headers.get("x-csrf-token")
    if submitted is None and "form" in request.headers.get("content-type", ""):
        value = (await request.form()).get("csrf_token")
        submitted = value if isinstance(value, str) else None
    expected = request.session.get("csrf")
    if not expected or not submitted or not secrets.compare_digest(expected, submitted):
        raise HTTPException(403, CSRF_MESSAGE)


Csrf = Depends(csrf)


def attempt(db: Session, action: Callable[[], object]) -> PlaybookError | None:
    """Run one service call inside the request's unit of work and flush it. On a refusal the
    work is rolled back and the error returned, so the handler can show the form again with
    what was typed; nothing half-written is committed."""
    try:
        action()
        db.flush()
    except StaleDataError:
        db.rollback()
        return Conflict(CONFLICT_MESSAGE)
    except PlaybookError as exc:
        db.rollback()
        return exc
    return None


@dataclass(frozen=True)
class Listed:
    """A sentence and the items it introduces, shown as a list under it."""

    lead: str
    items: list[str]


Message = str | Listed


def messages(error: PlaybookError) -> list[Message]:
    """What to show for a refusal: each field problem of invalid input; for a blocked phase the
    sentence with the open steps listed under it (in words, without the ids the command line
    needs); else the sentence."""
    if isinstance(error, InvalidInput) and error.problems:
        return list(error.problems)
    if isinstance(error, PhaseBlocked) and error.problems:
        return [Listed(error.lead, error.problems)]
    return [error.message]


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def field_errors(problems: Sequence[Message]) -> dict[str, list[str]]:
    """Problems as "veld: wat er mis is" grouped by field name, for messages next to fields.
    A problem about "personen nr. 2 taal" is also filed under its first word ("personen")."""
    grouped: dict[str, list[str]] = {}
    for problem in problems:
        if isinstance(problem, Listed):  # a refusal of the whole action, not of one field
            continue
        name, sep, _ = problem.partition(":")
        name = name.strip() if sep else ""
        for key in dict.fromkeys((name, name.split(" ")[0])):
            grouped.setdefault(key, []).append(problem)
    return grouped
