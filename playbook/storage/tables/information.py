"""Requests for information to the police and the OM."""

from datetime import date

from sqlmodel import Field, SQLModel


class InformationRequest(SQLModel, table=True):
    """A request to the police (bestuurlijke rapportage) or the OM (art. 39f Wjsg).

    Holds the answer too.
    """

    __tablename__ = "informatieverzoek"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="zaak.id", index=True)
    kind: str  # bestuurlijke-rapportage | 39f
    requested_on: date
    answer_due: date
    purpose: str
    requested_by: str
    answered_on: date | None = None
    facts: str | None = None
    earlier_incidents: str | None = None
    recurrence: str | None = None
    vulnerable_occupants: str | None = None
    measures_taken: str | None = None
    shareable: str | None = None  # which parts may be shown to the occupant
    round: int = 1  # the attack (round) the request and its answer belong to
