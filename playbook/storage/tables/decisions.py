"""Closure decisions, their status history and their addressees."""

from datetime import date, datetime, time

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from playbook.storage.tables.columns import _at


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
    hearing_given: bool | None = None  # did anyone give a zienswijze (in writing or orally)?
    # The persons (ids) who gave one, or said they would not (decisions/hearing.py).
    hearing_heard: list[int] | None = Field(default=None, sa_column=Column(JSON))
    urgency_reasons: str | None = None
    mayor: str | None = None
    decided_on: date | None = None
    made_known_on: date | None = None
    made_known_how: str | None = None  # uitreiking | toezending
    created_at: datetime = _at(nullable=False)
    updated_at: datetime = _at(nullable=False)
    # Issue 7: the round (attack) whose facts the decision rests on; the hour it takes effect.
    round: int = 1
    start_time: time | None = None
    intent_how: str | None = None  # how the voornemen was dispatched (intent_on: the day)
    hearing_days_reasons: str | None = None  # why the zienswijze term is under the minimum
    suitability: str | None = None  # proportionality step 1 (necessity, balance: steps 2, 3)
    balance_owner: str | None = None
    children_count: int | None = None
    children_ages: str | None = None  # ages at the decision, e.g. "0, 4, 7"
    children_school: str | None = None
    children_effect: str | None = None
    duration_over_policy_reasons: str | None = None
    entry_ban_basis: str | None = None
    entry_access: str | None = None  # how someone may be let in to fetch belongings
    enforcement: str | None = None


class DecisionStatusChange(SQLModel, table=True):
    """Append-only: every status change of a decision (from, to, who, when, why)."""

    __tablename__ = "besluit_status"
    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="besluit.id", index=True)
    from_status: str | None = None
    to_status: str
    actor: str
    at: datetime = _at(nullable=False)
    reason: str | None = None


class Addressee(SQLModel, table=True):
    """Someone a decision is addressed to, with their own bekendmaking (art. 3:41 Awb)."""

    __tablename__ = "besluit_geadresseerde"
    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="besluit.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="persoon.id")
    name: str
    capacity: str  # bewoner, eigenaar, verhuurder, woningcorporatie, ...
    made_known_on: date | None = None
    made_known_at: datetime | None = _at(nullable=True)
    made_known_how: str | None = None  # uitreiking | toezending
