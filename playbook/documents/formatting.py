"""How dates and times read in Dutch documents and screens (Europe/Amsterdam)."""

from datetime import date, datetime

from babel.dates import format_datetime

from playbook.config import USER_TZ
from playbook.deadlines import format_date_nl


def local(value: datetime) -> datetime:
    return value.astimezone(USER_TZ)


def date_nl(value: date | datetime | None, weekday: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value).date()
    return format_date_nl(value, weekday=weekday)


def datetime_nl(value: datetime | None) -> str:
    """'7 maart 2025 02:40' in Dutch local time."""
    if value is None:
        return ""
    return format_datetime(local(value), "d MMMM y HH:mm", locale="nl_NL")


def short_nl(value: datetime | None) -> str:
    """'07-03-2025 02:40', compact for tables and terminals."""
    return "" if value is None else local(value).strftime("%d-%m-%Y %H:%M")


def date_en(value: date | datetime | None) -> str:
    """'7 March 2025' for the English resident letter."""
    from babel.dates import format_date

    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value).date()
    return format_date(value, "d MMMM y", locale="en_GB")


def date_in(value: date | datetime | None, locale: str = "nl_NL") -> str:
    """A date in the reader's language: '7 maart 2025' (nl_NL), '7 March 2025' (en_GB)."""
    from babel.dates import format_date

    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value).date()
    return format_date(value, "d MMMM y", locale=locale)


def number_nl(value: float | None) -> str:
    """21.6 as a Dutch reader writes it, 21,6 (a point reads as a thousands separator)."""
    return "—" if value is None else f"{value:g}".replace(".", ",")


# The languages a form offers for a person (most spoken in the Netherlands after Dutch, and of
# recent arrivals); any other ISO 639 code stays valid and keeps its own option once stored.
SPOKEN = ("nl", "en", "ar", "tr", "pl", "uk", "de", "fr", "es", "pt", "pap", "ti", "so", "fa",
          "ps", "ku", "zgh", "ru", "ro", "bg", "hu", "it", "sq", "bs", "zh", "hi", "ur", "id")


def language_options(current: str | None = None) -> list[tuple[str, str]]:
    """(code, Dutch name) for a select: Dutch first, the rest by name; `current` (a code typed
    or stored earlier) is kept as an option when it is not in the list."""
    codes = [*SPOKEN, *([current] if current and current not in SPOKEN else [])]
    rest = sorted((language_name(c), c) for c in codes if c != "nl")
    return [("nl", language_name("nl")), *((c, name) for name, c in rest)]


def language_name(code: str) -> str:
    """'en' -> 'Engels': a language as a Dutch word (CLDR via Babel)."""
    from babel import Locale

    name = Locale("nl").languages.get(code.split("-")[0].lower())
    return name[:1].upper() + name[1:] if name else code


# Forms of address that open a name: at the start of an address block they are capitalised
# ("De heer D. Verhoef"); inside a sentence they are not ("bekendgemaakt aan de heer ...").
_ADDRESS_FORMS = ("De heer ", "Mevrouw ", "Dhr. ", "Mevr. ", "Mw. ")


def name_in_sentence(name: str) -> str:
    """'De heer D. Verhoef' as it reads mid-sentence: 'de heer D. Verhoef'."""
    for form in _ADDRESS_FORMS:
        if name.startswith(form):
            return form.lower() + name[len(form):]
    return name
