"""The monitoring figures, computed from rows only (pure: no database, no clock).

Goal line: Aanpak aanslagen met explosieven (Offensief tegen Explosies, 2025), p. 1: "Voor 2025
is het ambitieniveau een afname van (ten minste) 10% ten opzichte van de aantallen in 2024."
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from playbook.definition.repeat_monitoring import Baseline
from playbook.monitoring.rows import AttackRow, ClosureRow, MeasureRow, Milestones, OverdueRow

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
# As Dutch abbreviates them (CLDR nl): "mrt", not the first three letters.
SHORT_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
STATUSES = ("gedaan", "overgeslagen", "open", "niet gedaan")


@dataclass(frozen=True)
class MonthFigure:
    month: int
    count: int
    baseline: int | None
    goal: float | None  # the baseline month minus the goal percentage

    @property
    def name(self) -> str:
        return MONTHS[self.month - 1]

    @property
    def short_name(self) -> str:
        return SHORT_MONTHS[self.month - 1]


@dataclass(frozen=True)
class Duration:
    label: str
    unit: str  # "uur" or "dagen"
    cases: int
    median: float | None


@dataclass(frozen=True)
class Report:
    year: int
    scope: str
    months: list[MonthFigure]
    baseline: Baseline | None
    object_types: list[tuple[str, int]]
    repeat_addresses: int
    measures: list[tuple[str, dict[str, int]]]
    durations: list[Duration]
    closures: int
    closure_planned_median: float | None
    closure_actual_median: float | None
    overdue: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(m.count for m in self.months)

    @property
    def baseline_total(self) -> int | None:
        return sum(self.baseline.months.values()) if self.baseline else None

    @property
    def goal_total(self) -> float | None:
        if self.baseline is None:
            return None
        return round(sum(self.baseline.months.values()) * goal_factor(self.baseline), 1)


def goal_factor(baseline: Baseline) -> float:
    return 1 - baseline.goal_reduction_percent / 100


def by_month(attacks: Iterable[AttackRow], year: int,
             baseline: Baseline | None) -> list[MonthFigure]:
    counts = Counter(a.occurred_at.month for a in attacks if a.occurred_at.year == year)
    result = []
    for month in range(1, 13):
        base = baseline.months[month] if baseline else None
        goal = round(base * goal_factor(baseline), 1) if baseline and base is not None else None
        result.append(MonthFigure(month, counts[month], base, goal))
    return result


def object_types(attacks: Iterable[AttackRow], year: int,
                 order: Iterable[str]) -> list[tuple[str, int]]:
    counts = Counter(a.object_type for a in attacks if a.occurred_at.year == year)
    return [(kind, counts[kind]) for kind in order]


def attacks_per_address(attacks: Iterable[AttackRow], until: datetime | None = None
                        ) -> dict[tuple[str, int, str], int]:
    """Attacks known per address: the attacks recorded there, or, when more, a case's own
    attacks plus those it counted before registration (its earlier or linked cases)."""
    records: Counter[tuple[str, int, str]] = Counter()
    per_case: dict[int, list[AttackRow]] = defaultdict(list)
    for a in attacks:
        if until is None or a.occurred_at < until:
            records[a.address] += 1
            per_case[a.case_id].append(a)
    totals = dict(records)
    for rows in per_case.values():
        address = rows[0].address
        totals[address] = max(totals[address], len(rows) + rows[0].earlier_attacks)
    return totals


def repeat_addresses(attacks: list[AttackRow], year: int) -> int:
    """Addresses attacked in `year` with two or more attacks known by the end of that year."""
    hit = {a.address for a in attacks if a.occurred_at.year == year}
    end = datetime(year + 1, 1, 1, tzinfo=attacks[0].occurred_at.tzinfo) if attacks else None
    totals = attacks_per_address(attacks, end)
    return sum(1 for address in hit if totals.get(address, 0) >= 2)


def measures(rows: Iterable[MeasureRow]) -> list[tuple[str, dict[str, int]]]:
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        table.setdefault(row.title, dict.fromkeys(STATUSES, 0))[row.status] += 1
    return sorted(table.items(), key=lambda item: (-item[1]["gedaan"], item[0]))


def _median(values: list[float]) -> float | None:
    return round(median(values), 1) if values else None


def durations(rows: Iterable[Milestones]) -> list[Duration]:
    """Medians from the incident: hours to Slachtofferhulp, days to decision, bekendmaking,
    lifting. Days count calendar days from the (local) incident date."""
    shn: list[float] = []
    decided: list[float] = []
    known: list[float] = []
    lifted: list[float] = []
    for m in rows:
        day = m.incident_at.date()
        if m.victim_support_at is not None:
            shn.append(max(0.0, (m.victim_support_at - m.incident_at).total_seconds() / 3600))
        for target, value in ((decided, m.decided_on), (known, m.made_known_on),
                              (lifted, m.lifted_on)):
            if value is not None:
                target.append(float((value - day).days))
    return [
        Duration("Eerste contact met Slachtofferhulp", "uur", len(shn), _median(shn)),
        Duration("Sluitingsbesluit genomen", "dagen", len(decided), _median(decided)),
        Duration("Besluit bekendgemaakt", "dagen", len(known), _median(known)),
        Duration("Sluiting opgeheven of afgelopen", "dagen", len(lifted), _median(lifted)),
    ]


def closures(rows: list[ClosureRow]) -> tuple[int, float | None, float | None]:
    planned = [float(r.planned_days) for r in rows if r.planned_days is not None]
    actual = [float(r.actual_days) for r in rows if r.actual_days is not None]
    return len(rows), _median(planned), _median(actual)


def overdue(rows: Iterable[OverdueRow], names: Mapping[str, str]) -> list[tuple[str, int]]:
    counts = Counter(r.partner for r in rows)
    return sorted(((names.get(p, p), n) for p, n in counts.items()), key=lambda x: (-x[1], x[0]))


def report(*, year: int, scope: str, attacks: list[AttackRow], baseline: Baseline | None,
           object_order: Iterable[str], milestones: list[Milestones],
           closure_rows: list[ClosureRow], measure_rows: list[MeasureRow],
           overdue_rows: list[OverdueRow], partner_names: Mapping[str, str]) -> Report:
    count, planned, actual = closures(closure_rows)
    return Report(
        year=year, scope=scope, months=by_month(attacks, year, baseline), baseline=baseline,
        object_types=object_types(attacks, year, object_order),
        repeat_addresses=repeat_addresses(attacks, year), measures=measures(measure_rows),
        durations=durations(milestones), closures=count, closure_planned_median=planned,
        closure_actual_median=actual, overdue=overdue(overdue_rows, partner_names),
    )
