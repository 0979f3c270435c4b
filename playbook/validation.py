"""Turn pydantic validation errors into specific Dutch messages."""

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Annotated, Any, Protocol

from pydantic import AfterValidator, Field
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
    "string_too_long": "te lang (hoogstens {max_length} tekens)",
    "greater_than_equal": "moet minstens {ge} zijn",
    "greater_than": "moet groter zijn dan {gt}",
    "less_than": "moet kleiner zijn dan {lt}",
    "int_parsing_size": "getal is te groot",
    "date_from_datetime_inexact": "ongeldige datum (gebruik JJJJ-MM-DD)",
    "datetime_type": "ongeldige datum en tijd (gebruik JJJJ-MM-DD UU:MM)",
    "date_type": "ongeldige datum (gebruik JJJJ-MM-DD)",
    "too_long": "te veel items (hoogstens {max_length})",
    "json_invalid": "geen geldige JSON",
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


def shown(value: object, limit: int = 40) -> str:
    """A user's input echoed back safely: short, without control characters."""
    text = _CONTROL.sub("?", str(value))
    return text if len(text) <= limit else text[:limit] + "…"


def dutch_message(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace(" or ", " of ")
        return f"onbekende waarde '{shown(error['input'])}'; kies uit: {expected}"
    template = _MESSAGES.get(kind)
    if template is None:
        return f"ongeldige waarde '{shown(error.get('input'))}'"
    return template.format(**ctx)


class HasErrors(Protocol):
    """Pydantic's ValidationError and FastAPI's RequestValidationError alike."""

    def errors(self) -> Sequence[ErrorDetails]: ...


def describe_errors(
    exc: HasErrors,
    locate: Callable[[Sequence[int | str]], str] | None = None,
) -> list[str]:
    """One Dutch line per problem; `locate` turns a pydantic location into words."""
    lines = []
    for error in exc.errors():
        where = locate(error["loc"]) if locate else ".".join(str(p) for p in error["loc"])
        lines.append(f"{where}: {dutch_message(error)}" if where else dutch_message(error))
    return lines


# A problem reads "veld: wat er mis is", the field named as the command line and the form name
# it (`zelfde-incident-als`). A page shows the field in words; next to the field itself only
# what is wrong, as its label already names it.
_FIELD_WORDS = {"bag-id": "BAG-id", "toestemming-shn": "toestemming voor Slachtofferhulp",
                "shn": "Slachtofferhulp"}


def _field_and_rest(problem: str) -> tuple[str, str]:
    name, sep, rest = problem.partition(": ")
    return (name, rest) if sep and name and rest else ("", problem)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def problem_sentence(problem: str) -> str:
    """"zelfde-incident-als: ..." as "Zelfde incident als: ...", for a list of problems."""
    name, rest = _field_and_rest(problem)
    if not name:
        return _capital(problem)
    words = " ".join(_FIELD_WORDS.get(w) or w.replace("-", " ") for w in name.split(" "))
    return f"{_capital(words)}: {rest}"


def problem_at_field(problem: str) -> str:
    """Under the field's own label: what is wrong ("personen nr. 2 taal: ..." keeps which
    person, as that field holds all of them)."""
    name, rest = _field_and_rest(problem)
    numbered = any(c.isdigit() for c in name)
    return _capital(rest) if name and not numbered else problem_sentence(problem)


def parse_date(value: str | None, field: str) -> date | None:
    """A user-typed ISO date, or a Dutch error naming the field."""
    from playbook.errors import InvalidInput

    if value is None:
        return None
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            [f"{field}: '{value[:40]}' is geen datum (gebruik JJJJ-MM-DD)"]
        ) from None
    if not YEAR_MIN <= parsed.year <= YEAR_MAX:
        raise InvalidInput([f"{field}: jaartal {parsed.year} valt buiten {YEAR_MIN}-{YEAR_MAX}"])
    return parsed


def required_date(value: str | None, field: str) -> date:
    """Like parse_date, for a date that must be filled in (an empty form field is None)."""
    from playbook.errors import InvalidInput

    parsed = parse_date(value, field)
    if parsed is None:
        raise InvalidInput([f"{field}: verplicht; vul een datum in (JJJJ-MM-DD)"])
    return parsed


# --- Input bounds: one definition per kind of value, shared by forms, the API and the CLI. ---
# PostgreSQL INTEGER is 32-bit; a larger number must be refused at the edge, not by the database.
INT_MAX = 2**31 - 1
INT_MIN = -(2**31)
# Dates outside these years are typing mistakes (the year 1, 20250 ...) and break date arithmetic.
YEAR_MIN, YEAR_MAX = 1900, 2100
SHORT_TEXT = 200  # names, streets, cities, single-line fields
LONG_TEXT = 50_000  # free text: reasons in a decision, 500 addresses for a letter run
MAX_BODY_BYTES = 512 * 1024  # one request; a closure decision is a few kB of text
MAX_ADDRESSES = 500  # addresses in one bulk letter run
MAX_PATH_CHARS = 2_000

# Tab, newline and carriage return belong in text areas; every other control character does not.
# The same rules as JSON-schema patterns, so the OpenAPI description tells clients in advance.
SINGLE_LINE = r"^[^\x00-\x1f\x7f]*$"
MULTI_LINE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE_LIKE = re.compile(r"^\s*(-?\d+)-(\d{1,2})-(\d{1,2})(?:[ T].*)?$", re.S)


def text_problem(value: str, limit: int = LONG_TEXT, multiline: bool = True) -> str | None:
    """Why a text cannot be stored, in Dutch, or None when it is fine."""
    if len(value) > limit:
        return f"te lang ({len(value)} tekens; hoogstens {limit})"
    if _CONTROL.search(value) or (not multiline and ("\n" in value or "\r" in value)):
        return "bevat onzichtbare stuurtekens (zoals een NUL-teken); verwijder die"
    match = _DATE_LIKE.match(value)
    if match and not YEAR_MIN <= int(match[1]) <= YEAR_MAX:
        return f"jaartal {match[1]} valt buiten {YEAR_MIN}-{YEAR_MAX}"
    return None


def int_problem(value: int) -> str | None:
    if not INT_MIN <= value <= INT_MAX:
        return f"getal valt buiten het toegestane bereik ({INT_MIN} tot {INT_MAX})"
    return None


def _checked_text(limit: int, multiline: bool) -> Callable[[str], str]:
    def check(value: str) -> str:
        problem = text_problem(value, limit, multiline)
        if problem:
            raise ValueError(problem)
        return value
    return check


def _checked_year(value: Any) -> Any:
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValueError(f"jaartal {value.year} valt buiten {YEAR_MIN}-{YEAR_MAX}")
    return value


ShortText = Annotated[str, AfterValidator(_checked_text(SHORT_TEXT, multiline=False))]
LongText = Annotated[str, AfterValidator(_checked_text(LONG_TEXT, multiline=True))]
DbInt = Annotated[int, Field(ge=INT_MIN, le=INT_MAX)]
Count = Annotated[int, Field(ge=0, le=INT_MAX)]
Id = Annotated[int, Field(ge=1, le=INT_MAX)]
SaneDate = Annotated[date, AfterValidator(_checked_year)]
SaneDateTime = Annotated[datetime, AfterValidator(_checked_year)]
