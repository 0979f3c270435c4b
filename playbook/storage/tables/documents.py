"""Generated PDFs, stored with their record."""

from datetime import datetime

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from playbook.storage.tables.columns import _at


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
