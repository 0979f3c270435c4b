"""Moving a case between phases: closing a phase (advance), an attack that sends it back to the
acute phase (report_attack), and moving it to another playbook version. Every move appends a
`fase_overgang` row and an audit row."""

from datetime import datetime

from sqlmodel import Session, select

from playbook.cases.audit import record
from playbook.cases.repository import (
    check_version,
    ensure_snapshot,
    get_case,
    pinned_playbook,
    snapshot_of,
    touch,
)
from playbook.cases.steps import apply_steps
from playbook.config import USER_TZ
from playbook.deadlines.formatting import format_date_nl
from playbook.definition.enums import IncidentKind, StepStatus
from playbook.definition.models import CLOSED, Playbook
from playbook.engine import checklist, machine
from playbook.errors import InvalidInput, NotAllowed, PhaseBlocked
from playbook.storage.tables import AttackRecord, Case, PhaseEntry, StepState

SYSTEM = "systeem"


def record_attack(session: Session, case: Case, actor: str, now: datetime) -> None:
    """Keep each attack's facts, so an earlier round keeps its own after a repeat."""
    session.add(AttackRecord(
        case_id=case.id, number=case.attacks, round=case.round,  # type: ignore[arg-type]
        occurred_at=case.incident_at, incident_kind=case.incident_kind, injured=case.injured,
        damage=case.damage, residents_displaced=case.residents_displaced, actor=actor,
        recorded_at=now))


def enter(session: Session, case: Case, playbook: Playbook, target: str, trigger: str,
          actor: str, now: datetime, reason: str | None = None) -> None:
    old = case.phase
    touch(case, now)  # with the phase, in one UPDATE of the case
    case.phase = target
    case.closed_at = now if target == CLOSED else None
    session.add(PhaseEntry(case_id=case.id, round=case.round, phase=target, from_phase=old,  # type: ignore[arg-type]
                           trigger=trigger, actor=actor, at=now))
    record(session, case, actor=actor, action="fase-gewijzigd", at=now, subject=trigger,
           old=playbook.phase_title(old), new=playbook.phase_title(target), reason=reason)


def advance(*, session: Session, reference: str, actor: str, now: datetime,
            expected_version: int | None = None) -> Case:
    case = get_case(session, reference)
    check_version(case, expected_version)
    playbook = pinned_playbook(session, case)
    open_steps = checklist.blockers(playbook, snapshot_of(session, case), now)
    target = machine.fire(playbook, case.phase, machine.ADVANCE, lambda: not open_steps)
    if target is None:
        raise PhaseBlocked(
            playbook.phase_title(case.phase),
            [(i.blocker_text(playbook.partner_name(i.step.partner)),
              None if i.holding else i.step.id) for i in open_steps],
        )
    enter(session, case, playbook, target, machine.ADVANCE, actor, now)
    return case


def report_attack(*, session: Session, case: Case, occurred_at: datetime, kind: IncidentKind,
                  actor: str, now: datetime, damage: str | None = None, injured: int = 0,
                  residents_displaced: bool | None = None) -> Case:
    """A (new) explosion on the case's address: first attack after a threat, or a repeat.
    A repeat starts a new round that re-enters the acute phase (Incident) and runs on through
    first response; steps of earlier rounds keep their records, and the round its own facts.
    `residents_displaced` unset: as before for a repeat, or by object type for a first attack."""
    if kind == IncidentKind.dreiging:
        raise InvalidInput(
            ["soort: een aanslag melden vraagt aanslag, poging of aantreffen-explosief"]
        )
    if occurred_at > now:
        raise InvalidInput(
            ["tijdstip: ligt in de toekomst; een incident kan niet later zijn dan nu"]
        )
    playbook = pinned_playbook(session, case)
    target = machine.fire(playbook, case.phase, machine.ATTACK, lambda: True,
                          first_attack=case.attacks == 0)
    assert target is not None  # an attack always lands somewhere
    # Open steps of the phase being left are closed on the record, not silently abandoned.
    if case.phase != CLOSED:
        items = checklist.phase_items(playbook, snapshot_of(session, case), case.phase, now)
        at = occurred_at.astimezone(USER_TZ)
        why = (f"Niet afgerond: fase verlaten door aanslag van {format_date_nl(at.date())} "
               f"om {at:%H:%M}")
        apply_steps(session, case, case.phase,
                    [i.step.id for i in items if i.status == StepStatus.open],
                    StepStatus.skipped, why, SYSTEM, now)
    repeat = case.attacks >= 1
    old_kind = case.incident_kind
    case.attacks += 1
    case.incident_kind = kind.value
    case.incident_at = occurred_at
    # Each round has its own facts: injured and damage of this attack, not the sum of all.
    case.injured = injured
    case.damage = damage or (None if repeat else case.damage)
    if residents_displaced is not None:
        case.residents_displaced = residents_displaced
    elif not repeat:
        case.residents_displaced = case.object_type == "woning" or case.mixed_use
    if repeat:
        case.round += 1
    record_attack(session, case, actor, now)
    record(session, case, actor=actor, action="aanslag-gemeld", at=now, old=old_kind,
           new=kind.value, details={"tijdstip": occurred_at.isoformat(), "herhaling": repeat,
                                    "ronde": case.round, "aantal_aanslagen": case.attacks})
    enter(session, case, playbook, target, machine.ATTACK, actor, now,
          reason="herhaalde aanslag" if repeat else None)
    return case


def migrate_playbook(*, session: Session, reference: str, playbook: Playbook, actor: str,
                     now: datetime, reason: str) -> Case:
    """Move a running case to another playbook version: explicit, checked and audited."""
    case = get_case(session, reference)
    if not reason or len(reason.strip()) < 3:
        raise InvalidInput(["reden: migreren naar een andere draaiboekversie vraagt een reden"])
    current = pinned_playbook(session, case)
    if playbook.municipality.cbs_code != case.municipality_code:  # letterhead, mayor, overlay
        raise NotAllowed(f"Zaak {case.reference} hoort bij {current.municipality.name}; een "
                         f"draaiboek van {playbook.municipality.name} past daar niet op.")
    if playbook.fingerprint == case.playbook_id:
        raise NotAllowed(f"Zaak {case.reference} gebruikt deze draaiboekversie al.")
    if case.phase != CLOSED and case.phase not in {p.id for p in playbook.phases}:
        raise NotAllowed(f"De nieuwe draaiboekversie kent de huidige fase '{case.phase}' niet.")
    recorded = session.exec(select(StepState.step_id).where(StepState.case_id == case.id)).all()
    orphaned = sorted({s for s in recorded if playbook.step(s) is None})
    snapshot = ensure_snapshot(session, playbook, now)
    record(session, case, actor=actor, action="draaiboek-gemigreerd", at=now,
           old=f"{current.version} ({case.playbook_id[:12]})",
           new=f"{playbook.version} ({snapshot.id[:12]})", reason=reason.strip(),
           details={"stappen_zonder_definitie": orphaned})
    case.playbook_id = snapshot.id
    touch(case, now)
    return case
