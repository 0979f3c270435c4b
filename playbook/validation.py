"""Turn pydantic validation errors into specific Dutch messages."""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

_MESSAGES: dict[str, str] = {
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekend veld (typfout?)",
    "string_pattern_mismatch": "ongeldig formaat",
    "string_too_short": "te kort of leeg",
    "string_type": "moet tekst zijn",
    "bool_parsing": "moet ja of nee zijn",
    "bool_type": "moet ja of nee zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_parsing": "moet een getal zijn",
    "float_type": "moet een getal zijn",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than_equal": "mag hoogstens {le} zijn",
    "list_type": "moet een lijst zijn",
    "dict_type": "moet een blok met velden zijn",
    "model_type": "moet een blok met velden zijn",
    "model_attributes_type": "moet een blok met velden zijn",
    "datetime_parsing": "ongeldige datum en tijd (gebruik JJJJ-MM-DD UU:MM)",
    "datetime_from_date_parsing": "ongeldige datum en tijd (gebruik JJJJ-MM-DD UU:MM)",
    "date_parsing": "ongeldige datum (gebruik JJJJ-MM-DD)",
    "date_from_datetime_parsing": "ongeldige datum (gebruik JJJJ-MM-DD)",
}


def dutch_message(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    if kind in ("enum", "literal_error"):
        return f"onbekende waarde '{error['input']}'; kies uit: {str(ctx.get('expected', '')).replace(' or ', ' of ')}"
    template = _MESSAGES.get(kind)
    if template is None:
        return f"ongeldige waarde '{error.get('input')}'"
    return template.format(**ctx)


def describe_errors(
    exc: ValidationError,
    locate: Callable[[Sequence[int | str]], str] | None = None,
) -> list[str]:
    """One Dutch line per problem; `locate` turns a pydantic location into words."""
    lines = []
    for error in exc.errors():
        where = locate(error["loc"]) if locate else ".".join(str(p) for p in error["loc"])
        lines.append(f"{where}: {dutch_message(error)}" if where else dutch_message(error))
    return lines


def parse_date(value: str | None, field: str) -> date | None:
    """A user-typed ISO date, or a Dutch error naming the field."""
    from playbook.errors import InvalidInput

    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput([f"{field}: '{value}' is geen datum (gebruik JJJJ-MM-DD)"]) from None
