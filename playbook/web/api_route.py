"""How every /api operation answers errors: the declared error bodies, and body validation
problems in Dutch field labels."""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute

from playbook.cases.intake import _label
from playbook.errors import InvalidInput
from playbook.validation import describe_errors
from playbook.web.api_models import ErrorOut


def _error(text: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": text}


# Declared on every operation, so the OpenAPI description matches what the API really answers.
ERRORS: dict[int | str, dict[str, Any]] = {
    401: _error("Niet ingelogd: geen of een ongeldig/verlopen API-token"),
    403: _error("Uw rol mag deze handeling niet doen"),
    404: _error("Zaak of stap bestaat niet, of hoort niet bij uw gemeente"),
    409: _error("Iemand anders wijzigde de zaak, of de fase kan nog niet worden afgesloten"),
    413: _error("De aanvraag is te groot"),
    422: _error("Ongeldige invoer; `problems` noemt elk veld"),
    503: _error("Het systeem is even druk; probeer het opnieuw"),
}


class DutchRoute(APIRoute):
    """Body validation problems named with the same Dutch field labels as the intake form and
    `playbook zaak nieuw` (huisnummer, objecttype, ...), not the English attribute names."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def dutch(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                if any(e["type"] == "json_invalid" for e in exc.errors()):
                    raise
                raise InvalidInput(
                    describe_errors(
                        exc,  # same .errors() shape as pydantic's
                        lambda loc: _label([p for p in loc if p != "body"]),
                    )
                ) from None

        return dutch
