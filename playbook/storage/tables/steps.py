"""Step and phase progress of a case, and the domain events that complete steps."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from playbook.storage.tables.columns import _at


class StepState(SQLModel, table=True):
    """Last recorded status of a step in one round; history is in the audit trail."""

    __tablename__ = "stap"
    __table_args__ = (UniqueConstraint("case_id", "round", "step_id"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    round: int
    step_id: str
    status: str
    reason: str | None = None
    actor: str
    at: datetime = _at(nullable=False)
    # Fixed when the step opens (its anchor known), so every document shows the same due time.
    due_at: datetime | None = _at(nullable=True)


class PhaseEntry(SQLModel, table=True):
    """Append-only: each time a case enters a phase."""

    __tablename__ = "fase_overgang"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    round: int
    phase: str
    from_phase: str | None = None
    trigger: str
    actor: str
    at: datetime = _at(nullable=False)


class EventRecord(SQLModel, table=True):
    """Append-only: every domain event emitted on a case, in its round. A step that an event
    completes counts as done in that round even when it only becomes applicable later (housing
    arranged before the closure fact is set), so no completion is lost to the order of work."""

    __tablename__ = "gebeurtenis"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    round: int
    event: str = Field(max_length=64)
    actor: str
    at: datetime = _at(nullable=False)
    because: str | None = None
