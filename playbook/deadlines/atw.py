"""Rest days under the Algemene termijnenwet (Atw), art. 1 and 3.

We build the holiday set ourselves instead of using ``holidays.NL``: that
package lists 5 May only in lustrum years, whereas art. 3 lid 1 Atw makes
"de vijfde mei" a holiday every year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache
from importlib.resources import files

import yaml
from pydantic import BaseModel, ConfigDict

EQUATED_DAYS_FILE = "gelijkgestelde_dagen.yaml"
DEFAULT_EQUATED_NAME = "met een algemeen erkende feestdag gelijkgestelde dag"

# Extra equated days: either {date: Dutch name} or bare dates.
EquatedInput = Mapping[date, str] | Iterable[date] | None

_WEEKEND = {5: "zaterdag", 6: "zondag"}


class EquatedDay(BaseModel):
    """One day equated with a holiday by royal decree (art. 3 lid 3 Atw)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    name: str
    source: str


def parse_equated_days(text: str) -> dict[date, str]:
    """Parse the YAML format of ``gelijkgestelde_dagen.yaml`` (validated)."""
    entries = yaml.safe_load(text) or []
    return {e.date: e.name for e in (EquatedDay.model_validate(raw) for raw in entries)}


@lru_cache(maxsize=1)
def packaged_decree_entries() -> tuple[EquatedDay, ...]:
    """Every packaged equated day with the decree it comes from (art. 3 lid 3 Atw)."""
    text = files(__package__).joinpath(EQUATED_DAYS_FILE).read_text(encoding="utf-8")
    return tuple(EquatedDay.model_validate(raw) for raw in (yaml.safe_load(text) or []))


@lru_cache(maxsize=1)
def _packaged_equated_days() -> dict[date, str]:
    return {e.date: e.name for e in packaged_decree_entries()}


def calendar_last_year() -> int | None:
    """The last year for which royal decrees equating days are known (None: no data).
    Beyond it a computed term may end too early, so derivations warn (art. 3 lid 3 Atw)."""
    days = _packaged_equated_days()
    return max(d.year for d in days) if days else None


def load_equated_days() -> dict[date, str]:
    """The packaged equated days as {date: Dutch name} (a fresh copy)."""
    return dict(_packaged_equated_days())


def equated_days(extra: EquatedInput = None) -> dict[date, str]:
    """Packaged equated days, extended (and renamed) by ``extra``."""
    merged = load_equated_days()
    if extra is None:
        return merged
    if isinstance(extra, Mapping):
        merged.update(extra)
    else:
        merged.update(dict.fromkeys(extra, DEFAULT_EQUATED_NAME))
    return merged


def easter_sunday(year: int) -> date:
    """Gregorian Easter (Meeus/Jones/Butcher), to avoid an undeclared
    dependency on python-dateutil."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    w = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * w) // 451
    month, day = divmod(h + w - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def _statutory_holidays(year: int) -> tuple[tuple[date, str, str], ...]:
    """(date, Dutch name, legal basis) for the holidays named in art. 3 Atw."""
    if year < 2014:
        # Before 2014 the King's birthday was Koninginnedag (30 April); the
        # engine only handles current cases, so fail loudly instead.
        raise ValueError(f"Atw-feestdagen worden alleen berekend vanaf 2014, niet {year}")
    e = easter_sunday(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:  # celebrated on Saturday 26 April then
        kings_day = date(year, 4, 26)
    lid1, lid2 = "art. 3 lid 1 Atw", "art. 3 lid 2 Atw"
    # Eerste Paas-/Pinksterdag are not in art. 3 but always fall on a Sunday;
    # we list them by name so derivations read naturally.
    sunday = "art. 1 lid 1 Atw"
    return (
        (date(year, 1, 1), "Nieuwjaarsdag", lid1),
        (e - timedelta(days=2), "Goede Vrijdag", lid2),
        (e, "Eerste Paasdag", sunday),
        (e + timedelta(days=1), "Tweede Paasdag", lid1),
        (kings_day, "Koningsdag", lid1),
        (date(year, 5, 5), "Bevrijdingsdag (5 mei)", lid1),
        (e + timedelta(days=39), "Hemelvaartsdag", lid1),
        (e + timedelta(days=49), "Eerste Pinksterdag", sunday),
        (e + timedelta(days=50), "Tweede Pinksterdag", lid1),
        (date(year, 12, 25), "Eerste Kerstdag", lid1),
        (date(year, 12, 26), "Tweede Kerstdag", lid1),
    )


def atw_holidays(year: int, equated: EquatedInput = None) -> dict[date, str]:
    """All Atw holidays and equated days of ``year`` as {date: Dutch name}."""
    days = {d: name for d, name, _ in _statutory_holidays(year)}
    days.update({d: n for d, n in equated_days(equated).items() if d.year == year})
    return dict(sorted(days.items()))


def rest_day_basis(d: date, equated: EquatedInput = None) -> tuple[str, str] | None:
    """(Dutch name, Dutch description with legal basis) for an Atw rest day.

    A holiday wins over the weekday so that e.g. Saturday 26 December is
    explained as Tweede Kerstdag. Returns None for a working day.
    """
    for day, name, basis in _statutory_holidays(d.year):
        if day == d:
            if basis.startswith("art. 1"):
                return name, f"{name}, een zondag"
            if basis.endswith("lid 2 Atw"):  # Goede Vrijdag is only equated
                return name, f"{name}, gelijkgesteld met een algemeen erkende feestdag ({basis})"
            return name, f"{name}, een algemeen erkende feestdag ({basis})"
    equated_name = equated_days(equated).get(d)
    if equated_name is not None:
        name = equated_name
        return name, (
            f"{name}, bij koninklijk besluit gelijkgesteld met een algemeen "
            "erkende feestdag (art. 3 lid 3 Atw)"
        )
    if d.weekday() in _WEEKEND:
        return _WEEKEND[d.weekday()], f"een {_WEEKEND[d.weekday()]}"
    return None


def rest_day_reason(d: date, equated: EquatedInput = None) -> str | None:
    """Dutch reason why ``d`` is a rest day ("zaterdag", "Goede Vrijdag", ...)."""
    basis = rest_day_basis(d, equated)
    return basis[0] if basis else None


def is_rest_day(d: date, equated: EquatedInput = None) -> bool:
    return rest_day_basis(d, equated) is not None


def rest_days(year: int, equated: EquatedInput = None) -> list[tuple[date, str, str]]:
    """Every rest day of ``year`` under art. 1 and 3 Atw: (date, Dutch description with its
    basis, source). Weekends by art. 1 lid 1, holidays by art. 3 lid 1/2, equated days by the
    royal decree that names them (art. 3 lid 3)."""
    sources = {e.date: e.source for e in packaged_decree_entries()}
    result = []
    d = date(year, 1, 1)
    while d.year == year:
        basis = rest_day_basis(d, equated)
        if basis is not None:
            if d in sources and not any(day == d for day, _, _ in _statutory_holidays(year)):
                source = sources[d]
            elif d.weekday() in _WEEKEND and basis[0] in _WEEKEND.values():
                source = "art. 1 lid 1 Atw"
            else:
                source = next((b for day, _, b in _statutory_holidays(year) if day == d),
                              "art. 3 lid 3 Atw")
            result.append((d, basis[1], source))
        d += timedelta(days=1)
    return result
