"""What the engine needs to know about a case, detached from how it is stored."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from playbook.definition.enums import IncidentKind, ObjectType, StepStatus


@dataclass(frozen=True)
class CaseFacts:
    object_type: ObjectType
    incident_kind: IncidentKind
    repeat: bool = False
    closure: bool = False
    not_self_reliant: bool = False
    injured: bool = False
    publicly_accessible: bool = False

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
