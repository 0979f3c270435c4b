"""Pydantic models of the playbook. A loaded `Playbook` is immutable and fully cross-checked.

Partners, documents and due anchors are open lists: the national playbook declares its own and a
municipal overlay may add local ones. The loader passes the known names as validation context,
so an unknown name is reported on the step and field that uses it.
"""

import hashlib
import json
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from playbook.definition.enums import (
    BusinessKind,
    DocumentKind,
    DueAnchor,
    IncidentKind,
    ObjectType,
    Tenure,
)
from playbook.definition.events import Event

CLOSED = "gesloten"
CLOSED_TITLE = "Gesloten"

# No underscores: transitions joins nested state names with "_".
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
AnchorId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+([_-][a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _known(value: str, info: ValidationInfo, key: str) -> str:
    """Check `value` against the names the loader put in the validation context (if any)."""
    known = (info.context or {}).get(key)
    if known is not None and value not in known:
        raise ValueError(f"onbekende waarde '{value}'; kies uit: {', '.join(sorted(known))}")
    return value


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
        return None if value is None else _known(value, info, "anchors")

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


class StepDef(Strict):
    id: Slug
    title: Text
    instruction: Text
    partner: Slug
    legal_basis: str | None = None
    # Where the step comes from: an article, a judgment (ECLI) or published guidance.
    source: Text
    applies_when: AppliesWhen = AppliesWhen()
    mandatory: bool = True
    due: Due | None = None
    # The letter this step produces (offered on the step, stored against it).
    document: Slug | None = None
    # What completes the step without a hand: a decision taken, a letter sent, an answer recorded.
    completed_by: list[Event] = []
    # Set by a municipal overlay (`disable:`): the step does not apply there, for this reason.
    disabled: Text | None = None

    @field_validator("partner")
    @classmethod
    def _partner(cls, value: str, info: ValidationInfo) -> str:
        return _known(value, info, "partners")

    @field_validator("document")
    @classmethod
    def _document(cls, value: str | None, info: ValidationInfo) -> str | None:
        return None if value is None else _known(value, info, "documents")


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


class PartnerDef(Strict):
    """A partner organisation or role: national (phases/playbook.yaml) or local (overlay)."""

    id: Slug
    name: Text
    role: Text
    local: bool = False


class DocumentDef(Strict):
    """A document a step can point to. National ones are generated by the code (DocumentKind);
    local ones name a document the municipality keeps itself."""

    id: Slug
    title: Text
    local: bool = False


class AnchorDef(Strict):
    """A local moment a due time counts from, recorded on a case by hand (`zaak moment`)."""

    id: Slug
    title: Text
    local: bool = True


class Region(Strict):
    """Set once for several municipalities: police unit, prosecutor's office, safety region."""

    id: Slug
    name: Text
    police_unit: Text
    prosecutor_office: Text
    safety_region: Text
    partners: dict[str, Contact] = {}

    @field_validator("partners")
    @classmethod
    def _partner_ids(cls, value: dict[str, Contact], info: ValidationInfo) -> dict[str, Contact]:
        for key in value:
            _known(key, info, "partners")
        return value


class Municipality(Strict):
    name: Text
    cbs_code: Annotated[str, StringConstraints(pattern=r"^GM\d{4}$")]
    mayor: Text
    address: Text
    postcode: Annotated[str, StringConstraints(pattern=r"^[1-9]\d{3} ?[A-Z]{2}$")]
    city: Text
    contact_point: Contact
    court: Text = "de rechtbank"  # where interim relief (art. 8:81 Awb) is asked
    region: Region | None = None
    # Contacts per partner id; the region's shared contacts are merged in under these.
    partners: dict[str, Contact] = {}
    closure_days: dict[ObjectType, int] = {}

    @field_validator("partners")
    @classmethod
    def _partner_ids(cls, value: dict[str, Contact], info: ValidationInfo) -> dict[str, Contact]:
        for key in value:
            _known(key, info, "partners")
        return value


NATIONAL_DOCUMENTS = {kind.value for kind in DocumentKind}
BUILTIN_ANCHORS = {anchor.value for anchor in DueAnchor}


class Playbook(Strict):
    version: Text
    title: Text
    reopen_on_attack: Slug
    partners: list[PartnerDef]
    documents: list[DocumentDef] = []
    anchors: list[AnchorDef] = []
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
        for name, items in (("partners", self.partners), ("documents", self.documents),
                            ("anchors", self.anchors)):
            ids = [i.id for i in items]
            for dup in sorted({i for i in ids if ids.count(i) > 1}):
                problems.append(f"'{name}': '{dup}' komt meer dan eens voor")
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

    def partner(self, partner_id: str) -> PartnerDef | None:
        return next((p for p in self.partners if p.id == partner_id), None)

    def partner_name(self, partner_id: str) -> str:
        found = self.partner(partner_id)
        return found.name if found else partner_id

    def contact(self, partner_id: str) -> Contact | None:
        """The municipality's (or else the region's) contact for a partner."""
        return self.municipality.partners.get(partner_id)

    def completed_by(self, event: Event) -> list[tuple[PhaseDef, StepDef]]:
        return [(p, s) for p, s in self.steps() if event in s.completed_by]

    def declared_events(self) -> set[Event]:
        return {event for _, step in self.steps() for event in step.completed_by}

    def producing(self, kind: str) -> list[tuple[PhaseDef, StepDef]]:
        return [(p, s) for p, s in self.steps() if s.document == kind]

    def canonical_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)

    def fingerprint(self) -> str:
        """Content hash: cases pin this, so any edit to the files yields a new version."""
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()


def validation_context(data: dict[str, Any]) -> dict[str, set[str]]:
    """The names steps may use, from the raw (merged) playbook data."""

    def ids(key: str) -> set[str]:
        return {i["id"] for i in data.get(key) or [] if isinstance(i, dict) and "id" in i}

    return {
        "partners": ids("partners"),
        "documents": NATIONAL_DOCUMENTS | ids("documents"),
        "anchors": BUILTIN_ANCHORS | ids("anchors"),
    }
