"""Repeat detection (issue 13): the address facts kept per case and links between cases."""

from datetime import datetime
from typing import Any

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from playbook.storage.types import UTCDateTime


def _at(**kwargs: Any) -> Any:
    return Field(sa_column=Column(UTCDateTime(), **kwargs))


class CaseAddress(SQLModel, table=True):
    """Address facts from intake: the BAG verblijfsobject id (when given) and the earlier
    attacks the user reported, apart from those counted from linked cases (`zaak.earlier_attacks`
    holds both), so the register counts an address's own attacks only."""

    __tablename__ = "zaak_adres"
    case_id: int = Field(foreign_key="zaak.id", primary_key=True)
    bag_id: str | None = Field(default=None, max_length=16, index=True)
    reported_earlier_attacks: int = 0


class CaseLink(SQLModel, table=True):
    """Append-only: a new case linked at intake to an earlier one at the same address, in the
    same building or against the same person. `kind`: adres | pand | persoon."""

    __tablename__ = "zaak_koppeling"
    __table_args__ = (UniqueConstraint("case_id", "earlier_case_id", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    earlier_case_id: int = Field(foreign_key="zaak.id", index=True)
    kind: str = Field(max_length=16)
    actor: str
    at: datetime = _at(nullable=False)
