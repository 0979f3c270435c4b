"""The append-only audit trail and the retention marks that pseudonymise it."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from playbook.storage.tables.columns import _at

# session.info key: the cases whose audit chain grew in the running transaction. Their chain's
# newest hash is written on the case row before the commit (cases/audit.py write_anchors).
APPENDED_KEY = "playbook_audit_appended"
GLOBAL_CHAIN = 1  # the id of the global chain's row in audit_anker


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
    # Tamper evidence: SHA-256 over this row's content and the previous row's hash in the
    # same chain (the case's rows; rows without a case form one global chain). See cases/audit.py.
    hash: str | None = Field(default=None, max_length=64)
    # The person an event is about. Personal values (a name) stay in `persoon`, never in the
    # audit row, so retention can pseudonymise them without breaking the hash chain.
    person_id: int | None = Field(default=None, foreign_key="persoon.id", index=True)
    # Fields removed under retention -> the digest of the removed value (keeps the chain whole).
    redacted: dict[str, str] | None = Field(
        default=None, sa_column=Column("redacted", JSON(none_as_null=True)))


class AuditAnchor(SQLModel, table=True):
    """The newest hash of the global chain (rows without a case), as `zaak.audit_head` is for a
    case's chain: one row, made by migration 0016. See cases/audit.py."""

    __tablename__ = "audit_anker"
    id: int = Field(default=GLOBAL_CHAIN, primary_key=True)
    head: str | None = Field(default=None, max_length=64)


class RetentionMark(SQLModel, table=True):
    """Which kind of data of which case was pseudonymised under its retention period, and when."""

    __tablename__ = "bewaartermijn"
    __table_args__ = (UniqueConstraint("case_id", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    kind: str = Field(max_length=32)  # persoonsgegevens
    applied_at: datetime = _at(nullable=False)
    actor: str = Field(max_length=64)
