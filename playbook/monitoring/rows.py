"""The rows monitoring computes on: plain values, no database objects, no names."""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class AttackRow:
    """One attack (not a threat). `address` is only used to find repeat addresses; it never
    leaves the figures."""

    case_id: int
    municipality: str
    occurred_at: datetime  # local (Dutch) time
    object_type: str
    address: tuple[str, int, str]
    earlier_attacks: int = 0  # attacks at the address before the case was registered


@dataclass(frozen=True)
class Milestones:
    """Per case: the incident and the first moment of each later milestone (or None)."""

    case_id: int
    incident_at: datetime
    victim_support_at: datetime | None = None  # first contact with Slachtofferhulp
    decided_on: date | None = None  # closure decision taken
    made_known_on: date | None = None  # bekendmaking (art. 3:41 Awb)
    lifted_on: date | None = None  # closure ended: lifting decision or end of its term


@dataclass(frozen=True)
class ClosureRow:
    case_id: int
    object_type: str
    start: date | None
    planned_days: int | None
    actual_days: int | None  # start to lifting, when lifted


@dataclass(frozen=True)
class MeasureRow:
    case_id: int
    title: str
    status: str  # gedaan | overgeslagen | open | niet gedaan
    round: int  # a repeat attack starts a round: the same measure again


@dataclass(frozen=True)
class OverdueRow:
    partner: str
    case_id: int
