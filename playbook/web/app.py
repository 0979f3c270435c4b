"""The FastAPI application: middleware, error mapping, static assets and routers."""

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from playbook.config import Settings, get_settings
from playbook.documents.render import render_html
from playbook.errors import PlaybookError
from playbook.validation import describe_errors
from playbook.web.security import LoginRequired, csrf_token, current_user


def now() -> datetime:
    return datetime.now(UTC)


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    user = context.pop("user", None) or current_user(request)
    html = render_html(f"pages/{template}", {
        "user": user, "csrf": csrf_token(request), "path": request.url.path,
        "message": context.pop("message", None), "errors": context.pop("errors", []), **context,
    })
    return HTMLResponse(html, status_code=status_code)


DUTCH = {404: "Deze pagina of dit adres bestaat niet.",
         405: "Deze handeling is op dit adres niet toegestaan."}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


# Where FastAPI found a value ("query", "body", ...) is no word for the reader: the field is.
_SOURCES = frozenset({"body", "query", "path", "header", "cookie"})


def _field_of(loc: Sequence[int | str]) -> str:
    return ".".join(str(p) for p in (loc[1:] if loc and loc[0] in _SOURCES else loc))


def create_app(engine: Engine | None = None, settings: Settings | None = None) -> FastAPI:
    from playbook.storage.db import engine_for

    settings = settings or get_settings()
    from playbook.definition.municipalities import municipalities
    from playbook.web.bounds import BodyLimit, check_input

    municipalities()  # all municipality files valid, or no app (a Dutch DefinitionError)

    app = FastAPI(
        title="Playbook API",
        version="1",
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
        dependencies=[Depends(check_input)],
        description="Zaken bij aanslagen met explosieven: dezelfde regels als de web-app.",
    )
    app.state.engine = engine or engine_for(settings.database_url)
    app.state.settings = settings
    from playbook.letters.overrides import checked_folder

    checked_folder(settings.resolved_municipality_file())  # a wrong municipal letter stops here
    app.add_middleware(SessionMiddleware, secret_key=settings.session_key(),
                       session_cookie="playbook_sessie", same_site="strict",
                       https_only=settings.secure_cookies,
                       max_age=int(settings.session_lifetime.total_seconds()))

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            # Strict: no inline script or style, nothing from elsewhere, no framing, forms post
            # only here. htmx is configured for this in pages/base.html.j2 (no injected styles,
            # no eval); the Utrecht CSS uses data: URIs for its icons.
            "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")
        return response

    app.add_middleware(BodyLimit)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _: LoginRequired) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "Niet ingelogd: log in of gebruik een API-token."},
                                status_code=401, headers={"WWW-Authenticate": "Bearer"})
        return RedirectResponse(f"/login?volgende={request.url.path}", status_code=303)

    @app.exception_handler(PlaybookError)
    async def playbook_error(request: Request, exc: PlaybookError) -> Response:
        problems = exc.problems
        if _is_api(request):
            return JSONResponse({"detail": exc.message, "problems": problems},
                                status_code=exc.status_code)
        title = "Niet gevonden" if exc.status_code == 404 else "Dat lukte niet"
        return page(request, "error.html.j2", exc.status_code, title=title, message=exc.message)

    # Starlette's own exception (unknown route, wrong method) as well as FastAPI's subclass.
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = (
            exc.detail if isinstance(exc, HTTPException) or exc.status_code not in DUTCH else None
        )
        detail = detail or DUTCH.get(exc.status_code, "Er ging iets mis.")
        if _is_api(request):
            return JSONResponse({"detail": detail}, status_code=exc.status_code)
        titles = {403: "Geen toegang", 404: "Niet gevonden", 405: "Niet toegestaan"}
        return page(request, "error.html.j2", exc.status_code,
                    title=titles.get(exc.status_code, "Fout"), message=detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            problems = ["de inhoud is geen geldige JSON"]
        else:
            problems = describe_errors(exc, _field_of)
        if _is_api(request):
            return JSONResponse(
                {"detail": "Ongeldige invoer.", "problems": problems}, status_code=422
            )
        return page(request, "error.html.j2", 422, title="Ongeldige invoer", errors=problems)

    @app.exception_handler(OverflowError)
    @app.exception_handler(DBAPIError)
    async def database_refused(request: Request, exc: Exception) -> Response:
        # Last line of defence: the bounds in web/bounds.py should have caught the value first.
        # The message names no value: the parameters may hold personal data.
        if isinstance(exc, OperationalError) and "locked" in str(exc).lower():
            status, message = (
                503,
                "Het systeem is even druk. Probeer het over enkele seconden opnieuw.",
            )
        else:
            status, message = 422, ("Een ingevulde waarde kan niet worden opgeslagen (te groot, "
                                    "te lang of met ongeldige tekens). Controleer de invoer.")
        if _is_api(request):
            return JSONResponse({"detail": message, "problems": None}, status_code=status)
        return page(request, "error.html.j2", status, title="Dat lukte niet", message=message)

    from playbook.web import account, api, decision_pages, feed, inbox, pages

    app.include_router(pages.router)
    app.include_router(decision_pages.router)
    from playbook.web import measure_pages  # cameratoezicht, gebiedsverbod, 13b (issue 13)

    app.include_router(measure_pages.router)
    app.include_router(inbox.router)
    app.include_router(account.router)
    app.include_router(api.router)
    app.include_router(feed.router)  # /agenda/<secret>.ics (reminders)
    from playbook.web import monitoring  # issue 13: monitoring, export, repeat addresses

    app.include_router(monitoring.router)
    from playbook.web import consent  # Slachtofferhulp referral and street news (issue 10)

    app.include_router(consent.router)
    from playbook.web import actions  # forms for every service action (information, persons, ...)

    actions.include(app)
    from playbook.web.health import install  # /gezond, /api/taken, request ids and JSON logs

    install(app, settings)
    _mount_static(app, settings)
    return app


# Where the npm assets (NL Design System CSS, htmx) are, in this order: PLAYBOOK_STATIC_DIR; the
# copy a wheel carries (hatch_build.py puts it under playbook/_data/static/vendor); a checkout's
# node_modules. Never relative to the working directory (docs/web-layout.md).
SHIPPED_VENDOR = Path(__file__).resolve().parents[1] / "_data" / "static" / "vendor"


def vendor_dir(settings: Settings) -> Path:
    if settings.static_dir is None and SHIPPED_VENDOR.is_dir():
        return SHIPPED_VENDOR
    return settings.resolved_static_dir()


def _mount_static(app: FastAPI, settings: Settings) -> None:
    from playbook.resources import data_dir

    static = vendor_dir(settings)
    vendor = {"utrecht": static / "@utrecht", "htmx": static / "htmx.org" / "dist"}
    for prefix, folder in vendor.items():
        app.mount(f"/static/{prefix}", StaticFiles(directory=folder, check_dir=False), prefix)
    app.mount("/static/app", StaticFiles(directory=data_dir("templates") / "static"), "app")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        # Browsers and tools that ignore <link rel="icon"> still ask here; no 404 in the console.
        return RedirectResponse("/static/app/favicon.svg", status_code=301)
