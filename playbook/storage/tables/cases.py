"""The case, its household and the playbook version it is pinned to."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, FetchedValue, Text, UniqueConstraint
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from playbook.storage.tables.columns import _at


class PlaybookSnapshot(SQLModel, table=True):
    """The merged playbook a case was started with, by content hash."""

    __tablename__ = "playbook_snapshot"
    id: str = Field(primary_key=True, max_length=64)
    version: str
    title: str
    content: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _at(nullable=False)


class IncidentGroup(SQLModel, table=True):
    """One explosion that hit several homes, premises or vehicles: each is its own case."""

    __tablename__ = "incident"
    id: int | None = Field(default=None, primary_key=True)
    municipality_code: str = Field(index=True, max_length=6)
    occurred_at: datetime = _at(nullable=False)
    description: str | None = None
    actor: str
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
    # Facts that decide which steps apply (issue 8): household, building, ownership.
    residents_displaced: bool = False
    vehicle_at_home: bool = False  # a vehicle that stood at the target's home (174a lid 1 b)
    children: bool = False
    tenure: str | None = None  # koop | sociale-huur | particuliere-huur
    mixed_use: bool = False  # e.g. a shop with flats above
    business_kind: str | None = None  # winkel | horeca | overig
    public_building: bool = False
    occupant_involved: bool = False  # the occupant is an offender (cost recovery, tenancy)
    earlier_attacks: int = 0  # attacks on this address before it was registered here
    # One blast that hits several addresses or vehicles: one incident, a case for each.
    incident_id: int | None = Field(default=None, foreign_key="incident.id", index=True)
    phase: str = Field(index=True)
    round: int = 1
    attacks: int = 0
    closed_at: datetime | None = _at(nullable=True)
    playbook_id: str = Field(foreign_key="playbook_snapshot.id")
    created_at: datetime = _at(nullable=False)
    updated_at: datetime = _at(nullable=False)
    version: int = Field(default=1, nullable=False)
    # Hash of the newest row of this case's audit chain (cases/audit.py): the chain is read
    # from here, under the row's lock, and a chain cut short at its end no longer verifies.
    # Marked as changed by the database so every UPDATE of the case returns it (RETURNING, see
    # eager_defaults below): a change that wrote the case row needs no query to find its chain.
    audit_head: str | None = Field(default=None, max_length=64,
                                   sa_column_kwargs={"server_onupdate": FetchedValue()})
    # Read model (issue 9), kept by playbook/cases/readmodel.py in the transaction of every
    # change: lists read these instead of rebuilding the engine's view of each case.
    next_due_at: datetime | None = _at(nullable=True)  # earliest due time of an open live step
    phase_title: str | None = None
    phase_order: int = 0  # sorts the list by phase in playbook order
    open_mandatory: int = 0  # open mandatory steps of the current phase
    overdue_count: int = 0  # as of summary_at; lists compare next_due_at with the clock
    overdue_steps: str | None = None  # titles, "; "-separated, as of summary_at
    summary_at: datetime | None = _at(nullable=True)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        # Optimistic locking: a write based on a stale read raises StaleDataError.
        # SQLAlchemy sets __table__ on every mapped class; SQLModel's stubs do not declare it.
        return {"version_id_col": cls.__table__.c.version,  # type: ignore[attr-defined]
                "eager_defaults": True}


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
    # The household, structured (issue 7): a child is a person with a birth date or an age.
    birth_date: date | None = None
    age: int | None = None  # when the birth date is unknown; as recorded on created_at
    # How the person relates to the premises: bewoner, eigenaar-bewoner, gebruiker, eigenaar,
    # verhuurder, woningcorporatie (None: no relation, e.g. a neighbour or witness).
    relation: str | None = None


class CaseMoment(SQLModel, table=True):
    """A local due anchor recorded on a case (e.g. the day of the neighbourhood walk)."""

    __tablename__ = "zaak_moment"
    __table_args__ = (UniqueConstraint("case_id", "anchor"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    anchor: str
    at: datetime = _at(nullable=False)
    actor: str
    recorded_at: datetime = _at(nullable=False)
