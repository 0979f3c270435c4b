"""One function per user action. CLI, web and API call these and only translate input and errors.

Every function changes the case and appends its audit events in the caller's unit of work.
"""

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from playbook.cases.audit import record
from playbook.cases.facts import update_facts  # noqa: F401  (re-exported: one service entry)
from playbook.cases.incidents import incident_for
from playbook.cases.intake import CaseIntake, PersonIntake
from playbook.cases.repository import (
    ensure_snapshot,
    get_case,
    pinned_playbook,
    snapshot_of,
    snapshots_of,
    touch,
)
from playbook.definition.enums import IncidentKind, StepStatus
from playbook.definition.events import Event
from playbook.definition.models import CLOSED, Playbook
from playbook.engine import checklist, machine
from playbook.errors import Conflict, InvalidInput, NotAllowed, NotFound, PhaseBlocked
from playbook.storage.tables import AttackRecord, Case, EventRecord, Person, PhaseEntry, StepState

SYSTEM = "systeem"


def check_version(case: Case, expected_version: int | None) -> None:
    if expected_version is not None and case.version != expected_version:
        raise Conflict(
            f"Zaak {case.reference} is intussen door iemand anders gewijzigd (versie "
            f"{case.version}, u had versie {expected_version}). Uw wijziging is niet opgeslagen; "
            "bekijk de actuele stand en probeer het opnieuw."
        )


def _open_case_at(session: Session, intake: CaseIntake, municipality_code: str) -> Case | None:
    query = select(Case).where(
        Case.municipality_code == municipality_code,
        Case.postcode == intake.postcode,
        Case.house_number == intake.house_number,
        Case.house_suffix == intake.house_suffix,
    ).order_by(col(Case.id).desc())
    return session.exec(query).first()


def _next_reference(session: Session, municipality_code: str, year: int) -> str:
    prefix = f"{municipality_code}-{year}-"
    count = session.exec(
        select(func.count()).select_from(Case).where(col(Case.reference).startswith(prefix))
    ).one()
    return f"{prefix}{count + 1:04d}"


def _insert_numbered(session: Session, case: Case, year: int, attempts: int = 8) -> None:
    """Number the case per municipality and year; two officers registering at the same moment
    both succeed: the loser of the race retries in a savepoint with the next number."""
    for _ in range(attempts):
        case.reference = _next_reference(session, case.municipality_code, year)
        try:
            with session.begin_nested():
                session.add(case)
                session.flush()
            return
        except IntegrityError:
            continue
    raise Conflict("Er konden geen zaaknummers worden uitgegeven door drukte; probeer het opnieuw.")


def add_person(
    session: Session, case: Case, person: PersonIntake, actor: str, now: datetime
) -> Person:
    if person.birth_date is not None and person.birth_date > now.date():
        raise InvalidInput([f"geboortedatum: {person.name} is geboren in de toekomst"])
    values = person.model_dump()
    values["relation"] = person.relation.value if person.relation else None
    row = Person(case_id=case.id, created_at=now,  # type: ignore[arg-type]
                 shn_consent_at=now if person.shn_consent else None, **values)
    session.add(row)
    session.flush()
    touch(case, now)
    record(session, case, actor=actor, action="persoon-toegevoegd", at=now,
           subject=str(person.role), person=row,
           details={"zelfredzaam": person.self_reliant, "taal": person.language,
                    "toestemming_shn": person.shn_consent, "relatie": values["relation"],
                    "geboortedatum": person.birth_date.isoformat() if person.birth_date else None,
                    "leeftijd": person.age})
    if person.shn_consent:  # a consent record of its own (cases/referrals.py)
        from playbook.cases.referrals import consent_at_intake

        consent_at_intake(session, case, row, actor, now)
    return row


def create_case(
    *, session: Session, intake: CaseIntake, playbook: Playbook, actor: str, now: datetime,
    repeat_window_days: int = 365,
) -> tuple[Case, bool]:
    """Register an incident. Returns (case, created); a new attack on an address with an open
    or recently closed case is recorded on that case as a repeat instead."""
    code = playbook.municipality.cbs_code
    existing = _open_case_at(session, intake, code)
    if existing is not None:
        recent = existing.closed_at is None or existing.closed_at > now - timedelta(
            days=repeat_window_days
        )
        if recent and intake.incident_kind == IncidentKind.dreiging:
            if existing.phase != CLOSED:
                raise NotAllowed(
                    f"Op dit adres loopt al zaak {existing.reference}. Leg de nieuwe dreiging "
                    "daar vast in plaats van een tweede zaak te openen."
                )
        elif recent:
            report_attack(session=session, case=existing, occurred_at=intake.occurred_at,
                          kind=intake.incident_kind, actor=actor, now=now,
                          damage=intake.damage, injured=intake.injured,
                          residents_displaced=intake.residents_displaced)
            for person in intake.persons:
                add_person(session, existing, person, actor, now)
            return existing, False

    group = incident_for(session, intake, code, actor, now)
    snapshot = ensure_snapshot(session, playbook, now)
    first = playbook.ordered_phases[0].id
    threat_only = intake.incident_kind == IncidentKind.dreiging
    # An explosion without a prior threat enters where the machine sends an attack.
    phase = first if threat_only else machine.fire(playbook, first, machine.ATTACK, lambda: True)
    case = Case(
        reference="",
        municipality_code=code,
        street=intake.street, house_number=intake.house_number, house_suffix=intake.house_suffix,
        postcode=intake.postcode, city=intake.city,
        object_type=intake.object_type.value, incident_kind=intake.incident_kind.value,
        occurred_at=intake.occurred_at, incident_at=intake.occurred_at,
        damage=intake.damage, injured=intake.injured,
        publicly_accessible=intake.publicly_accessible,
        residents_displaced=False if threat_only else intake.displaced,
        vehicle_at_home=intake.vehicle_at_home, children=intake.household_children,
        tenure=intake.tenure.value if intake.tenure else None, mixed_use=intake.mixed_use,
        business_kind=intake.business_kind.value if intake.business_kind else None,
        public_building=intake.public_building, occupant_involved=intake.occupant_involved,
        earlier_attacks=intake.earlier_attacks, incident_id=group.id if group else None,
        phase=phase or first, round=1, attacks=0 if threat_only else 1,
        playbook_id=snapshot.id, created_at=now, updated_at=now,
    )
    _insert_numbered(session, case, now.year)
    if not threat_only:
        _record_attack(session, case, actor, now)
    session.add(PhaseEntry(case_id=case.id, round=1, phase=case.phase, trigger="aanmaken",  # type: ignore[arg-type]
                           actor=actor, at=now))
    record(session, case, actor=actor, action="zaak-aangemaakt", at=now, new=case.phase,
           details={"adres": intake.address, "draaiboek": snapshot.version,
                    "draaiboek_id": snapshot.id,
                    "incident": group.id if group else None,
                    **intake.model_dump(mode="json", exclude={"persons"})})
    for person in intake.persons:
        add_person(session, case, person, actor, now)
    return case, True


def _record_attack(session: Session, case: Case, actor: str, now: datetime) -> None:
    """Keep each attack's facts, so an earlier round keeps its own after a repeat."""
    session.add(AttackRecord(
        case_id=case.id, number=case.attacks, round=case.round,  # type: ignore[arg-type]
        occurred_at=case.incident_at, incident_kind=case.incident_kind, injured=case.injured,
        damage=case.damage, residents_displaced=case.residents_displaced, actor=actor,
        recorded_at=now))


def _enter(session: Session, case: Case, playbook: Playbook, target: str, trigger: str,
           actor: str, now: datetime, reason: str | None = None) -> None:
    old = case.phase
    case.phase = target
    case.closed_at = now if target == CLOSED else None
    session.add(PhaseEntry(case_id=case.id, round=case.round, phase=target, from_phase=old,  # type: ignore[arg-type]
                           trigger=trigger, actor=actor, at=now))
    record(session, case, actor=actor, action="fase-gewijzigd", at=now, subject=trigger,
           old=playbook.phase_title(old), new=playbook.phase_title(target), reason=reason)
    touch(case, now)


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
            [f"{i.step.title} [{i.step.id}], {i.step.partner}" for i in open_steps],
        )
    _enter(session, case, playbook, target, machine.ADVANCE, actor, now)
    return case


def _set_state(session: Session, case: Case, step_id: str, status: StepStatus,
               reason: str | None, actor: str, now: datetime) -> tuple[str, StepState]:
    row = session.exec(select(StepState).where(
        StepState.case_id == case.id, StepState.round == case.round, StepState.step_id == step_id
    )).first()
    old = row.status if row else StepStatus.open.value
    if row is None:
        row = StepState(case_id=case.id, round=case.round, step_id=step_id,  # type: ignore[arg-type]
                        status=status.value, reason=reason, actor=actor, at=now)
    else:
        row.status, row.reason, row.actor, row.at = status.value, reason, actor, now
    session.add(row)
    return old, row


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
    snap = snapshots_of(session, [case], {step_id})[case.id]  # type: ignore[index]  # this step's row only
    item = next(
        i for i in checklist.phase_items(playbook, snap, phase.id, now) if i.step.id == step_id
    )
    if item.status == StepStatus.not_applicable:
        raise NotAllowed(f"Stap '{step.title}' is niet van toepassing op deze zaak.")
    if item.status == status:
        raise NotAllowed(f"Stap '{step.title}' staat al op '{status.value}'.")
    _apply(session, case, phase.id, step_id, status, reason, actor, now)
    return case


def _apply(
    session: Session,
    case: Case,
    phase_id: str,
    step_id: str,
    status: StepStatus,
    reason: str | None,
    actor: str,
    now: datetime,
    details: dict[str, object] | None = None,
) -> None:
    old, _ = _set_state(session, case, step_id, status, reason, actor, now)
    record(session, case, actor=actor, action="stap-gewijzigd", at=now, subject=step_id,
           old=old, new=status.value, reason=reason,
           details={"ronde": case.round, "fase": phase_id, **(details or {})})
    touch(case, now)


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
    session.add(EventRecord(case_id=case.id, round=case.round, event=event.value,  # type: ignore[arg-type]
                            actor=actor, at=now, because=because))
    if snap is None:
        return []
    done = []
    for phase, step in declared:
        items = checklist.phase_items(playbook, snap, phase.id, now)
        if next(i for i in items if i.step.id == step.id).status != StepStatus.open:
            continue
        _apply(session, case, phase.id, step.id, StepStatus.done, None, actor, now,
               {"door": because, "gebeurtenis": event.value})
        done.append(step.id)
    return done


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
        for item in checklist.phase_items(playbook, snapshot_of(session, case), case.phase, now):
            if item.status == StepStatus.open:
                why = f"Niet afgerond: fase verlaten door aanslag van {occurred_at.isoformat()}"
                _apply(
                    session, case, case.phase, item.step.id, StepStatus.skipped, why, SYSTEM, now
                )
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
    _record_attack(session, case, actor, now)
    record(session, case, actor=actor, action="aanslag-gemeld", at=now, old=old_kind,
           new=kind.value, details={"tijdstip": occurred_at.isoformat(), "herhaling": repeat,
                                    "ronde": case.round, "aantal_aanslagen": case.attacks})
    _enter(session, case, playbook, target, machine.ATTACK, actor, now,
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
    if playbook.fingerprint() == case.playbook_id:
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


def record_consent(*, session: Session, reference: str, person_id: int, actor: str,
                   now: datetime) -> Person:
    """Oral consent, given now, to refer a person to Slachtofferhulp Nederland. The record
    itself (who, when, how, purpose) lives in cases/referrals.py."""
    from playbook.cases.referrals import record_consent as record_full

    case = get_case(session, reference)
    person = session.get(Person, person_id)
    if person is None or person.case_id != case.id:
        raise NotFound(f"Persoon {person_id} hoort niet bij zaak {case.reference}.")
    record_full(session=session, reference=reference, person_id=person_id, given_by=person.name,
                given_at=now, method="mondeling", covers_contact=True, actor=actor, now=now)
    return person
