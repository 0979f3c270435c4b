"""The repeat-address register: every address with two or more attacks, its cases, its
measures (steps named in the municipality file, and decisions) and their status."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from playbook.cases.repository import pinned_playbook
from playbook.monitoring import query
from playbook.monitoring.figures import attacks_per_address
from playbook.storage.tables import Case


@dataclass(frozen=True)
class CaseLine:
    reference: str
    phase: str
    last_incident: datetime


@dataclass(frozen=True)
class MeasureLine:
    title: str
    status: str
    reference: str
    round: int

    @property
    def where(self) -> str:
        """The case, and the round where the case had more than one attack."""
        return self.reference if self.round == 1 else f"{self.reference}, ronde {self.round}"


@dataclass(frozen=True)
class RegisterEntry:
    address: str
    object_type: str
    attacks: int
    cases: list[CaseLine]
    measures: list[MeasureLine]


def _label(case: Case) -> str:
    suffix = f"-{case.house_suffix}" if case.house_suffix else ""
    return f"{case.street} {case.house_number}{suffix}, {case.postcode} {case.city}"


def repeat_register(session: Session, codes: Sequence[str], now: datetime) -> list[RegisterEntry]:
    """Most attacks first, then the latest incident first."""
    rows = query.attacks(session, codes, now)
    totals = attacks_per_address(rows)
    repeated = {address for address, n in totals.items() if n >= 2}
    case_ids = {r.case_id for r in rows if r.address in repeated}
    cases = query.cases_by_id(session, case_ids)
    by_address: dict[tuple[str, int, str], list[Case]] = {}
    for case in cases:
        by_address.setdefault(query.address_of(case), []).append(case)
    measures = query.measures(session, cases, now)
    references = {c.id: c.reference for c in cases}
    entries = []
    for address, group in by_address.items():
        ids = {c.id for c in group}
        latest = max(group, key=lambda c: c.incident_at)
        playbook = pinned_playbook(session, latest)
        entries.append(RegisterEntry(
            address=_label(latest), object_type=latest.object_type, attacks=totals[address],
            cases=[CaseLine(c.reference, playbook.phase_title(c.phase), c.incident_at)
                   for c in sorted(group, key=lambda c: c.incident_at)],
            measures=sorted((MeasureLine(m.title, m.status, references[m.case_id], m.round)
                             for m in measures if m.case_id in ids),
                            key=lambda m: (m.reference, m.round)),  # stable: phase order kept
        ))
    return sorted(entries, key=lambda e: (-e.attacks, -e.cases[-1].last_incident.timestamp()))
