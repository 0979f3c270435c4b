"""Changing steps: a user marks a step (set_step), or a domain event completes the steps that
declare it (emit). Each change is a `stap` row and a `stap-gewijzigd` audit row."""

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, select, update

from playbook.cases.audit import record
from playbook.cases.kept_rows import KEPT_OPTION, keep_rows, kept
from playbook.cases.repository import (
    check_version,
    get_case,
    pinned_playbook,
    snapshot_of,
    touch,
)
from playbook.definition.enums import StepStatus
from playbook.definition.events import Event
from playbook.definition.models import CLOSED
from playbook.engine import checklist
from playbook.errors import InvalidInput, NotAllowed, NotFound
from playbook.storage.tables import Case, EventRecord, StepState
from playbook.storage.types import id_of


def set_step(*, session: Session, reference: str, step_id: str, status: StepStatus,
             actor: str, now: datetime, reason: str | None = None,
             expected_version: int | None = None) -> Case:
    case = get_case(session, reference)
    check_version(case, expected_version)
    playbook = pinned_playbook(session, case)
    if case.phase == CLOSED:
        raise NotAllowed(f"Zaak {case.reference} is gesloten; stappen kunnen niet meer wijzigen.")
    found = playbook.step(step_id)
    if found is None:
        raise NotFound(
            f"Stap '{step_id}' bestaat niet in draaiboek {playbook.version} van deze zaak."
        )
    phase, step = found
    reason = (reason or "").strip() or None
    if status == StepStatus.skipped and (reason is None or len(reason) < 3):
        raise InvalidInput([f"reden: overslaan van '{step.title}' kan alleen met een reden"])
    if status == StepStatus.not_applicable:
        raise InvalidInput(["status: 'niet van toepassing' volgt uit de zaakfeiten en kan niet "
                            "met de hand worden gezet"])
    snap = snapshot_of(session, case)  # kept for the read-model refresh (cases/snapshots.py)
    item = checklist.step_item(playbook, snap, phase.id, step, now)
    if (held := checklist.hold_of(step)) is not None:
        raise NotAllowed(f"Stap '{step.title}' volgt uit de einddatum van de maatregel "
                         f"({held.lower()}): hef die op of wacht het einde af.")
    if item.status == StepStatus.not_applicable:
        raise NotAllowed(f"Stap '{step.title}' is niet van toepassing op deze zaak.")
    if item.status == status:
        raise NotAllowed(f"Stap '{step.title}' staat al op '{status.value}'.")
    apply_steps(session, case, phase.id, [step_id], status, reason, actor, now)
    return case


def apply_steps(
    session: Session,
    case: Case,
    phase_id: str,
    step_ids: list[str],
    status: StepStatus,
    reason: str | None,
    actor: str,
    now: datetime,
    details: dict[str, object] | None = None,
) -> None:
    """Set these steps of the current round to `status`, each audited. Their rows are written in
    one flush however many steps change; the rows the snapshot keeps say which exist, so
    existing ones are changed in one UPDATE without reading them first."""
    if not step_ids:
        return
    touch(case, now)  # before the first audit read flushes: one UPDATE of the case
    olds = _write_steps(session, case, step_ids, status, reason, actor, now)
    for step_id in step_ids:
        record(session, case, actor=actor, action="stap-gewijzigd", at=now, subject=step_id,
               old=olds[step_id], new=status.value, reason=reason,
               details={"ronde": case.round, "fase": phase_id, **(details or {})})


# A plain UPDATE built once: the ORM's bulk UPDATE looks for the rows among the session's
# objects first, which cost more than the statement (see _expire_loaded for the rare object).
_STAP = StepState.__table__  # type: ignore[attr-defined]
_STEP_UPDATE = update(_STAP).where(
    _STAP.c.case_id == bindparam("b_case"), _STAP.c.round == bindparam("b_round"),
    _STAP.c.step_id.in_(bindparam("b_steps", expanding=True))).values(
    {name: bindparam(name) for name in ("status", "reason", "actor", "at")})


def _expire_loaded(session: Session, case: Case, step_ids: list[str]) -> None:
    """A plain UPDATE leaves a row loaded earlier in this transaction (the path above without
    kept rows) as it was: read it again when next used, so it never speaks for the old status."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, StepState) and obj.case_id == case.id and obj.round == case.round \
                and obj.step_id in step_ids:
            session.expire(obj)


def _write_steps(session: Session, case: Case, step_ids: list[str], status: StepStatus,
                 reason: str | None, actor: str, now: datetime) -> dict[str, str]:
    """Write the step rows; return each step's status before."""
    change: dict[str, Any] = {"status": status.value, "reason": reason, "actor": actor, "at": now}
    rows = kept(session, "stap", id_of(case))
    if rows is None:  # not kept (no snapshot read in this transaction): the ORM rows
        found = {row.step_id: row for row in session.exec(select(StepState).where(
            StepState.case_id == case.id, StepState.round == case.round,
            col(StepState.step_id).in_(step_ids)))}
        have = {step_id: row.status for step_id, row in found.items()}  # before the change
        for row in found.values():
            row.status, row.reason, row.actor, row.at = status.value, reason, actor, now
    else:
        mine = {r.step_id: r._asdict() for r in rows if r.round == case.round}
        existing = [s for s in step_ids if s in mine]
        if existing:  # kept rows are updated here, with what the statement wrote
            session.execute(_STEP_UPDATE, {"b_case": case.id, "b_round": case.round,
                                           "b_steps": existing, **change},
                            execution_options={KEPT_OPTION: True})
            _expire_loaded(session, case, existing)
            keep_rows(session, "stap", id_of(case), [{**mine[s], **change} for s in existing])
        have = {s: mine[s]["status"] for s in existing}
    for step_id in step_ids:
        if step_id not in have:
            session.add(StepState(case_id=id_of(case), round=case.round, step_id=step_id,
                                  **change))
    return {s: have.get(s, StepStatus.open.value) for s in step_ids}


def emit(session: Session, case: Case, event: Event, *, actor: str, now: datetime,
         because: str) -> list[str]:
    """Record that `event` happened in the case's current round, and mark done every open step
    that declares it in `completed_by` and applies now. The effect of another action (a
    decision, a letter, an answer), in the caller's transaction; returns the ids of the steps it
    completed. A declaring step that only applies later counts as done from the recorded event
    (engine/checklist.py), so the order of work never loses a completion."""
    playbook = pinned_playbook(session, case)
    declared = playbook.completed_by(event) if case.phase != CLOSED else []
    snap = snapshot_of(session, case) if declared else None  # before the event is on record
    touch(case, now)  # an event is a change of the case: a new version (cases/kept_rows.py)
    session.add(EventRecord(case_id=case.id, round=case.round, event=event.value,  # type: ignore[arg-type]
                            actor=actor, at=now, because=because))
    if snap is None:
        return []
    done = []
    for phase, step in declared:
        if checklist.step_item(playbook, snap, phase.id, step, now).status != StepStatus.open:
            continue
        apply_steps(session, case, phase.id, [step.id], StepStatus.done, None, actor, now,
                    {"door": because, "gebeurtenis": event.value})
        done.append(step.id)
    return done
