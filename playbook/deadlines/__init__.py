"""Deadlines: Atw rest days, statutory Awb terms with their derivation, and
operational due times."""

from .atw import (
    EquatedDay,
    atw_holidays,
    calendar_last_year,
    equated_days,
    is_rest_day,
    load_equated_days,
    parse_equated_days,
    rest_day_basis,
    rest_day_reason,
    rest_days,
)
from .formatting import format_date_nl
from .models import Deadline, DerivationStep
from .operational import due_at
from .terms import beyond_calendar, bezwaar_deadline, statutory_term

__all__ = [
    "Deadline",
    "DerivationStep",
    "EquatedDay",
    "atw_holidays",
    "beyond_calendar",
    "bezwaar_deadline",
    "calendar_last_year",
    "due_at",
    "equated_days",
    "format_date_nl",
    "is_rest_day",
    "load_equated_days",
    "parse_equated_days",
    "rest_day_basis",
    "rest_day_reason",
    "rest_days",
    "statutory_term",
]
