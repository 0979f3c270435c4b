"""Structured logs: one JSON object per line, with the request id when there is one.

Only fields we name are written (never query strings, form data or personal data): a record's
`extra` keys must be listed in SAFE_EXTRA to appear."""

import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
SAFE_EXTRA = ("method", "path", "status", "ms", "taak", "onderdeel", "fout", "aantal",
              "render_ms", "opslaan_ms")
INCOMING_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "tijd": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "niveau": record.levelname.lower(), "logger": record.name,
            "bericht": record.getMessage(), "proces": record.process}
        rid = getattr(record, "request_id", None) or request_id.get()
        if rid:
            line["request_id"] = rid
        line.update({k: getattr(record, k) for k in SAFE_EXTRA if hasattr(record, k)})
        if record.exc_info:  # the type only: a traceback can carry personal data
            line["fout"] = record.exc_info[0].__name__ if record.exc_info[0] else "?"
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestIdFilter(logging.Filter):
    """Stamp the current request id on a record when it is logged (not when it is formatted)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


def configure(level: str | None = None) -> None:
    """Route the root logger (and uvicorn's) to JSON lines on stderr."""
    from playbook.config import get_settings

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel((level or get_settings().log_level).upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "dramatiq"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # it logs query strings; we log below
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


UVICORN_LOG_CONFIG: dict[str, Any] = {
    "version": 1, "disable_existing_loggers": False,
    "formatters": {"json": {"()": "playbook.logs.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                            "stream": "ext://sys.stderr"}},
    "loggers": {"uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
                "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
                "playbook": {"handlers": ["stderr"], "level": "INFO", "propagate": False}},
}


class RequestLogMiddleware:
    """Pure ASGI: sets the request id (a sane incoming X-Request-ID is kept), answers with it,
    and logs method, path (without query string), status and duration."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.log = logging.getLogger("playbook.web")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        rid = incoming if INCOMING_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(rid)
        started, status = time.perf_counter(), 500

        async def send_with_id(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self.log.info("verzoek", extra={
                "request_id": rid, "method": scope.get("method"), "path": scope.get("path"),
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 1)})
            request_id.reset(token)
