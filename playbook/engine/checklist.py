"""Per step: does it apply, what is its status, when is it due, is it overdue."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from playbook.deadlines import due_at
from playbook.deadlines.formatting import format_date_nl
from playbook.definition.enums import DueAnchor, StepStatus
from playbook.definition.models import CLOSED, AppliesWhen, Playbook, StepDef
from playbook.engine.snapshot import CaseFacts, CaseSnapshot, StepRecord


def applies(when: AppliesWhen, facts: CaseFacts) -> bool:
    if when.object_types is not None and facts.object_type not in when.object_types:
        return False
    if when.incident_kinds is not None and facts.incident_kind not in when.incident_kinds:
        return False
    if when.tenures is not None and facts.tenure not in when.tenures:
        return False
    if when.business_kinds is not None and facts.business_kind not in when.business_kinds:
        return False
    if when.min_attacks is not None and facts.attacks < when.min_attacks:
        return False
    if not all(getattr(facts, name) == value for name, value in when.set_flags):
        return False
    return when.any_of is None or any(applies(alt, facts) for alt in when.any_of)


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

    @property
    def holding(self) -> bool:
        """A running measure, not a task: it ends by the calendar or by a lifting."""
        return hold_of(self.step) is not None

    @property
    def running_text(self) -> str | None:
        """A running measure in words: itself, its last day and what ends it (else None)."""
        held = hold_of(self.step)
        if held is None or self.due is None:
            return None
        last = (self.due - timedelta(days=1)).date()
        return (f"{held} loopt nog tot en met {format_date_nl(last)}; "
                "hef het op of wacht het einde af")

    def blocker_text(self, partner_name: str) -> str:
        """What keeps the phase open, in words: the step and who does it (unless its title
        already says so), or the running measure."""
        if self.running_text:
            return self.running_text
        title = self.step.title
        return title if partner_name.lower() in title.lower() else f"{title} ({partner_name})"

    @property
    def reason(self) -> str | None:
        """Why the step is skipped, or switched off by the municipality."""
        if self.record and self.record.reason:
            return self.record.reason
        return f"lokaal uitgeschakeld: {self.step.disabled}" if self.step.disabled else None


def due_time(step: StepDef, snap: CaseSnapshot, round_: int, phase_id: str) -> datetime | None:
    if step.due is None:
        return None
    due = step.due
    if due.anchor == DueAnchor.incident:
        anchor: datetime | None = snap.incident_of(round_)
    elif due.anchor == DueAnchor.phase_entered:
        anchor = snap.entered.get((round_, phase_id))
    elif due.anchor == DueAnchor.step_done:
        record = snap.records.get((round_, due.step or ""))
        anchor = record.at if record and record.status == StepStatus.done else None
    else:  # closure start/end, made known, or a local moment
        anchor = snap.anchors.get(due.anchor)
    if anchor is None:
        return None
    if due.before is not None:
        return anchor - timedelta(hours=due.hours or 0, days=due.days or 0)
    return due_at(anchor, hours=due.hours, days=due.days)


# Anchors a later decision may legally move (an extension or lifting changes the closure's
# end, art. 174a lid 3 Gemeentewet): for these the stored due time follows the anchor.
MOVABLE = frozenset({DueAnchor.closure_start, DueAnchor.closure_end, DueAnchor.made_known,
                     DueAnchor.area_ban_end, DueAnchor.camera_end, DueAnchor.drug_closure_end})
# A measure taken keeps the case open while it runs, the way the closure's reopening step holds
# the last phase: a step due `after:` its end anchor (phases/5-herstel.yaml). It applies only
# when the measure was taken, is done by the calendar once the end has come (or a lifting moved
# it), and cannot be ticked off or skipped by hand before that. Terms: art. 151c lid 3 and
# art. 172a lid 1 and 4 Gemeentewet, art. 13b Opiumwet (playbook/decisions/measures_ends.py).
HOLDS = {DueAnchor.area_ban_end: "Gebiedsverbod", DueAnchor.camera_end: "Cameratoezicht",
         DueAnchor.drug_closure_end: "Sluiting op grond van art. 13b Opiumwet"}


def hold_of(step: StepDef) -> str | None:
    """The measure a step waits for, by name, or None for an ordinary step."""
    anchor = step.due.after if step.due is not None else None
    return HOLDS.get(DueAnchor(anchor)) if anchor in HOLDS else None


def _held(step: StepDef, snap: CaseSnapshot, now: datetime) -> tuple[StepStatus, StepRecord | None]:
    end = snap.anchors.get(step.due.after or "") if step.due is not None else None
    if end is None:
        return StepStatus.not_applicable, None
    if end > now:
        return StepStatus.open, None
    return StepStatus.done, StepRecord(StepStatus.done, "systeem", end,
                                       f"{hold_of(step)} afgelopen of opgeheven")


def fixed_due(step: StepDef, snap: CaseSnapshot, round_: int, phase_id: str,
              settled: bool = False) -> datetime | None:
    """The due time stored when the step opened, so every document and list agrees; computed
    from its anchor until then. For anchors a decision may move, computed while the step is
    open in the current round; a `settled` step (done, skipped) and a step of an earlier round
    keep the due time stored while they were open. The case keeps only its current closure's
    moments: an earlier round's step computed from them would show the new closure's dates."""
    stored = snap.dues.get((round_, step.id))
    if step.due is None:
        return None
    if step.due.anchor not in MOVABLE:
        return stored if stored is not None else due_time(step, snap, round_, phase_id)
    if round_ != snap.round:
        return stored  # never stored: unknown, rather than another round's date
    if settled and stored is not None:
        return stored
    return due_time(step, snap, round_, phase_id)


def phase_items(
    playbook: Playbook, snap: CaseSnapshot, phase_id: str, now: datetime,
    round_: int | None = None, *, dated: bool = False,
) -> list[StepItem]:
    """Every step of the phase as an item, in playbook order. `dated`: only the steps with a due
    time (all that can be late or listed as work; a step without one never has a due)."""
    round_ = snap.round if round_ is None else round_
    phase = playbook.phase(phase_id)
    live = _live(playbook, snap, phase.order, round_)
    facts = snap.facts_of(round_)
    return [_item(step, snap, phase_id, round_, facts, live, now)
            for step in phase.steps if not dated or step.due is not None]


def step_item(playbook: Playbook, snap: CaseSnapshot, phase_id: str, step: StepDef,
              now: datetime) -> StepItem:
    """One step of the phase in the current round, as `phase_items` gives it."""
    live = _live(playbook, snap, playbook.phase(phase_id).order, snap.round)
    return _item(step, snap, phase_id, snap.round, snap.facts, live, now)


def _live(playbook: Playbook, snap: CaseSnapshot, order: int, round_: int) -> bool:
    """Overdue only counts where work can still happen: this round, a phase not yet left."""
    return round_ == snap.round and snap.phase != CLOSED and (
        order >= playbook.phase(snap.phase).order)


def _item(step: StepDef, snap: CaseSnapshot, phase_id: str, round_: int, facts: CaseFacts,
          live: bool, now: datetime) -> StepItem:
    record = snap.records.get((round_, step.id))
    status: StepStatus
    if hold_of(step) is not None and not step.disabled:
        status, record = _held(step, snap, now)
    elif record is not None and record.status != StepStatus.open:
        status = record.status
    elif step.disabled or not applies(step.applies_when, facts):
        status = StepStatus.not_applicable
    elif (seen := _happened(step, snap, round_)) is not None:
        status, record = StepStatus.done, seen  # its event came before the step applied
    else:
        status = StepStatus.open
    due = fixed_due(step, snap, round_, phase_id,
                    settled=status in (StepStatus.done, StepStatus.skipped))
    overdue = live and status == StepStatus.open and due is not None and due < now
    return StepItem(phase_id, round_, step, status, record, due, overdue)


def _happened(step: StepDef, snap: CaseSnapshot, round_: int) -> StepRecord | None:
    return next((snap.happened[(round_, e.value)] for e in step.completed_by
                 if (round_, e.value) in snap.happened), None)


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
