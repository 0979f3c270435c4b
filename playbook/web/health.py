"""`/gezond`: is the database reachable, and the job queue when one is configured? 200 when
everything answers, 503 naming the failing part in Dutch. No login: load balancers call it."""

import logging

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text

from playbook.config import Settings

router = APIRouter(tags=["beheer"])
log = logging.getLogger("playbook.web")


def check_database(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        log.warning("database niet bereikbaar", extra={"fout": type(exc).__name__})
        return "database: niet bereikbaar"
    return None


def check_broker(url: str | None) -> str | None:
    if not url:
        return None  # the in-process pool needs nothing outside this process
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        client.ping()
        client.close()
    except Exception as exc:
        log.warning("wachtrij niet bereikbaar", extra={"fout": type(exc).__name__})
        return "wachtrij (Redis): niet bereikbaar"
    return None


@router.get("/gezond", include_in_schema=False)
def health(request: Request) -> JSONResponse:
    broker_url = request.app.state.broker_url
    checks = (check_database(request.app.state.engine), check_broker(broker_url))
    problems = [p for p in checks if p]
    body = {"status": "ongezond" if problems else "gezond",
            "database": "fout" if any(p.startswith("database") for p in problems) else "ok",
            "wachtrij": ("fout" if any(p.startswith("wachtrij") for p in problems)
                         else "ok" if broker_url else "ingebouwd"),
            "problemen": problems}
    return JSONResponse(body, status_code=503 if problems else 200,
                        headers={"Cache-Control": "no-store"})


def install(app: FastAPI, settings: Settings) -> None:
    """Health, job progress and request logging: the one line `create_app` calls."""
    from playbook.logs import RequestLogMiddleware
    from playbook.web import tasks

    app.state.broker_url = settings.broker_url
    app.include_router(router)
    app.include_router(tasks.router)
    app.add_middleware(RequestLogMiddleware)
