"""Pydantic models of the playbook. A loaded `Playbook` is immutable and fully cross-checked."""

import hashlib
import json
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from playbook.definition.enums import DocumentKind, DueAnchor, IncidentKind, ObjectType, Partner
from playbook.definition.events import Event

CLOSED = "gesloten"
CLOSED_TITLE = "Gesloten"

# No underscores: transitions joins nested state names with "_".
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AppliesWhen(Strict):
    """Facts that must all hold for a step to apply; an unset field does not restrict."""

    object_types: list[ObjectType] | None = None
    incident_kinds: list[IncidentKind] | None = None
    explosion: bool | None = None
    repeat: bool | None = None
    closure: bool | None = None
    not_self_reliant: bool | None = None
    injured: bool | None = None
    publicly_accessible: bool | None = None


class Due(Strict):
    after: DueAnchor
    step: Slug | None = None
    hours: float | None = Field(default=None, ge=0)
    days: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_offset(self) -> Self:
        if (self.hours is None) == (self.days is None):
            raise ValueError("geef precies één van 'hours' of 'days'")
        if (self.after == DueAnchor.step_done) != (self.step is not None):
            raise ValueError("'step' hoort alleen (en dan verplicht) bij after: step_done")
        return self


class StepDef(Strict):
    id: Slug
    title: Text
    instruction: Text
    partner: Partner
    legal_basis: str | None = None
    applies_when: AppliesWhen = AppliesWhen()
    mandatory: bool = True
    due: Due | None = None
    # The letter this step produces (offered on the step, stored against it).
    document: DocumentKind | None = None
    # What completes the step without a hand: a decision taken, a letter sent, an answer recorded.
    completed_by: list[Event] = []


class PhaseDef(Strict):
    id: Slug
    order: int = Field(ge=1)
    title: Text
    summary: Text
    next: Slug
    on_attack: Slug
    steps: list[StepDef]


class Contact(Strict):
    name: Text
    phone: str | None = None
    email: str | None = None
    address: str | None = None


class Municipality(Strict):
    name: Text
    cbs_code: Annotated[str, StringConstraints(pattern=r"^GM\d{4}$")]
    mayor: Text
    address: Text
    postcode: Annotated[str, StringConstraints(pattern=r"^[1-9]\d{3} ?[A-Z]{2}$")]
    city: Text
    contact_point: Contact
    court: Text = "de rechtbank"  # where interim relief (art. 8:81 Awb) is asked
    partners: dict[Partner, Contact] = {}
    # Decisions (issue 7). No default closure duration: each decision chooses and motivates it.
    # A policy maximum per object type; going past it needs a recorded reason.
    closure_max_days: dict[ObjectType, Annotated[int, Field(ge=1)]] = {}
    # The shortest zienswijze term (art. 4:8 Awb) without a recorded reason.
    min_hearing_days: Annotated[int, Field(ge=1, le=42)] = 7


class Playbook(Strict):
    version: Text
    title: Text
    reopen_on_attack: Slug
    phases: list[PhaseDef]
    municipality: Municipality

    @model_validator(mode="after")
    def _cross_references(self) -> Self:
        phase_ids = [p.id for p in self.phases]
        problems: list[str] = []
        if len(set(phase_ids)) != len(phase_ids):
            problems.append("fase-id's zijn niet uniek")
        if sorted(p.order for p in self.phases) != list(range(1, len(self.phases) + 1)):
            problems.append("de volgorde ('order') van de fasen moet 1, 2, 3, ... zijn")
        targets = set(phase_ids) | {CLOSED}
        seen: set[str] = set()
        for phase in self.phases:
            for field in ("next", "on_attack"):
                if getattr(phase, field) not in targets:
                    problems.append(
                        f"fase '{phase.id}', veld '{field}': onbekende fase '{getattr(phase, field)}'"
                    )
            for step in phase.steps:
                if step.id in seen:
                    problems.append(f"stap '{step.id}' komt meer dan eens voor")
                seen.add(step.id)
        for phase in self.phases:
            for step in phase.steps:
                if step.due and step.due.step and step.due.step not in seen:
                    problems.append(
                        f"stap '{step.id}', veld 'due.step': onbekende stap '{step.due.step}'"
                    )
        if self.reopen_on_attack not in phase_ids:
            problems.append(f"'reopen_on_attack': onbekende fase '{self.reopen_on_attack}'")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def ordered_phases(self) -> list[PhaseDef]:
        return sorted(self.phases, key=lambda p: p.order)

    def phase(self, phase_id: str) -> PhaseDef:
        return next(p for p in self.phases if p.id == phase_id)

    def phase_title(self, phase_id: str) -> str:
        return CLOSED_TITLE if phase_id == CLOSED else self.phase(phase_id).title

    def step(self, step_id: str) -> tuple[PhaseDef, StepDef] | None:
        for phase in self.phases:
            for step in phase.steps:
                if step.id == step_id:
                    return phase, step
        return None

    def steps(self) -> list[tuple[PhaseDef, StepDef]]:
        return [(phase, step) for phase in self.ordered_phases for step in phase.steps]

    def completed_by(self, event: Event) -> list[tuple[PhaseDef, StepDef]]:
        return [(p, s) for p, s in self.steps() if event in s.completed_by]

    def declared_events(self) -> set[Event]:
        return {event for _, step in self.steps() for event in step.completed_by}

    def producing(self, kind: DocumentKind) -> list[tuple[PhaseDef, StepDef]]:
        return [(p, s) for p, s in self.steps() if s.document == kind]

    def canonical_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)

    def fingerprint(self) -> str:
        """Content hash: cases pin this, so any edit to the files yields a new version."""
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()
