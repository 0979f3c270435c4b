"""The JSON API's declared bodies and answers: every request and response is one of these."""

from datetime import date, datetime, time

from pydantic import BaseModel, ConfigDict, Field

from playbook.definition.enums import StepStatus
from playbook.validation import INT_MAX, INT_MIN, LONG_TEXT, MULTI_LINE


class ErrorOut(BaseModel):
    """Every refusal of the API: a Dutch sentence and, for input, one line per field."""

    detail: str = Field(description="wat er mis is en wat u kunt doen, in het Nederlands")
    problems: list[str] | None = Field(default=None, description="één regel per ongeldig veld")


class StepOut(BaseModel):
    id: str
    title: str
    phase: str
    round: int
    status: str
    partner: str
    mandatory: bool
    legal_basis: str | None
    due: datetime | None
    overdue: bool
    reason: str | None


class CaseOut(BaseModel):
    reference: str
    version: int
    address: str
    object_type: str
    incident_kind: str
    incident_at: datetime
    phase: str
    phase_title: str
    round: int
    repeat: bool
    closure: bool
    open_mandatory_steps: list[str]
    steps: list[StepOut] = []


class StepChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: StepStatus = Field(description="afgerond, overgeslagen of open")
    reason: str | None = Field(
        default=None,
        max_length=LONG_TEXT,
        pattern=MULTI_LINE,
        description="verplicht bij overslaan",
    )
    version: int | None = Field(
        default=None, ge=INT_MIN, le=INT_MAX, description="versie die u zag (conflictcontrole)"
    )


class VersionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int | None = Field(default=None, ge=INT_MIN, le=INT_MAX)


class AuditOut(BaseModel):
    at: datetime
    actor: str
    action: str
    subject: str | None
    old: str | None
    new: str | None
    reason: str | None


class AddresseeOut(BaseModel):
    id: int
    name: str
    capacity: str
    made_known_on: date | None
    made_known_how: str | None


class StatusChangeOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    from_: str | None = Field(alias="from", serialization_alias="from")
    to: str
    actor: str
    at: datetime
    reason: str | None


class DeadlineOut(BaseModel):
    label: str
    end: date
    derivation: list[str]
    warning: str | None


class DecisionOut(BaseModel):
    id: int
    kind: str
    status: str
    start_date: date | None
    start_time: time | None
    end_date: date | None
    missing: list[str]
    addressees: list[AddresseeOut]
    history: list[StatusChangeOut]
    deadlines: list[DeadlineOut]


class DueOut(BaseModel):
    reference: str
    phase: str
    step: str
    partner: str
    due: datetime | None
    overdue: bool
