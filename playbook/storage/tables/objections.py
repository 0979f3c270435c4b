"""Objections and requests for interim relief against a decision."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from playbook.storage.tables.columns import _at


class Objection(SQLModel, table=True):
    """A bezwaarschrift against a decision and how it is handled (art. 6:7-7:13 Awb)."""

    __tablename__ = "bezwaar"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    decision_id: int = Field(foreign_key="besluit.id", index=True)
    addressee_id: int | None = Field(default=None, foreign_key="besluit_geadresseerde.id")
    submitted_by: str
    received_on: date
    posted_on: date | None = None
    timely: bool
    excusable: bool | None = None  # art. 6:11 Awb, a recorded human decision
    excusable_reason: str | None = None
    advisory_committee: bool = False
    extension_weeks: int = 0  # art. 7:10 lid 3 Awb
    hearing_at: datetime | None = _at(nullable=True)
    heard_on: date | None = None
    decided_on: date | None = None
    outcome: str | None = None
    follows_advice: bool | None = None
    departure_reasons: str | None = None
    actor: str
    created_at: datetime = _at(nullable=False)


class InterimRelief(SQLModel, table=True):
    """A request to the court for a voorlopige voorziening (art. 8:81 Awb)."""

    __tablename__ = "voorlopige_voorziening"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    decision_id: int = Field(foreign_key="besluit.id", index=True)
    requested_on: date
    hearing_on: date | None = None
    outcome: str | None = None
    actor: str
    created_at: datetime = _at(nullable=False)
