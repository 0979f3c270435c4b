"""When a step applies and when it is due: the conditions part of a step definition."""

from functools import cached_property
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from playbook.definition.enums import BusinessKind, DueAnchor, IncidentKind, ObjectType, Tenure

# No underscores: transitions joins nested state names with "_".
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
AnchorId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+([_-][a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def known(value: str, info: ValidationInfo, key: str) -> str:
    """Check `value` against the names the loader put in the validation context (if any)."""
    names = (info.context or {}).get(key)
    if names is not None and value not in names:
        raise ValueError(f"onbekende waarde '{value}'; kies uit: {', '.join(sorted(names))}")
    return value


# The yes/no facts a condition can fix (each one a field of AppliesWhen and of CaseFacts).
FLAGS = ("explosion", "repeat", "closure", "not_self_reliant", "injured", "publicly_accessible",
         "residents_displaced", "vehicle_at_home", "children", "mixed_use", "public_building",
         "occupant_involved")


class AppliesWhen(Strict):
    """Facts that must all hold for a step to apply; an unset field does not restrict.
    `any_of` adds alternatives of which at least one must hold."""

    object_types: list[ObjectType] | None = None
    incident_kinds: list[IncidentKind] | None = None
    explosion: bool | None = None
    repeat: bool | None = None
    min_attacks: int | None = Field(default=None, ge=1)
    closure: bool | None = None
    not_self_reliant: bool | None = None
    injured: bool | None = None
    publicly_accessible: bool | None = None
    residents_displaced: bool | None = None
    vehicle_at_home: bool | None = None
    children: bool | None = None
    tenures: list[Tenure] | None = None
    mixed_use: bool | None = None
    business_kinds: list[BusinessKind] | None = None
    public_building: bool | None = None
    occupant_involved: bool | None = None
    any_of: list["AppliesWhen"] | None = None

    @cached_property
    def set_flags(self) -> tuple[tuple[str, bool], ...]:
        """The yes/no facts this condition fixes, worked out once: the engine asks every step
        of every phase on each change, and most conditions fix none or one of the flags."""
        return tuple((name, value) for name in FLAGS if (value := getattr(self, name)) is not None)


class Due(Strict):
    """Due `hours`/`days` after a moment, or before it (`before:`, e.g. before the closure ends)."""

    after: AnchorId | None = None
    before: AnchorId | None = None
    step: Slug | None = None
    hours: float | None = Field(default=None, ge=0)
    days: int | None = Field(default=None, ge=0)

    @field_validator("after", "before")
    @classmethod
    def _anchor(cls, value: str | None, info: ValidationInfo) -> str | None:
        return None if value is None else known(value, info, "anchors")

    @model_validator(mode="after")
    def _one_offset(self) -> Self:
        if (self.hours is None) == (self.days is None):
            raise ValueError("geef precies één van 'hours' of 'days'")
        if (self.after is None) == (self.before is None):
            raise ValueError("geef precies één van 'after' of 'before'")
        if (self.anchor == DueAnchor.step_done) != (self.step is not None):
            raise ValueError("'step' hoort alleen (en dan verplicht) bij after: step_done")
        return self

    @property
    def anchor(self) -> str:
        return self.after or self.before or ""
