"""The database tables. Case state lives here; the playbook definition is pinned as a snapshot."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, Text, UniqueConstraint
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from playbook.storage.types import UTCDateTime


def _at(**kwargs: Any) -> Any:
    return Field(sa_column=Column(UTCDateTime(), **kwargs))


class PlaybookSnapshot(SQLModel, table=True):
    """The merged playbook a case was started with, by content hash."""

    __tablename__ = "playbook_snapshot"
    id: str = Field(primary_key=True, max_length=64)
    version: str
    title: str
    content: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _at(nullable=False)


class Case(SQLModel, table=True):
    __tablename__ = "zaak"
    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(unique=True, index=True, max_length=32)
    municipality_code: str = Field(index=True, max_length=6)
    street: str
    house_number: int
    house_suffix: str | None = None
    postcode: str = Field(index=True, max_length=7)
    city: str
    object_type: str
    incident_kind: str
    occurred_at: datetime = _at(nullable=False)
    # Start of the current round's attack (or threat); indexed: lists sort on it.
    incident_at: datetime = _at(nullable=False, index=True)
    damage: str | None = None
    injured: int = 0
    publicly_accessible: bool = False
    closure: bool = False
    phase: str = Field(index=True)
    round: int = 1
    attacks: int = 0
    closed_at: datetime | None = _at(nullable=True)
    playbook_id: str = Field(foreign_key="playbook_snapshot.id")
    created_at: datetime = _at(nullable=False)
    updated_at: datetime = _at(nullable=False)
    version: int = Field(default=1, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        # Optimistic locking: a write based on a stale read raises StaleDataError.
        return {"version_id_col": cls.__table__.c.version}


class Person(SQLModel, table=True):
    __tablename__ = "persoon"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    name: str
    role: str
    self_reliant: bool = True
    language: str = "nl"
    contact: str | None = None
    children: int = 0
    address: str | None = None  # only for neighbours the aftercare team visits
    needs: str | None = None  # urgent needs, for the Slachtofferhulp referral
    shn_consent: bool = False
    shn_consent_at: datetime | None = _at(nullable=True)
    created_at: datetime = _at(nullable=False)


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


class Document(SQLModel, table=True):
    """A generated PDF; the bytes live in the database so the record and file commit together."""

    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("case_id", "kind", "scope", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    kind: str
    scope: str = ""  # e.g. phase id for a phase checklist, person id for a referral
    version: int
    step_id: str | None = None
    filename: str
    sha256: str = Field(max_length=64)
    size: int
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    actor: str
    created_at: datetime = _at(nullable=False)
    # Set when a background job stored it (job id + item): a redelivered item is skipped.
    job_key: str | None = Field(default=None, unique=True, index=True, max_length=64)


class InformationRequest(SQLModel, table=True):
    """A request to the police (bestuurlijke rapportage) or the OM (art. 39f Wjsg), and its answer."""

    __tablename__ = "informatieverzoek"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    kind: str  # bestuurlijke-rapportage | 39f
    requested_on: date
    answer_due: date
    purpose: str
    requested_by: str
    answered_on: date | None = None
    facts: str | None = None
    earlier_incidents: str | None = None
    recurrence: str | None = None
    vulnerable_occupants: str | None = None
    measures_taken: str | None = None
    shareable: str | None = None  # which parts may be shown to the occupant


class Decision(SQLModel, table=True):
    """A closure decision (or its extension or lifting) from draft to made known."""

    __tablename__ = "besluit"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    kind: str  # sluiting | verlenging | opheffing
    parent_id: int | None = Field(default=None, foreign_key="besluit.id")
    status: str  # concept | voornemen | genomen | bekendgemaakt
    ground: str | None = None
    facts: str | None = None
    seriousness: str | None = None
    recurrence: str | None = None
    necessity: str | None = None
    balance: str | None = None
    alternative_housing: str | None = None
    duration_days: int | None = None
    duration_reasons: str | None = None
    start_date: date | None = None
    hearing: str | None = None  # zienswijze | spoed
    intent_on: date | None = None
    hearing_days: int | None = None
    hearing_outcome: str | None = None
    hearing_given: bool | None = None  # did the person give a zienswijze (in writing or orally)?
    urgency_reasons: str | None = None
    mayor: str | None = None
    decided_on: date | None = None
    made_known_on: date | None = None
    made_known_how: str | None = None  # uitreiking | toezending
    created_at: datetime = _at(nullable=False)
    updated_at: datetime = _at(nullable=False)


class User(SQLModel, table=True):
    """Someone who logs in. Every user belongs to one municipality and sees only its cases."""

    __tablename__ = "gebruiker"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True, max_length=64)
    full_name: str
    role: str  # oov | juridisch | partner | admin
    partner: str | None = None  # for role partner: politie, woningcorporatie, slachtofferhulp, om
    municipality_code: str = Field(max_length=6)
    password_hash: str
    api_token_hash: str | None = Field(default=None, index=True, max_length=64)
    active: bool = True
    created_at: datetime = _at(nullable=False)


class AuditEvent(SQLModel, table=True):
    """Append-only audit trail (UPDATE and DELETE are refused by database triggers)."""

    __tablename__ = "audit"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="zaak.id", index=True)
    at: datetime = _at(nullable=False)
    actor: str
    action: str
    subject: str | None = None
    old: str | None = None
    new: str | None = None
    reason: str | None = None
    details: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
