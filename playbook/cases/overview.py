"""Read models: a case's checklist per phase, and what is due across cases."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from playbook.cases.repository import pinned_playbook, snapshots_of
from playbook.definition.enums import StepStatus
from playbook.definition.models import CLOSED, PhaseDef, Playbook
from playbook.engine import checklist
from playbook.engine.checklist import StepItem
from playbook.engine.snapshot import CaseSnapshot
from playbook.storage.tables import AuditEvent, Case, Person


@dataclass(frozen=True)
class PhaseBlock:
    phase: PhaseDef
    round: int
    entered_at: datetime | None
    current: bool
    items: list[StepItem]

    @property
    def tally(self) -> str:
        """How the phase's steps stand, in words ("8 afgerond, 2 overgeslagen, 4 niet van
        toepassing"): "8 van 14 afgerond" would read as work left where nothing was left."""
        counts = {status: sum(i.status == status for i in self.items) for status in TALLY_WORDS}
        return ", ".join(f"{n} {TALLY_WORDS[status]}" for status, n in counts.items() if n)


TALLY_WORDS = {StepStatus.done: "afgerond", StepStatus.skipped: "overgeslagen",
               StepStatus.not_applicable: "niet van toepassing", StepStatus.open: "open"}


@dataclass(frozen=True)
class CaseOverview:
    case: Case
    playbook: Playbook
    snapshot: CaseSnapshot
    persons: list[Person]
    blocks: list[PhaseBlock]
    blockers: list[StepItem]
    now: datetime

    @property
    def phase_title(self) -> str:
        return self.playbook.phase_title(self.case.phase)

    @property
    def overdue(self) -> list[StepItem]:
        return [i for b in self.blocks for i in b.items if i.overdue]

    @property
    def address(self) -> str:
        c = self.case
        suffix = f"-{c.house_suffix}" if c.house_suffix else ""
        return f"{c.street} {c.house_number}{suffix}, {c.postcode} {c.city}"


def overview(
    session: Session, case: Case, now: datetime, *, whole_case: bool = False
) -> CaseOverview:
    """Current phase (plus the next ones of this round), or every phase the case went through."""
    playbook = pinned_playbook(session, case)
    snap = snapshots_of(session, [case])[case.id]  # type: ignore[index]
    if whole_case:
        keys = checklist.rounds_and_phases(playbook, snap)
    elif case.phase == CLOSED:
        keys = []
    else:
        keys = [(case.round, case.phase)]
    blocks = [
        PhaseBlock(
            phase=playbook.phase(phase_id),
            round=round_,
            entered_at=snap.entered.get((round_, phase_id)),
            current=(round_, phase_id) == (case.round, case.phase),
            items=checklist.phase_items(playbook, snap, phase_id, now, round_),
        )
        for round_, phase_id in keys
    ]
    persons = list(
        session.exec(select(Person).where(Person.case_id == case.id).order_by(col(Person.id)))
    )
    return CaseOverview(
        case, playbook, snap, persons, blocks, checklist.blockers(playbook, snap, now), now
    )


@dataclass(frozen=True)
class DueItem:
    case: Case
    phase_title: str
    item: StepItem


def due_items(session: Session, now: datetime,
              municipality_code: str | Collection[str] | None = None) -> list[DueItem]:
    """Open steps with a due time in all open cases (of one or several municipalities),
    overdue first, then by due time."""
    query = select(Case).where(Case.phase != CLOSED)
    if isinstance(municipality_code, str) and municipality_code:
        query = query.where(Case.municipality_code == municipality_code)
    elif municipality_code is not None and not isinstance(municipality_code, str):
        query = query.where(col(Case.municipality_code).in_(sorted(municipality_code)))
    cases = list(session.exec(query))
    snaps = snapshots_of(session, cases)
    result = []
    for case in cases:
        playbook = pinned_playbook(session, case)
        snap = snaps[case.id]  # type: ignore[index]
        current = playbook.phase(case.phase).order
        for phase in playbook.ordered_phases:
            if phase.order < current:
                continue
            for item in checklist.phase_items(playbook, snap, phase.id, now, dated=True):
                if item.status == StepStatus.open and item.due is not None:
                    result.append(DueItem(case, phase.title, item))
    return sorted(result, key=lambda d: (not d.item.overdue, d.item.due, d.case.reference))


def audit_trail(session: Session, case: Case) -> list[AuditEvent]:
    return list(session.exec(
        select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(col(AuditEvent.id))
    ))
