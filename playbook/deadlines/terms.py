"""Statutory terms (Awb) extended under the Algemene termijnenwet."""

from __future__ import annotations

from datetime import date, timedelta

from .atw import EquatedInput, calendar_last_year, equated_days, is_rest_day, rest_day_basis
from .formatting import format_date_nl, number_nl
from .models import Deadline, DerivationStep

ART1 = "art. 1 lid 1 Atw"
ART2 = "art. 2 Atw"
ART4 = "art. 4 onder a Atw"
# Art. 4 onder a Atw: the act does not apply to terms of more than 90 days or
# more than twelve weeks (12 weeks = 84 days, 13 weeks = 91 days, so one
# day-count threshold covers both).
ATW_MAX_DAYS = 90


def _day(d: date) -> str:
    return format_date_nl(d, weekday=True)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _length_nl(days: int, weeks: int) -> str:
    parts = []
    if weeks:
        parts.append(f"{number_nl(weeks)} {'week' if weeks == 1 else 'weken'}")
    if days:
        parts.append(f"{number_nl(days)} {'dag' if days == 1 else 'dagen'}")
    return " en ".join(parts)


def _working_days(start: date, end: date, equated: EquatedInput) -> int:
    count, d = 0, start
    while d <= end:
        count += not is_rest_day(d, equated)
        d += timedelta(days=1)
    return count


def _apply_art2(
    start: date, end: date, equated: EquatedInput, steps: list[DerivationStep]
) -> date:
    """Art. 2 Atw: a term of 3+ days must contain two non-rest days."""
    found = _working_days(start, end, equated)
    if found >= 2:
        return end
    steps.append(DerivationStep(
        rule=ART2, date=end,
        explanation=(
            f"Van {_day(start)} tot en met {_day(end)} valt "
            f"{'geen' if found == 0 else 'slechts één'} werkdag (een dag die geen "
            "zaterdag, zondag of algemeen erkende feestdag is); een termijn van "
            "ten minste drie dagen moet er twee bevatten, dus de termijn wordt verlengd."
        ),
    ))
    while found < 2:
        end += timedelta(days=1)
        basis = rest_day_basis(end, equated)
        if basis is None:
            found += 1
            why = f"telt mee als werkdag ({found} van 2)"
        else:
            why = f"telt niet mee: {basis[1]}"
        steps.append(DerivationStep(
            rule=ART2, date=end, explanation=f"{_cap(_day(end))} {why}."
        ))
    return end


def _apply_art1(end: date, equated: EquatedInput, steps: list[DerivationStep]) -> date:
    """Art. 1 lid 1 Atw: move an end on a rest day to the next working day."""
    moved = False
    while (basis := rest_day_basis(end, equated)) is not None:
        steps.append(DerivationStep(
            rule=ART1, date=end,
            explanation=(
                f"{_cap(_day(end))} is {basis[1]}; "
                "de termijn loopt door tot de volgende dag."
            ),
        ))
        end += timedelta(days=1)
        moved = True
    if moved:
        steps.append(DerivationStep(
            rule=ART1, date=end,
            explanation=(
                f"De termijn eindigt daarom op {_day(end)}, de eerstvolgende dag "
                "die geen zaterdag, zondag of algemeen erkende feestdag is."
            ),
        ))
    return end


def statutory_term(
    start_event: date,
    *,
    days: int | None = None,
    weeks: int | None = None,
    label: str,
    rule: str,
    equated: EquatedInput = None,
    event: str = "de gebeurtenis",
    start_rule: str | None = None,
) -> Deadline:
    """A term of ``weeks`` and/or ``days`` that begins the day after ``start_event``.

    The last day is ``start_event`` + length; it is then extended under
    art. 2 and art. 1 Atw unless art. 4 Atw excludes the term. ``event`` is the
    Dutch noun phrase for the triggering event ("de bekendmaking").
    """
    days, weeks = days or 0, weeks or 0
    if days < 0 or weeks < 0 or days + weeks == 0:
        raise ValueError("een termijn moet een positief aantal dagen of weken hebben")
    length = days + 7 * weeks
    eq = equated_days(equated)  # merge packaged data once, not per day
    start = start_event + timedelta(days=1)
    raw_end = start_event + timedelta(days=length)
    steps = [
        DerivationStep(
            rule=start_rule or rule, date=start,
            explanation=(
                f"De termijn van {_length_nl(days, weeks)} begint op de dag na "
                f"{event} ({_day(start_event)}): {_day(start)}."
            ),
        ),
        DerivationStep(
            rule=rule, date=raw_end,
            explanation=f"Zonder verlenging is de laatste dag van de termijn {_day(raw_end)}.",
        ),
    ]
    end = raw_end
    if length > ATW_MAX_DAYS:
        steps.append(DerivationStep(
            rule=ART4, date=raw_end,
            explanation=(
                "Een termijn van meer dan 90 dagen of twaalf weken wordt niet "
                "verlengd op grond van de Algemene termijnenwet."
            ),
        ))
    else:
        if length >= 3:
            end = _apply_art2(start, end, eq, steps)
        end = _apply_art1(end, eq, steps)
    return Deadline(
        label=label, rule=rule, start=start, raw_end=raw_end, end=end, steps=steps,
        warning=beyond_calendar(end),
    )


def beyond_calendar(end: date) -> str | None:
    """A warning when ``end`` lies in a year no known royal decree covers (art. 3 lid 3 Atw)."""
    last = calendar_last_year()
    if last is not None and end.year <= last:
        return None
    covered = f"tot en met {last}" if last is not None else "voor geen enkel jaar"
    return (f"de kalender van bij koninklijk besluit gelijkgestelde dagen loopt {covered}; "
            f"voor {end.year} is nog geen besluit bekend (art. 3 lid 3 Atw). Een later "
            "gelijkgestelde dag kan deze termijn nog verlengen: controleer de Staatscourant.")


def bezwaar_deadline(bekendmaking: date, equated: EquatedInput = None) -> Deadline:
    """Bezwaartermijn: six weeks (art. 6:7 Awb) from the day after bekendmaking."""
    return statutory_term(
        bekendmaking,
        weeks=6,
        label="Bezwaartermijn",
        rule="art. 6:7 Awb",
        start_rule="art. 6:8 lid 1 Awb",
        event="de bekendmaking",
        equated=equated,
    )
