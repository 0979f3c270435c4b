"""Tables of the reminders: the notice outbox, the daily digest log and calendar-feed secrets."""

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from playbook.storage.tables import _at


class Notice(SQLModel, table=True):
    """Outbox: one e-mail notice owed to one user about one new document. Written in the
    transaction that stores the document, sent after commit; `sent_at` marks it done."""

    __tablename__ = "melding"
    __table_args__ = (UniqueConstraint("user_id", "document_id"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="gebruiker.id", index=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    created_at: datetime = _at(nullable=False)
    # A sender claims a row before it talks to the mail server, so two senders never both send.
    claimed_at: datetime | None = _at(nullable=True)
    sent_at: datetime | None = _at(nullable=True, index=True)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=200)


class DigestSent(SQLModel, table=True):
    """One daily digest per user per day: a second run on the same day sends nothing."""

    __tablename__ = "herinnering_verzonden"
    __table_args__ = (UniqueConstraint("user_id", "day"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="gebruiker.id", index=True)
    day: date
    items: int
    sent_at: datetime = _at(nullable=False)


class CalendarFeed(SQLModel, table=True):
    """A user's secret calendar address; only the SHA-256 of the secret is stored."""

    __tablename__ = "agenda_feed"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="gebruiker.id", index=True)
    secret_hash: str = Field(unique=True, index=True, max_length=64)
    created_at: datetime = _at(nullable=False)
    revoked_at: datetime | None = _at(nullable=True)
