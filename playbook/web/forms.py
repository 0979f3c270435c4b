"""Values from native HTML inputs (date, time, datetime-local) read as Dutch wall-clock time,
with the Dutch field-level message a form shows next to the field."""

from datetime import UTC, date, datetime, time

from playbook.config import USER_TZ
from playbook.errors import InvalidInput


def local_moment(value: str | None, field: str) -> datetime | None:
    """`2026-11-30T14:05` (datetime-local, Dutch time) as an aware UTC moment; empty: None."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T"))
    except ValueError:
        raise InvalidInput(
            [f"{field}: '{text[:40]}' is geen datum en tijd (kies een datum en een tijd)"]
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=USER_TZ)
    return moment.astimezone(UTC)


def local_date(value: str | None, field: str) -> date | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput([f"{field}: '{text[:40]}' is geen datum (kies een datum)"]) from None


def required_local_date(value: str | None, field: str) -> date:
    found = local_date(value, field)
    if found is None:
        raise InvalidInput([f"{field}: verplicht; kies een datum"])
    return found


def local_time(value: str | None, field: str) -> time | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise InvalidInput([f"{field}: '{text[:40]}' is geen tijd (kies uur en minuten)"]) from None
