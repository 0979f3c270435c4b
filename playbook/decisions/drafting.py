"""Draft a closure decision or an emergency order, edit it, and check what is missing."""

from datetime import date, datetime, time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session

from playbook.cases.audit import record
from playbook.cases.repository import get_case, pinned_playbook
from playbook.cases.service import check_version
from playbook.config import USER_TZ
from playbook.decisions import common
from playbook.decisions.grounds import NON_PUBLIC_TYPES, propose, refusal
from playbook.decisions.lifecycle import MEASURE_KINDS, Kind, Status
from playbook.errors import InvalidInput, NotAllowed
from playbook.information.service import latest_answer
from playbook.storage.tables import Case, Decision
from playbook.storage.types import id_of

EDITABLE = (Status.draft.value, Status.intent.value)


class DraftInput(BaseModel):
    """Fields the mayor's office fills in; every one optional, so a draft can grow."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    ground: str | None = None
    facts: str | None = None
    seriousness: str | None = None
    recurrence: str | None = None
    suitability: str | None = None
    necessity: str | None = None
    balance: str | None = None
    balance_owner: str | None = None
    alternative_housing: str | None = None
    children_count: int | None = Field(default=None, ge=0, le=30)
    children_ages: str | None = None
    children_school: str | None = None
    children_effect: str | None = None
    duration_days: int | None = Field(default=None, ge=1, le=366)
    duration_reasons: str | None = None
    duration_over_policy_reasons: str | None = None
    start_date: date | None = None
    start_time: time | None = None
    entry_ban_basis: str | None = None
    entry_access: str | None = None
    enforcement: str | None = None
    hearing_days: int | None = Field(default=None, ge=1, le=42)
    hearing_days_reasons: str | None = None
    hearing_outcome: str | None = None


def parse_draft(data: dict[str, Any]) -> DraftInput:
    try:
        return DraftInput.model_validate({k: v for k, v in data.items() if v is not None})
    except ValidationError as exc:
        from playbook.validation import describe_errors

        raise InvalidInput(
            describe_errors(exc, lambda loc: common.LABELS.get(str(loc[0]), str(loc[0])))
        ) from None


def _check_ground(session: Session, case: Case, decision: Decision, ground: str | None) -> None:
    """A ground that does not fit the recorded facts is refused at once, with the reason."""
    if ground is None:
        return
    why = refusal(ground, common.facts_for(session, case, decision).ground, decision.kind)
    if why:
        raise NotAllowed(f"Deze grondslag past niet bij de feiten: {why}.")


def draft(
    *,
    session: Session,
    reference: str,
    fields: DraftInput,
    actor: str,
    now: datetime,
    decision_id: int | None = None,
    expected_version: int | None = None,
) -> Decision:
    """Start a closure decision, or edit a draft. Facts and recurrence come from the
    bestuurlijke rapportage of the current round; the ground follows the recorded facts."""
    case = get_case(session, reference)
    check_version(case, expected_version)
    if decision_id is not None:
        decision = common.get_decision(session, case, decision_id)
        if decision.kind in MEASURE_KINDS:
            raise NotAllowed(
                f"Besluit {decision.id} is een maatregel; wijzig het met 'maatregel wijzig'."
            )
        if decision.status not in EDITABLE:
            raise NotAllowed(
                f"Besluit {decision.id} is al {decision.status} en kan niet meer wijzigen."
            )
        _check_ground(session, case, decision, fields.ground)
        values = fields.model_dump()
        if decision.ground is None and values["ground"] is None:
            # The ground follows the facts: once they carry one, the draft gets it.
            values["ground"] = propose(
                common.facts_for(session, case, decision).ground, decision.kind
            )
        common.change(session, case, decision, values, actor, now)
        return decision
    if case.object_type not in NON_PUBLIC_TYPES:
        raise NotAllowed(
            "Voor een voertuig bestaat geen sluitingsroute; overweeg cameratoezicht "
            "of een gebiedsverbod."
        )
    if any(
        d.kind == Kind.closure and d.status in EDITABLE for d in common.decisions_of(session, case)
    ):
        raise NotAllowed("Er is al een sluitingsbesluit in voorbereiding; wijzig dat concept.")
    playbook = pinned_playbook(session, case)
    answer = latest_answer(session, case, case.round)
    probe = Decision(
        case_id=id_of(case),
        kind=Kind.closure.value,
        status=Status.draft.value,
        round=case.round,
        created_at=now,
        updated_at=now,
    )
    _check_ground(session, case, probe, fields.ground)
    proposed = fields.ground or propose(common.facts_for(session, case, probe).ground)
    # No default duration: it is chosen and motivated per case.
    defaults: dict[str, Any] = {
        "ground": proposed,
        "facts": answer.facts if answer else None,
        "recurrence": answer.recurrence if answer else None,
    }
    values = {**defaults, **{k: v for k, v in fields.model_dump().items() if v is not None}}
    decision = common.new(
        session,
        case,
        Kind.closure.value,
        actor,
        now,
        {k: str(v) for k, v in values.items() if v is not None},
        mayor=playbook.municipality.mayor,
        **values,
    )
    _closure_on_record(session, case, actor, now, "sluitingsbesluit in voorbereiding")
    return decision


def emergency_order(
    *, session: Session, reference: str, fields: DraftInput, actor: str, now: datetime
) -> Decision:
    """A noodbevel (art. 175 Gemeentewet): its own decision type, immediate and short, taken
    without a voornemen and followed by a 174a decision or an end (ECLI:NL:RBROT:2024:1866)."""
    case = get_case(session, reference)
    if case.object_type not in NON_PUBLIC_TYPES:
        raise NotAllowed(
            "Een noodbevel tot sluiting kan alleen voor een pand, niet voor een voertuig."
        )
    if any(
        d.kind == Kind.emergency_order and d.status in (*EDITABLE, Status.taken.value)
        for d in common.decisions_of(session, case)
    ):
        raise NotAllowed("Er is al een noodbevel in voorbereiding of nog niet bekendgemaakt.")
    playbook = pinned_playbook(session, case)
    local = now.astimezone(USER_TZ)
    values: dict[str, Any] = {
        "ground": "175",
        "start_date": local.date(),
        "start_time": time(local.hour, local.minute),
        **{k: v for k, v in fields.model_dump().items() if v is not None},
    }
    if values["ground"] != "175":
        raise NotAllowed("Een noodbevel rust op art. 175 Gemeentewet.")
    decision = common.new(
        session,
        case,
        Kind.emergency_order.value,
        actor,
        now,
        {k: str(v) for k, v in values.items()},
        mayor=playbook.municipality.mayor,
        **values,
    )
    _closure_on_record(session, case, actor, now, "noodbevel in voorbereiding")
    return decision


def _closure_on_record(session: Session, case: Case, actor: str, now: datetime,
                       reason: str) -> None:
    """A closure in preparation makes closure a fact of the case (the steps that follow it
    apply), audited once."""
    if not case.closure:
        record(session, case, actor=actor, action="feit-gewijzigd", at=now, subject="sluiting",
               old=False, new=True, reason=reason)
        case.closure = True


def check(*, session: Session, reference: str, decision_id: int, now: datetime) -> list[str]:
    """Every element still missing before the decision can be taken."""
    case, decision = common.load(session, reference, decision_id)
    # The guards of the decision's own kind: a closure's, a measure's or a lifting's.
    found = common.guard_problems(session, case, decision, now)
    return [*found["content_complete"], *found["hearing_done"], *found["ready_to_take"]]
