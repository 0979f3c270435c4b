"""What a measure's draft may hold (issue 13): the typed input of cameratoezicht, gebiedsverbod
and a 13b closure, which fields live on the shared `besluit` row, and the Dutch field names the
errors speak of (used by the CLI options and the web forms alike)."""

from datetime import date, time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from playbook.decisions import common
from playbook.decisions.lifecycle import Kind
from playbook.errors import InvalidInput
from playbook.validation import INT_MAX

KIND_NAMES = {
    Kind.camera: "cameratoezicht",
    Kind.area_ban: "gebiedsverbod",
    Kind.drug_closure: "sluiting (art. 13b Opiumwet)",
}
# Fields of MeasureInput that live on the `besluit` row; the rest go to `besluit_maatregel`.
DECISION_FIELDS = (
    "facts",
    "seriousness",
    "suitability",
    "necessity",
    "balance",
    "duration_days",
    "duration_reasons",
    "children_count",
    "children_ages",
    "children_effect",
    "start_date",
    "start_time",
    "hearing_outcome",
)
LABELS = {
    "area": "gebied",
    "map_reference": "kaart",
    "end_date": "einddatum",
    "council_basis": "machtiging-raad",
    "retention_days": "bewaartermijn",
    "evaluation_on": "evaluatiedatum",
    "evaluation_how": "evaluatiewijze",
    "publication": "publicatie",
    "person_id": "persoon",
    "person_name": "naam",
    "person_address": "adres",
    "leading_role": "leidende-rol",
    "fear_of_further": "vrees",
    "warning_on": "waarschuwing",
    "no_warning_reason": "geen-waarschuwing",
    "substances": "middelen",
    "substance_list": "lijst",
    "trading_quantity": "handelshoeveelheid",
    "dealing_from_premises": "handel-vanuit-pand",
    "preparatory_acts": "voorbereiding",
    "blameworthiness": "verwijtbaarheid",
    "adaptations": "aanpassingen",
    "consequences": "gevolgen",
    "first_offence": "eerste-overtreding",
    "damocles_warning_on": "damocles-waarschuwing",
}


class MeasureInput(BaseModel):
    """Fields of a measure; every one optional, so a draft can grow."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    # On the decision row (shared with the closure).
    facts: str | None = None
    seriousness: str | None = None
    suitability: str | None = None
    necessity: str | None = None
    balance: str | None = None
    duration_days: int | None = Field(default=None, ge=1, le=366)
    duration_reasons: str | None = None
    children_count: int | None = Field(default=None, ge=0, le=30)
    children_ages: str | None = None
    children_effect: str | None = None
    start_date: date | None = None
    start_time: time | None = None
    hearing_outcome: str | None = None
    # On the measure row.
    area: str | None = None
    map_reference: str | None = None
    end_date: date | None = None
    council_basis: str | None = None
    retention_days: int | None = Field(default=None, ge=1, le=3650)
    evaluation_on: date | None = None
    evaluation_how: str | None = None
    publication: str | None = None
    person_id: int | None = Field(default=None, ge=1, le=INT_MAX)
    person_name: str | None = None
    person_address: str | None = None
    leading_role: bool | None = None
    fear_of_further: str | None = None
    warning_on: date | None = None
    no_warning_reason: str | None = None
    substances: str | None = None
    substance_list: str | None = None
    trading_quantity: bool | None = None
    dealing_from_premises: bool | None = None
    preparatory_acts: bool | None = None
    blameworthiness: str | None = None
    adaptations: str | None = None
    consequences: str | None = None
    first_offence: bool | None = None
    damocles_warning_on: date | None = None


def parse_measure(data: dict[str, Any]) -> MeasureInput:
    try:
        return MeasureInput.model_validate({k: v for k, v in data.items() if v is not None})
    except ValidationError as exc:
        from playbook.validation import describe_errors

        names = {**common.LABELS, **LABELS}
        raise InvalidInput(
            describe_errors(exc, lambda loc: names.get(str(loc[0]), str(loc[0])))
        ) from None
