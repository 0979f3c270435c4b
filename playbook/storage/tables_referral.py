"""Tables of the Slachtofferhulp referral (issue 10) and of what the street may be told.

A municipal referral rests on consent (art. 6 lid 1 onder a and art. 7 AVG), recorded as its own
row: who gave it, when, how, for what purpose and for which attack round. A police referral at
the report (art. 18 Wpg with art. 4:2 Bpg) needs no consent; the municipality only records that
it happened. `StreetNews` holds the facts released for the resident letter.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from playbook.storage.types import UTCDateTime


def _at(**kwargs: Any) -> Any:
    return Field(sa_column=Column(UTCDateTime(), **kwargs))


class ReferralConsent(SQLModel, table=True):
    """Consent of one person for one purpose in one round. Withdrawal (art. 7 lid 3 AVG) sets
    `withdrawn_at`; the audit trail keeps the history."""

    __tablename__ = "toestemming"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    person_id: int = Field(foreign_key="persoon.id", index=True)
    round: int
    purpose: str = Field(max_length=64)  # ConsentPurpose
    given_by: str  # the person, or a parent or representative who consents for them
    given_at: datetime = _at(nullable=False)
    method: str = Field(max_length=32)  # ConsentMethod
    covers_contact: bool = False  # may Slachtofferhulp receive the contact details?
    note: str | None = None
    withdrawn_at: datetime | None = _at(nullable=True)
    actor: str
    recorded_at: datetime = _at(nullable=False)


class ConsentRefusal(SQLModel, table=True):
    """Only added: a person said no to one purpose before any consent for it was in force (a no
    after that is a withdrawal, `ReferralConsent.withdrawn_at`). The latest statement counts."""

    __tablename__ = "weigering"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    person_id: int = Field(foreign_key="persoon.id", index=True)
    round: int
    purpose: str = Field(max_length=64)  # ConsentPurpose
    refused_at: datetime = _at(nullable=False)
    method: str = Field(max_length=32)  # ConsentMethod
    note: str | None = None
    actor: str
    recorded_at: datetime = _at(nullable=False)


class ShnReferral(SQLModel, table=True):
    """Append-only: a referral to Slachtofferhulp Nederland, by the police or the municipality."""

    __tablename__ = "verwijzing_shn"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="persoon.id", index=True)
    round: int
    route: str = Field(max_length=16)  # politie | gemeente
    channel: str = Field(max_length=32)  # ReferralChannel
    referred_at: datetime = _at(nullable=False)
    consent_id: int | None = Field(default=None, foreign_key="toestemming.id")
    document_id: int | None = Field(default=None, foreign_key="document.id")
    actor: str
    recorded_at: datetime = _at(nullable=False)


class StreetNews(SQLModel, table=True):
    """Append-only: what may be told to the street about one round; the latest row wins."""

    __tablename__ = "buurtbericht"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    round: int
    injured: str = Field(max_length=32)  # InjuredReleased
    safety: str = Field(max_length=32)  # SafetyResult
    meeting_at: datetime | None = _at(nullable=True)
    meeting_place: str | None = None
    actor: str
    at: datetime = _at(nullable=False)
