"""What a partner user did with a document in their inbox: read it, acknowledged it.

Append-only, like every history table: a state is a new row (who, what, when), never an
overwritten column. A document without a row for a user is new to that user.
"""

from datetime import datetime

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from playbook.storage.types import UTCDateTime


class DocumentReceipt(SQLModel, table=True):
    __tablename__ = "document_ontvangst"
    # Once read is read, once acknowledged is acknowledged: a second click adds nothing.
    __table_args__ = (UniqueConstraint("document_id", "user_id", "state"),)
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    user_id: int = Field(foreign_key="gebruiker.id", index=True)
    state: str = Field(max_length=16)  # gelezen | bevestigd
    at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
