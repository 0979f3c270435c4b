"""Which other municipalities a regional user may read (issue 9). A user always reads their own
municipality; every further one needs a row here, set by an administrator and audited."""

from datetime import datetime

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from playbook.storage.types import UTCDateTime


class MunicipalityGrant(SQLModel, table=True):
    __tablename__ = "gemeente_inzage"
    __table_args__ = (UniqueConstraint("user_id", "municipality_code"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="gebruiker.id", index=True)
    municipality_code: str = Field(max_length=6)
    granted_by: str
    granted_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
