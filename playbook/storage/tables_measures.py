"""The measures beside closure (issue 13): cameratoezicht (art. 151c Gemeentewet), gebiedsverbod
(art. 172a Gemeentewet) and a closure under art. 13b Opiumwet. Each is a row in `besluit` with
the lifecycle of every decision; what only a measure has lives in a typed 1:1 row here."""

from datetime import date, datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from playbook.storage.tables.columns import _at


class MeasureDetails(SQLModel, table=True):
    """Measure fields of one decision (cameratoezicht, gebiedsverbod, sluiting-13b)."""

    __tablename__ = "besluit_maatregel"
    decision_id: int = Field(foreign_key="besluit.id", primary_key=True)
    # 151c and 172a: the area, described (172a: with the map it refers to).
    area: str | None = None
    map_reference: str | None = None  # the map attached to the decision (bijlage)
    end_date: date | None = None  # last day the measure applies ("tot en met")
    # 151c: the council's authorisation (verordening / APV article), retention, evaluation.
    council_basis: str | None = None
    retention_days: int | None = None
    evaluation_on: date | None = None
    evaluation_how: str | None = None
    publication: str | None = None  # Gemeenteblad reference of the bekendmaking (art. 3:42 Awb)
    # 172a: the addressee, the disturbance and the warning.
    person_id: int | None = Field(default=None, foreign_key="persoon.id")
    person_name: str | None = None  # a new addressee who is not a person of the case
    person_address: str | None = None  # where that addressee gets the decision by post
    leading_role: bool = False  # a leading role in group disturbance (art. 172a lid 1)
    fear_of_further: str | None = None  # serious fear of further disturbance (art. 172a lid 1)
    warning_on: date | None = None
    no_warning_reason: str | None = None
    extension_number: int = 0  # 0: the ban itself; 1-3: its extensions (art. 172a lid 4)
    # 13b Opiumwet: what was found, and the proportionality questions (ECLI:NL:RVS:2019:2912).
    substances: str | None = None
    substance_list: str | None = None  # I | II | I en II (lijst I / II Opiumwet)
    trading_quantity: bool = False
    dealing_from_premises: bool = False
    preparatory_acts: bool = False  # art. 13b lid 1 sub b (art. 10a / 11a Opiumwet)
    blameworthiness: str | None = None
    adaptations: str | None = None  # special adaptations of the home
    consequences: str | None = None  # e.g. loss of the home (termination of the lease)
    first_offence: bool = True
    damocles_warning_on: date | None = None  # the prior warning the local policy asks for


class MeasureIncident(SQLModel, table=True):
    """A recorded disturbance by the addressee of a gebiedsverbod (art. 172a lid 1)."""

    __tablename__ = "besluit_maatregel_incident"
    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="besluit.id", index=True)
    occurred_on: date
    description: str
    source: str  # e.g. "mutatie politie 2026-11-02"


class MeasureMap(SQLModel, table=True):
    """The map a gebiedsverbod or cameratoezicht refers to (its bijlage), as an image. Kept
    apart from the details so reading a measure does not load the picture."""

    __tablename__ = "besluit_kaart"
    decision_id: int = Field(foreign_key="besluit.id", primary_key=True)
    filename: str
    media_type: str  # image/png | image/jpeg
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    added_by: str
    added_at: datetime = _at(nullable=False)
