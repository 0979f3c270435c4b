"""What is recorded per round (attack): the attack itself, its facts, the threat, housing."""

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from playbook.storage.tables.columns import _at


class AttackRecord(SQLModel, table=True):
    """Append-only: every attack on a case, with the facts of its round."""

    __tablename__ = "aanslag"
    __table_args__ = (UniqueConstraint("case_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    number: int  # 1 for the first attack on this case, 2 for the next, ...
    round: int
    occurred_at: datetime = _at(nullable=False)
    incident_kind: str
    injured: int = 0
    damage: str | None = None
    residents_displaced: bool = False
    actor: str
    recorded_at: datetime = _at(nullable=False)


class RoundFacts(SQLModel, table=True):
    """Append-only: facts of one round (attack) that decide the legal ground; latest wins."""

    __tablename__ = "ronde_feiten"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    round: int
    conduct_in_premises: bool = False  # conduct in or from the premises (174a lid 1 a)
    conduct_description: str | None = None
    weapon_found: bool = False  # a weapon or ammunition in the sense of art. 2 Wwm (sub c)
    actor: str
    at: datetime = _at(nullable=False)


class ThreatAssessment(SQLModel, table=True):
    """Append-only: a recorded (police) assessment of the threat in one round."""

    __tablename__ = "dreigingsinschatting"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    round: int
    assessed_on: date
    source: str
    assessment: str
    actor: str
    at: datetime = _at(nullable=False)


class HousingOffer(SQLModel, table=True):
    """Append-only: alternative housing offered to the household, accepted or refused."""

    __tablename__ = "huisvesting"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="persoon.id")
    outcome: str  # aangeboden | aanvaard | geweigerd
    description: str
    offered_on: date
    actor: str
    at: datetime = _at(nullable=False)
