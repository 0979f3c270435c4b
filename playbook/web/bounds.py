"""Input bounds at the edge of the web app, before any handler or database sees a value.

Every path segment, query parameter, form field and JSON value passes the same checks from
`playbook.validation` (length, control characters, sane years, 32-bit integers). The database
would otherwise answer a NUL byte or a 40-digit number with an error that became an HTTP 500.
Field-specific limits (a street is at most 200 characters) stay in the pydantic models.
"""

import contextlib
import json
import re
from typing import Any

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from playbook.decisions.measures_map import MAX_BYTES as MAP_BYTES
from playbook.errors import InvalidInput, PlaybookError
from playbook.validation import (
    MAX_BODY_BYTES,
    MAX_PATH_CHARS,
    SHORT_TEXT,
    int_problem,
    shown,
    text_problem,
)

TOO_LARGE = (f"De aanvraag is te groot (hoogstens {MAX_BODY_BYTES // 1024} kB). "
             "Maak de tekst korter of verdeel het werk over meer aanvragen.")
# The one upload: the map of a measure (decisions/measures_map.py), with room for the form.
UPLOAD = re.compile(r"^/zaken/[^/]+/maatregelen/kaart$")
UPLOAD_BYTES = MAP_BYTES + 64 * 1024
MAP_TOO_LARGE = (f"Het bestand is te groot (hoogstens {MAP_BYTES // (1024 * 1024)} MB). "
                 "Verklein de kaart of sla haar op als JPEG.")


def _limit(path: str) -> tuple[int, str]:
    return (UPLOAD_BYTES, MAP_TOO_LARGE) if UPLOAD.match(path) else (MAX_BODY_BYTES, TOO_LARGE)


class BodyTooLarge(PlaybookError):
    status_code = 413

    def __init__(self, message: str = TOO_LARGE) -> None:
        super().__init__(message)


class BodyLimit:
    """Refuse bodies over MAX_BODY_BYTES, also when they arrive without a Content-Length."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, refusal = _limit(str(scope.get("path", "")))
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _refuse(scope, send, refusal)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(refusal)  # the app's handler turns this into a Dutch 413
            return message

        await self.app(scope, limited, send)


async def _refuse(scope: Scope, send: Send, message: str) -> None:
    api = str(scope.get("path", "")).startswith("/api")
    body = (json.dumps({"detail": message, "problems": None}).encode() if api else
            f"<!doctype html><html lang=\"nl\"><title>Te groot</title><p>{message}</p></html>"
            .encode())
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", b"application/json" if api else b"text/html; charset=utf-8"),
        (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def _walk(value: Any, where: str, problems: list[str]) -> None:
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return
    if isinstance(value, int):
        problem = int_problem(value)
    elif isinstance(value, str):
        problem = text_problem(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            name = shown(key, 30)
            _walk(key, f"{where}.{name}" if where else f"veldnaam {name}", problems)
            _walk(item, f"{where}.{name}" if where else name, problems)
        return
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{where}.{index}" if where else str(index), problems)
        return
    else:
        return
    if problem:
        problems.append(f"{where or 'inhoud'}: {problem}")


async def check_input(request: Request) -> None:
    """FastAPI dependency on every route: one place for the bounds of every incoming value."""
    problems: list[str] = []
    path = request.url.path
    if len(path) > MAX_PATH_CHARS:
        problems.append(f"adres: te lang (hoogstens {MAX_PATH_CHARS} tekens)")
    for name, value in request.path_params.items():
        problem = text_problem(str(value), SHORT_TEXT, multiline=False)
        if problem:
            problems.append(f"{name} (in het adres): {problem}")
    for name, value in request.query_params.multi_items():
        problem = text_problem(name, SHORT_TEXT, False) or text_problem(value, SHORT_TEXT, False)
        if problem:
            problems.append(f"{shown(name, 30)}: {problem}")
    if request.method in ("POST", "PUT", "PATCH"):
        kind = request.headers.get("content-type", "")
        if kind.startswith("application/x-www-form-urlencoded") or kind.startswith("multipart/"):
            form = await request.form()
            for name, value in form.multi_items():
                if isinstance(value, str):
                    _walk(value, shown(name, 30), problems)
        elif "json" in kind:
            body = await request.body()
            # FastAPI itself answers invalid JSON with a Dutch 422.
            with contextlib.suppress(ValueError, RecursionError):
                _walk(json.loads(body), "", problems) if body else None
    if problems:
        raise InvalidInput(problems[:20])
