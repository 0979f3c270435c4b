"""Per step: does it apply, what is its status, when is it due, is it overdue."""

from dataclasses import dataclass
from datetime import datetime

from playbook.deadlines import due_at
from playbook.definition.enums import DueAnchor, StepStatus
from playbook.definition.models import CLOSED, AppliesWhen, Playbook, StepDef
from playbook.engine.snapshot import CaseFacts, CaseSnapshot, StepRecord


def applies(when: AppliesWhen, facts: CaseFacts) -> bool:
    if when.object_types is not None and facts.object_type not in when.object_types:
        return False
    if when.incident_kinds is not None and facts.incident_kind not in when.incident_kinds:
        return False
    flags = ("explosion", "repeat", "closure", "not_self_reliant", "injured", "publicly_accessible")
    return all(
        getattr(when, flag) is None or getattr(when, flag) == getattr(facts, flag) for flag in flags
    )


@dataclass(frozen=True)
class StepItem:
    phase_id: str
    round: int
    step: StepDef
    status: StepStatus
    record: StepRecord | None
    due: datetime | None
    overdue: bool

    @property
    def blocks(self) -> bool:
        return self.step.mandatory and self.status == StepStatus.open


def due_time(step: StepDef, snap: CaseSnapshot, round_: int, phase_id: str) -> datetime | None:
    if step.due is None:
        return None
    due = step.due
    if due.after == DueAnchor.incident:
        anchor: datetime | None = snap.incident_at
    elif due.after == DueAnchor.phase_entered:
        anchor = snap.entered.get((round_, phase_id))
    else:
        record = snap.records.get((round_, due.step or ""))
        anchor = record.at if record and record.status == StepStatus.done else None
    if anchor is None:
        return None
    return due_at(anchor, hours=due.hours, days=due.days)


def phase_items(
    playbook: Playbook, snap: CaseSnapshot, phase_id: str, now: datetime, round_: int | None = None
) -> list[StepItem]:
    round_ = snap.round if round_ is None else round_
    phase = playbook.phase(phase_id)
    # Overdue only counts where work can still happen: this round, a phase not yet left.
    live = round_ == snap.round and snap.phase != CLOSED and (
        phase.order >= playbook.phase(snap.phase).order
    )
    items = []
    for step in phase.steps:
        record = snap.records.get((round_, step.id))
        if record is not None and record.status != StepStatus.open:
            status = record.status
        elif not applies(step.applies_when, snap.facts):
            status = StepStatus.not_applicable
        else:
            status = StepStatus.open
        due = due_time(step, snap, round_, phase_id)
        overdue = live and status == StepStatus.open and due is not None and due < now
        items.append(StepItem(phase_id, round_, step, status, record, due, overdue))
    return items


def blockers(playbook: Playbook, snap: CaseSnapshot, now: datetime) -> list[StepItem]:
    """Mandatory applicable steps still open in the current phase: these keep the phase open."""
    if snap.phase == CLOSED:
        return []
    return [i for i in phase_items(playbook, snap, snap.phase, now) if i.blocks]


def rounds_and_phases(playbook: Playbook, snap: CaseSnapshot) -> list[tuple[int, str]]:
    """Every (round, phase) the case has entered, in order, for whole-case checklists."""
    order = {p.id: p.order for p in playbook.phases}
    seen = sorted(
        (k for k in snap.entered if k[1] in order), key=lambda k: (k[0], order[k[1]])
    )
    return seen
