"""Municipal settings for repeat detection and monitoring (issue 13), read from the municipality
file through the loaded `Playbook.municipality`."""

from typing import Annotated, Self

from pydantic import Field, model_validator

from playbook.definition.conditions import Slug, Strict, Text

Months = Annotated[int, Field(ge=0, le=120)]


class RepeatWindows(Strict):
    """How far back intake looks for earlier cases, in months before the new incident."""

    address_months: Months = 24
    building_months: Months = 12
    person_months: Months = 24


class Baseline(Strict):
    """Attacks per month in the reference year, with where the numbers come from.
    Nationale Actieplan aanslagen met explosieven (2025), Bijlage 1: at least 10% fewer
    attacks in 2025 than in 2024."""

    year: Annotated[int, Field(ge=2000, le=2100)] = 2024
    source: Text
    months: dict[Annotated[int, Field(ge=1, le=12)], Annotated[int, Field(ge=0, le=100_000)]]
    goal_reduction_percent: Annotated[int, Field(ge=0, le=100)] = 10

    @model_validator(mode="after")
    def _twelve(self) -> Self:
        missing = sorted(set(range(1, 13)) - set(self.months))
        if missing:
            raise ValueError(f"geef voor elke maand een aantal; ontbreekt: {missing}")
        return self


class Monitoring(Strict):
    baseline: Baseline | None = None
    # Steps that are measures against a repeat (camera, area ban, physical measures, ...): the
    # register and the monitor report their status. Closure decisions always count.
    measure_steps: list[Slug] = Field(default_factory=list)
    # Steps whose completion is the first contact with Slachtofferhulp (besides the referral
    # letter, which always counts): e.g. the police referral at the report.
    victim_support_steps: list[Slug] = Field(default_factory=list)
