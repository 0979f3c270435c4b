"""Who is asking, what their role may do, and CSRF. One permission matrix for pages and API."""

import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy import Engine
from sqlmodel import Session

from playbook.errors import NotFound
from playbook.letters import registry
from playbook.storage.db import read_session, unit_of_work
from playbook.storage.tables import Case, Document, User, WebSession
from playbook.users import sessions, tokens
from playbook.users.scope import granted, may_change, may_read

# action -> roles allowed. Partners never see case pages; they get their inbox.
PERMISSIONS: dict[str, frozenset[str]] = {
    "case:read": frozenset({"oov", "juridisch", "admin"}),
    "case:create": frozenset({"oov", "admin"}),
    "case:work": frozenset({"oov", "admin"}),
    "decision:write": frozenset({"juridisch", "admin"}),
    "letter:create": frozenset({"oov", "juridisch", "admin"}),
    "inbox:read": frozenset({"partner"}),
    # Issue 13: counts for the municipality; the regional role sees counts of the whole region
    # and no case (need to know: it holds no case:read).
    "monitor:read": frozenset({"oov", "juridisch", "admin", "regio"}),
    "monitor:region": frozenset({"regio", "admin"}),
    "repeats:read": frozenset({"oov", "juridisch", "admin"}),
    "users:manage": frozenset({"admin"}),
}

# Which partner receives which document kind: declared per letter in playbook/letters/registry.py.


@dataclass(frozen=True)
class Principal:
    """The logged-in user as the request sees it (detached from any session)."""

    id: int
    username: str
    full_name: str
    role: str
    partner: str | None
    municipality_code: str
    via_token: bool = False
    session_id: int | None = None  # the server-side session of a browser sign-in
    scope: str = "schrijven"  # an API token's scope; lezen allows GET only
    grants: frozenset[str] = frozenset()  # other municipalities this user may read (issue 9)

    def may(self, action: str) -> bool:
        return self.role in PERMISSIONS[action]


def _principal(session: Session, user: User, via_token: bool = False) -> Principal:
    return Principal(user.id, user.username, user.full_name, user.role, user.partner,  # type: ignore[arg-type]
                     user.municipality_code, via_token,
                     grants=granted(session, user.id))  # type: ignore[arg-type]


def current_user(request: Request) -> Principal | None:
    """The signed-in user of this request (cached on the request), or None."""
    if not hasattr(request.state, "principal"):
        request.state.principal = _resolve(request)
    return request.state.principal  # type: ignore[no-any-return]


def _resolve(request: Request) -> Principal | None:
    engine: Engine = request.app.state.engine
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        with read_session(engine) as session:
            found = tokens.find(session, header[7:].strip()[:200], datetime.now(UTC))
            if found is None:
                return None
            token, user = found
            return replace(_principal(session, user, via_token=True), scope=token.scope)
    sid = request.session.get("sid")
    if not isinstance(sid, str):
        return None
    settings = request.app.state.settings
    moment = datetime.now(UTC)
    with read_session(engine) as session:
        row = sessions.find(session, sid)
        if row is None or sessions.expired(row, moment, settings.session_idle,
                                           settings.session_lifetime):
            return None
        account = session.get(User, row.user_id)
        if account is None or not account.active:
            return None
        principal = replace(_principal(session, account), session_id=row.id)
    if sessions.needs_touch(row, moment):
        with unit_of_work(engine) as session:
            fresh = session.get(WebSession, row.id)
            if fresh is not None:
                fresh.last_seen_at = moment
    return principal


class LoginRequired(Exception):
    """Raised for pages; the app turns it into a redirect to /login (and 401 for the API)."""


def require(request: Request, action: str | None = None) -> Principal:
    user = current_user(request)
    if user is None:
        raise LoginRequired()
    if action is not None and not user.may(action):
        raise HTTPException(403, "U heeft geen toegang tot deze pagina of handeling.")
    return user


def require_case(request: Request, reference: str, action: str = "case:read") -> Principal:
    """The user may do `action` and the case belongs to their municipality (403 otherwise)."""
    from playbook.cases.repository import get_case

    user = require(request, action)
    with read_session(request.app.state.engine) as session:
        check_case(user, get_case(session, reference), action)
    return user


def check_case(user: Principal, case: Case, action: str = "case:read") -> None:
    """A case outside the municipalities the user may read answers exactly like a missing one
    (404), so the answer does not tell whether a case number exists elsewhere. A regional
    grant is for reading: changing a granted municipality's case is refused (403)."""
    if not may_read(user, case.municipality_code):
        raise NotFound(f"Zaak '{case.reference}' bestaat niet. Controleer het zaaknummer.")
    if action != "case:read" and not may_change(user, case.municipality_code):
        raise HTTPException(403, "U kunt zaken van een andere gemeente alleen inzien.")


def may_download(user: Principal, case: Case, document: Document) -> bool:
    if not may_read(user, case.municipality_code):
        return False
    if user.role == "partner":
        return user.partner in registry.readers(document.kind)
    return user.may("case:read")


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf(request: Request, submitted: str | None, user: Principal | None = None) -> None:
    if user is not None and user.via_token:
        return  # bearer-token calls carry no cookie, so they cannot be forged cross-site
    expected = request.session.get("csrf")
    if not expected or not submitted or not secrets.compare_digest(expected, submitted):
        raise HTTPException(403, "Het formulier is verlopen of niet van deze site (CSRF). "
                                 "Laad de pagina opnieuw en probeer het nog eens.")


# --- FastAPI dependencies: who is asking, and (for forms) that the form came from this site. ---

def signed_in(request: Request) -> Principal:
    return require(request)


async def signed_in_form(request: Request) -> Principal:
    user = require(request)
    form = await request.form()
    token = form.get("csrf_token")
    check_csrf(request, token if isinstance(token, str) else None, user)
    return user


SignedIn = Annotated[Principal, Depends(signed_in)]
SignedInForm = Annotated[Principal, Depends(signed_in_form)]
