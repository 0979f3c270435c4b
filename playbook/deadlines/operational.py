"""Operational due times of the playbook (not statutory terms)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def due_at(
    trigger: datetime, *, hours: float | None = None, days: int | None = None
) -> datetime:
    """``trigger`` plus ``hours`` and/or ``days`` of real elapsed time.

    These are operational targets ("inform the residents within 24 hours"),
    not terms set by law, so the Algemene termijnenwet does not apply (art. 4
    onder a Atw excludes terms in hours anyway) and weekends or holidays do
    not move them. The sum is taken in UTC so that across a DST change
    "24 hours" means 24 elapsed hours, not the same wall-clock time; the result
    is returned in the trigger's own time zone.
    """
    if trigger.tzinfo is None or trigger.utcoffset() is None:
        raise ValueError("due_at needs a timezone-aware trigger")
    if hours is None and days is None:
        raise ValueError("give hours and/or days")
    delta = timedelta(hours=hours or 0, days=days or 0)
    if delta < timedelta(0):
        raise ValueError("a due time cannot lie before its trigger")
    return (trigger.astimezone(UTC) + delta).astimezone(trigger.tzinfo)
