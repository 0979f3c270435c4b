"""Dutch rendering of dates and small numbers for derivation texts."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

_NUMBER_WORDS = (
    "nul", "een", "twee", "drie", "vier", "vijf", "zes",
    "zeven", "acht", "negen", "tien", "elf", "twaalf",
)


def format_date_nl(d: date, weekday: bool = False) -> str:
    """"7 maart 2025", or "vrijdag 7 maart 2025" with ``weekday``."""
    pattern = "EEEE d MMMM y" if weekday else "d MMMM y"
    return format_date(d, pattern, locale="nl_NL")


def number_nl(n: int) -> str:
    """Numbers up to twelve in words, as Dutch legal texts write them."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)
