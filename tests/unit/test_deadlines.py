"""Deadlines: Atw rest days, Awb terms and operational due times.

Every expected date below was checked against a calendar, not derived from
the code under test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pydantic
import pytest

from playbook.deadlines import (
    Deadline,
    atw,
    atw_holidays,
    bezwaar_deadline,
    due_at,
    format_date_nl,
    load_equated_days,
    parse_equated_days,
    rest_day_reason,
    statutory_term,
)

_REAL_PACKAGED_LOADER = atw._packaged_equated_days
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def statute_only(monkeypatch):
    """Pin dates on the statute alone: royal-decree days (e.g. the Friday
    after Hemelvaartsdag) would change several answers once the packaged
    file is filled in; they are tested through explicit extra data."""
    monkeypatch.setattr(atw, "_packaged_equated_days", lambda: {})


def text(deadline: Deadline) -> str:
    return "\n".join(deadline.explain())


# --- worked example ---------------------------------------------------------


def test_bezwaar_worked_example_goede_vrijdag_to_tuesday_after_easter():
    d = bezwaar_deadline(date(2025, 3, 7))  # Friday
    assert d.start == date(2025, 3, 8)  # Saturday: day after bekendmaking
    assert d.raw_end == date(2025, 4, 18)  # 7 March + 42 days = Goede Vrijdag
    assert d.end == date(2025, 4, 22)  # skip Fri, Sat, Sun, Easter Monday
    explained = text(d)
    assert "Goede Vrijdag" in explained
    assert "Tweede Paasdag" in explained
    assert "22 april 2025" in explained
    assert "art. 6:8 lid 1 Awb" in explained and "art. 1 lid 1 Atw" in explained
    skipped = [s.date for s in d.steps if s.rule == "art. 1 lid 1 Atw"]
    assert skipped == [date(2025, 4, 18), date(2025, 4, 19), date(2025, 4, 20),
                       date(2025, 4, 21), date(2025, 4, 22)]  # last = conclusion


def test_format_date_nl():
    assert format_date_nl(date(2025, 3, 7)) == "7 maart 2025"
    assert format_date_nl(date(2025, 4, 18), weekday=True) == "vrijdag 18 april 2025"


# --- every Atw holiday 2024-2027 --------------------------------------------

# (holiday, Dutch name, next day that is no rest day)
HOLIDAYS = [
    ("2024-01-01", "Nieuwjaarsdag", "2024-01-02"),
    ("2024-03-29", "Goede Vrijdag", "2024-04-02"),
    ("2024-03-31", "Eerste Paasdag", "2024-04-02"),
    ("2024-04-01", "Tweede Paasdag", "2024-04-02"),
    ("2024-04-27", "Koningsdag", "2024-04-29"),  # a Saturday
    ("2024-05-05", "Bevrijdingsdag (5 mei)", "2024-05-06"),
    ("2024-05-09", "Hemelvaartsdag", "2024-05-10"),
    ("2024-05-19", "Eerste Pinksterdag", "2024-05-21"),
    ("2024-05-20", "Tweede Pinksterdag", "2024-05-21"),
    ("2024-12-25", "Eerste Kerstdag", "2024-12-27"),
    ("2024-12-26", "Tweede Kerstdag", "2024-12-27"),
    ("2025-01-01", "Nieuwjaarsdag", "2025-01-02"),
    ("2025-04-18", "Goede Vrijdag", "2025-04-22"),
    ("2025-04-20", "Eerste Paasdag", "2025-04-22"),
    ("2025-04-21", "Tweede Paasdag", "2025-04-22"),
    ("2025-04-26", "Koningsdag", "2025-04-28"),  # 27 April 2025 is a Sunday
    ("2025-05-05", "Bevrijdingsdag (5 mei)", "2025-05-06"),
    ("2025-05-29", "Hemelvaartsdag", "2025-05-30"),
    ("2025-06-08", "Eerste Pinksterdag", "2025-06-10"),
    ("2025-06-09", "Tweede Pinksterdag", "2025-06-10"),
    ("2025-12-25", "Eerste Kerstdag", "2025-12-29"),
    ("2025-12-26", "Tweede Kerstdag", "2025-12-29"),
    ("2026-01-01", "Nieuwjaarsdag", "2026-01-02"),
    ("2026-04-03", "Goede Vrijdag", "2026-04-07"),
    ("2026-04-05", "Eerste Paasdag", "2026-04-07"),
    ("2026-04-06", "Tweede Paasdag", "2026-04-07"),
    ("2026-04-27", "Koningsdag", "2026-04-28"),
    ("2026-05-05", "Bevrijdingsdag (5 mei)", "2026-05-06"),
    ("2026-05-14", "Hemelvaartsdag", "2026-05-15"),
    ("2026-05-24", "Eerste Pinksterdag", "2026-05-26"),
    ("2026-05-25", "Tweede Pinksterdag", "2026-05-26"),
    ("2026-12-25", "Eerste Kerstdag", "2026-12-28"),
    ("2026-12-26", "Tweede Kerstdag", "2026-12-28"),
    ("2027-01-01", "Nieuwjaarsdag", "2027-01-04"),
    ("2027-03-26", "Goede Vrijdag", "2027-03-30"),
    ("2027-03-28", "Eerste Paasdag", "2027-03-30"),
    ("2027-03-29", "Tweede Paasdag", "2027-03-30"),
    ("2027-04-27", "Koningsdag", "2027-04-28"),
    ("2027-05-05", "Bevrijdingsdag (5 mei)", "2027-05-07"),  # 6 May = Hemelvaart
    ("2027-05-06", "Hemelvaartsdag", "2027-05-07"),
    ("2027-05-16", "Eerste Pinksterdag", "2027-05-18"),
    ("2027-05-17", "Tweede Pinksterdag", "2027-05-18"),
    ("2027-12-25", "Eerste Kerstdag", "2027-12-27"),
    ("2027-12-26", "Tweede Kerstdag", "2027-12-27"),
]


@pytest.mark.parametrize("day, name, next_working", HOLIDAYS, ids=[h[0] for h in HOLIDAYS])
def test_atw_holiday_and_bezwaar_term_ending_on_it(day, name, next_working):
    holiday = date.fromisoformat(day)
    assert rest_day_reason(holiday) == name
    assert atw_holidays(holiday.year)[holiday] == name
    d = bezwaar_deadline(holiday - timedelta(days=42))
    assert d.raw_end == holiday
    assert d.end == date.fromisoformat(next_working)
    assert name in text(d)


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_atw_holidays_lists_exactly_the_statutory_days(year):
    expected = {date.fromisoformat(h[0]) for h in HOLIDAYS if h[0].startswith(str(year))}
    assert set(atw_holidays(year)) == expected


def test_koningsdag_2025_moves_to_saturday():
    assert rest_day_reason(date(2025, 4, 26)) == "Koningsdag"
    assert rest_day_reason(date(2025, 4, 27)) == "zondag"


def test_weekend_and_working_days():
    assert rest_day_reason(date(2025, 3, 8)) == "zaterdag"
    assert rest_day_reason(date(2025, 3, 9)) == "zondag"
    assert rest_day_reason(date(2025, 3, 10)) is None


def test_5_may_2026_is_rest_day_although_holidays_nl_disagrees():
    # The trap: holidays.NL lists Bevrijdingsdag only in lustrum years, but
    # art. 3 lid 1 Atw names "de vijfde mei" every year.
    may5 = date(2026, 5, 5)  # Tuesday, not a lustrum year
    assert may5 not in holidays.NL(years=2026)
    assert rest_day_reason(may5) == "Bevrijdingsdag (5 mei)"
    assert bezwaar_deadline(may5 - timedelta(days=42)).end == date(2026, 5, 6)
    assert date(2025, 5, 5) in holidays.NL(years=2025)  # lustrum: both agree


def test_christmas_2026_runs_into_monday():
    # 25 Dec 2026 Friday, 26 Saturday (and Tweede Kerstdag), 27 Sunday.
    d = bezwaar_deadline(date(2026, 11, 13))
    assert d.raw_end == date(2026, 12, 25)
    assert d.end == date(2026, 12, 28)
    assert "maandag 28 december 2026" in text(d)


def test_new_year_2027_friday_runs_into_monday():
    d = bezwaar_deadline(date(2026, 11, 20))
    assert d.raw_end == date(2027, 1, 1)
    assert d.end == date(2027, 1, 4)
    assert "Nieuwjaarsdag" in text(d)


# --- equated days (art. 3 lid 3 Atw) ----------------------------------------


def test_equated_day_as_extra_mapping_extends_term():
    # Hemelvaartsdag Thursday 14 May 2026; equate Friday 15 May.
    bekendmaking = date(2026, 4, 2)
    assert bezwaar_deadline(bekendmaking).end == date(2026, 5, 15)
    extra = {date(2026, 5, 15): "vrijdag na Hemelvaartsdag"}
    d = bezwaar_deadline(bekendmaking, equated=extra)
    assert d.end == date(2026, 5, 18)
    assert "vrijdag na Hemelvaartsdag" in text(d)
    assert "art. 3 lid 3 Atw" in text(d)
    assert rest_day_reason(date(2026, 5, 15), extra) == "vrijdag na Hemelvaartsdag"
    assert atw_holidays(2026, extra)[date(2026, 5, 15)] == "vrijdag na Hemelvaartsdag"


def test_equated_day_as_bare_dates():
    d = bezwaar_deadline(date(2026, 4, 2), equated=[date(2026, 5, 15)])
    assert d.end == date(2026, 5, 18)


def test_packaged_file_loads_and_is_merged(monkeypatch):
    real = _REAL_PACKAGED_LOADER.__wrapped__()  # reads the shipped YAML
    assert isinstance(real, dict)
    assert all(isinstance(k, date) and v for k, v in real.items())
    monkeypatch.setattr(atw, "_packaged_equated_days",
                        lambda: {date(2026, 5, 15): "vrijdag na Hemelvaartsdag"})
    assert load_equated_days() == {date(2026, 5, 15): "vrijdag na Hemelvaartsdag"}
    assert bezwaar_deadline(date(2026, 4, 2)).end == date(2026, 5, 18)


def test_parse_equated_days_format():
    sample = """
- date: 2099-05-15
  name: vrijdag na Hemelvaartsdag
  source: "Besluit van 1 januari 2099 (fictief voorbeeld)"
"""
    assert parse_equated_days(sample) == {date(2099, 5, 15): "vrijdag na Hemelvaartsdag"}
    assert parse_equated_days("[]") == {}
    with pytest.raises(pydantic.ValidationError):  # the source is mandatory
        parse_equated_days("- {date: 2099-05-15, name: x}")


# --- art. 2 Atw: at least two working days in a term of 3+ days ---------------


def zienswijze(event: date, days: int) -> Deadline:
    return statutory_term(event, days=days, label="Zienswijze", rule="art. 4:8 Awb",
                          event="de verzending van het voornemen")


def test_art2_three_day_term_over_christmas_weekend():
    # Event Wed 23 Dec 2026; term Thu 24, Fri 25 (Eerste Kerstdag), Sat 26
    # (Tweede Kerstdag). Only Thu 24 is a working day, so art. 2 extends:
    # Sun 27 does not count, Mon 28 is the second working day -> end Mon 28.
    # Art. 1 alone would give the same day (Sat 26 -> Sun 27 -> Mon 28), but
    # the derivation must cite art. 2.
    d = zienswijze(date(2026, 12, 23), 3)
    assert (d.start, d.raw_end, d.end) == (date(2026, 12, 24), date(2026, 12, 26),
                                           date(2026, 12, 28))
    assert any(s.rule == "art. 2 Atw" for s in d.steps)


def test_art2_adds_two_working_days_when_term_has_none():
    # Event Thu 24 Dec 2026; term Fri 25, Sat 26, Sun 27: no working day.
    # Art. 2 extends through Mon 28 (1) and Tue 29 (2) -> end Tue 29, one day
    # later than art. 1 alone (Mon 28) would give.
    d = zienswijze(date(2026, 12, 24), 3)
    assert d.raw_end == date(2026, 12, 27)
    assert d.end == date(2026, 12, 29)
    assert "dinsdag 29 december 2026" in text(d)


def test_art2_extends_term_ending_on_a_working_day():
    # Event Fri 6 Mar 2026; term Sat 7, Sun 8, Mon 9. The end is a working
    # day (art. 1 does nothing) but it is the only one -> end Tue 10.
    d = zienswijze(date(2026, 3, 6), 3)
    assert d.raw_end == date(2026, 3, 9)
    assert d.end == date(2026, 3, 10)


def test_art2_does_not_apply_to_two_day_term():
    d = zienswijze(date(2026, 3, 6), 2)  # Sat 7, Sun 8 -> art. 1 only
    assert d.end == date(2026, 3, 9)
    assert all(s.rule != "art. 2 Atw" for s in d.steps)


def test_two_week_zienswijze_ending_on_koningsdag():
    d = statutory_term(date(2026, 4, 13), weeks=2, label="Zienswijze", rule="art. 4:8 Awb")
    assert d.raw_end == date(2026, 4, 27)
    assert d.end == date(2026, 4, 28)


def test_art4_terms_over_twelve_weeks_are_not_extended():
    # 13 weeks from Sat 3 Jan 2026 ends Sat 4 Apr 2026: no Atw extension.
    long_term = statutory_term(date(2026, 1, 3), weeks=13, label="X", rule="Y")
    assert long_term.end == long_term.raw_end == date(2026, 4, 4)
    assert "art. 4 onder a Atw" in text(long_term)
    # 12 weeks ending the same Saturday is extended past Easter Monday.
    assert statutory_term(date(2026, 1, 10), weeks=12, label="X", rule="Y").end == date(2026, 4, 7)


def test_statutory_term_requires_a_length():
    with pytest.raises(ValueError):
        statutory_term(date(2026, 1, 1), label="X", rule="Y")


def test_deadline_is_frozen():
    d = bezwaar_deadline(date(2025, 3, 7))
    with pytest.raises(pydantic.ValidationError):
        d.end = date(2030, 1, 1)


# --- operational due times --------------------------------------------------


def elapsed(a: datetime, b: datetime) -> timedelta:
    return b.astimezone(UTC) - a.astimezone(UTC)


def test_due_at_hours_across_dst_counts_real_hours():
    # Clocks go from 02:00 CET to 03:00 CEST on Sunday 29 March 2026.
    trigger = datetime(2026, 3, 28, 12, 0, tzinfo=AMS)
    due = due_at(trigger, hours=24)
    assert due == datetime(2026, 3, 29, 13, 0, tzinfo=AMS)
    assert due.utcoffset() == timedelta(hours=2)
    assert elapsed(trigger, due) == timedelta(hours=24)


def test_due_at_days_across_dst_counts_real_hours():
    trigger = datetime(2026, 3, 28, 12, 0, tzinfo=AMS)
    due = due_at(trigger, days=2)
    assert due == datetime(2026, 3, 30, 13, 0, tzinfo=AMS)
    assert elapsed(trigger, due) == timedelta(hours=48)


def test_due_at_fractional_hours_through_the_gap():
    trigger = datetime(2026, 3, 29, 1, 30, tzinfo=AMS)  # CET, 00:30 UTC
    assert due_at(trigger, hours=1.5) == datetime(2026, 3, 29, 4, 0, tzinfo=AMS)


def test_due_at_ignores_weekends_and_holidays():
    trigger = datetime(2025, 4, 18, 10, 0, tzinfo=AMS)  # Goede Vrijdag
    assert due_at(trigger, hours=24) == datetime(2025, 4, 19, 10, 0, tzinfo=AMS)


def test_due_at_rejects_naive_or_empty():
    with pytest.raises(ValueError):
        due_at(datetime(2026, 3, 28, 12, 0), hours=1)
    with pytest.raises(ValueError):
        due_at(datetime(2026, 3, 28, 12, 0, tzinfo=AMS))


# --- the packaged decrees (art. 3 lid 3 Atw) and the calendar ---------------


@pytest.fixture
def decrees(monkeypatch):
    monkeypatch.setattr(atw, "_packaged_equated_days", _REAL_PACKAGED_LOADER)


def test_packaged_decrees_list_every_equated_day_with_its_source(decrees):
    days = {e.date: e.source for e in atw.packaged_decree_entries()}
    assert set(days) == {date(2023, 4, 28), date(2023, 5, 19), date(2024, 5, 10),
                         date(2024, 12, 27), date(2025, 5, 30), date(2026, 1, 2),
                         date(2026, 5, 15), date(2027, 5, 7), date(2028, 4, 28),
                         date(2028, 5, 26)}
    assert all(s.startswith("Besluit gelijkstelling van") for s in days.values())
    assert "BWBR0051300" in days[date(2026, 5, 15)]


def test_term_ending_on_the_friday_after_ascension_2026_runs_to_monday(decrees):
    # bekendmaking Friday 3 April 2026: six weeks end Friday 15 May 2026 (equated by decree)
    d = bezwaar_deadline(date(2026, 4, 3))
    assert (d.raw_end, d.end) == (date(2026, 5, 15), date(2026, 5, 18))
    assert "bij koninklijk besluit gelijkgesteld" in text(d)
    assert d.warning is None


def test_worked_example_still_holds_with_the_decrees(decrees):
    assert bezwaar_deadline(date(2025, 3, 7)).end == date(2025, 4, 22)


def test_a_term_beyond_the_last_decree_says_so(decrees):
    d = bezwaar_deadline(date(2028, 12, 1))
    assert d.end.year == 2029
    assert d.warning and "tot en met 2028" in d.warning and "2029" in d.warning
    assert any(line.startswith("Let op:") for line in d.explain())


def test_calendar_lists_every_rest_day_of_a_year_with_its_basis(decrees):
    days = {d: (why, source) for d, why, source in atw.rest_days(2026)}
    assert days[date(2026, 5, 15)][1].startswith("Besluit gelijkstelling van 2 januari 2026")
    assert days[date(2026, 4, 3)][1] == "art. 3 lid 2 Atw"  # Goede Vrijdag
    assert days[date(2026, 5, 5)][1] == "art. 3 lid 1 Atw"
    assert days[date(2026, 1, 3)] == ("een zaterdag", "art. 1 lid 1 Atw")
    weekends = sum(1 for d in days if d.weekday() >= 5)
    assert weekends == 104
    assert date(2026, 5, 6) not in days
