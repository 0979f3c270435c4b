"""What the engine needs to know about a case, detached from how it is stored."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from playbook.definition.enums import BusinessKind, IncidentKind, ObjectType, StepStatus, Tenure


@dataclass(frozen=True)
class CaseFacts:
    object_type: ObjectType
    incident_kind: IncidentKind
    repeat: bool = False
    attacks: int = 0  # attacks known on this address, earlier ones before registration included
    closure: bool = False
    not_self_reliant: bool = False
    injured: bool = False
    publicly_accessible: bool = False
    residents_displaced: bool = False
    vehicle_at_home: bool = False
    children: bool = False
    tenure: Tenure | None = None
    mixed_use: bool = False
    business_kind: BusinessKind | None = None
    public_building: bool = False
    occupant_involved: bool = False

    @property
    def explosion(self) -> bool:
        """Anything beyond a threat: an attack, an attempt or a device found."""
        return self.incident_kind != IncidentKind.dreiging


@dataclass(frozen=True)
class StepRecord:
    status: StepStatus
    actor: str
    at: datetime
    reason: str | None = None


@dataclass(frozen=True)
class CaseSnapshot:
    phase: str
    round: int
    incident_at: datetime
    facts: CaseFacts
    # (round, step id) -> last recorded status; no entry means open.
    records: Mapping[tuple[int, str], StepRecord] = field(default_factory=dict)
    # (round, phase id) -> when the case last entered that phase in that round.
    entered: Mapping[tuple[int, str], datetime] = field(default_factory=dict)
    # Earlier rounds keep their own facts (kind, time, injured, displaced) and incident time.
    round_facts: Mapping[int, CaseFacts] = field(default_factory=dict)
    round_incident_at: Mapping[int, datetime] = field(default_factory=dict)
    # Due anchors beyond incident/phase/step: closure start and end, made known, local moments.
    anchors: Mapping[str, datetime] = field(default_factory=dict)
    # (round, event) -> the first time that event was recorded in that round, as a record.
    happened: Mapping[tuple[int, str], StepRecord] = field(default_factory=dict)
    # (round, step id) -> the due time stored when the step opened (stap.due_at).
    dues: Mapping[tuple[int, str], datetime] = field(default_factory=dict)

    def facts_of(self, round_: int) -> CaseFacts:
        return self.facts if round_ == self.round else self.round_facts.get(round_, self.facts)

    def incident_of(self, round_: int) -> datetime:
        if round_ == self.round:
            return self.incident_at
        return self.round_incident_at.get(round_, self.incident_at)
