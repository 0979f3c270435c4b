"""Reading cases and their pinned playbook from the database."""

import json
from datetime import date, datetime, time, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import object_session
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, col, select

from playbook.config import USER_TZ
from playbook.definition.enums import (
    BusinessKind,
    DueAnchor,
    IncidentKind,
    ObjectType,
    StepStatus,
    Tenure,
)
from playbook.definition.events import Event
from playbook.definition.models import Playbook
from playbook.engine.snapshot import CaseFacts, CaseSnapshot, StepRecord
from playbook.errors import NotAllowed, NotFound
from playbook.storage.tables import (
    AttackRecord,
    Case,
    CaseMoment,
    Decision,
    EventRecord,
    Person,
    PhaseEntry,
    PlaybookSnapshot,
    StepState,
)
from playbook.storage.types import id_of

# Actor of a step row that the read model created to fix the step's due time when it opened.
OPENED_BY = "systeem"


def get_case(session: Session, reference: str) -> Case:
    case = session.exec(select(Case).where(Case.reference == reference.strip().upper())).first()
    # An adapter acting for one account limits the session (users/scope.py): a case of a
    # municipality it may not read answers exactly like a missing one.
    visible = session.info.get("visible_municipalities")
    if case is None or (visible is not None and case.municipality_code not in visible):
        raise NotFound(f"Zaak '{reference}' bestaat niet. Controleer het zaaknummer.")
    return case


def touch(case: Case, now: datetime) -> None:
    """Every change to a case or its children bumps the case version (optimistic locking),
    even when the clock has not moved since the last change."""
    session = object_session(case)
    own = session.info.get("own_municipality") if session is not None else None
    if own is not None and case.municipality_code != own:  # see users/scope.py: read-only
        raise NotAllowed("U kunt zaken van een andere gemeente alleen inzien; er is niets "
                         "opgeslagen.")
    case.updated_at = now
    flag_modified(case, "updated_at")


def ensure_snapshot(session: Session, playbook: Playbook, now: datetime) -> PlaybookSnapshot:
    fingerprint = playbook.fingerprint()
    snapshot = session.get(PlaybookSnapshot, fingerprint)
    if snapshot is not None:
        return snapshot
    snapshot = PlaybookSnapshot(
        id=fingerprint, version=playbook.version, title=playbook.title,
        content=playbook.canonical_json(), created_at=now,
    )
    try:
        with session.begin_nested():  # another session may be pinning the same version now
            session.add(snapshot)
            session.flush()
    except IntegrityError:
        existing = session.get(PlaybookSnapshot, fingerprint)
        if existing is None:  # the collision was not this fingerprint: a real error
            raise
        return existing
    return snapshot


# Snapshots are content-addressed: a fingerprint always means the same definition, so a
# process-wide cache can never go stale, and spares loading the 25 KB row per request.
_PINNED: dict[str, Playbook] = {}


def pinned_playbook(session: Session, case: Case) -> Playbook:
    cached = _PINNED.get(case.playbook_id)
    if cached is not None:
        return cached
    snapshot = session.get(PlaybookSnapshot, case.playbook_id)
    if snapshot is None:
        raise NotFound(
            f"Draaiboekversie {case.playbook_id[:12]} van zaak {case.reference} ontbreekt."
        )
    return _PINNED.setdefault(snapshot.id, Playbook.model_validate(json.loads(snapshot.content)))


def facts_of(case: Case, not_self_reliant: bool, children: bool = False,
             attack: AttackRecord | None = None) -> CaseFacts:
    """The facts steps apply on; `attack` gives an earlier round its own incident facts."""
    attacks = case.earlier_attacks + (attack.number if attack else case.attacks)
    return CaseFacts(
        object_type=ObjectType(case.object_type),
        incident_kind=IncidentKind(attack.incident_kind if attack else case.incident_kind),
        repeat=attacks >= 2,
        attacks=attacks,
        closure=case.closure,
        not_self_reliant=not_self_reliant,
        injured=(attack.injured if attack else case.injured) > 0,
        publicly_accessible=case.publicly_accessible,
        residents_displaced=(attack.residents_displaced if attack else case.residents_displaced),
        vehicle_at_home=case.vehicle_at_home,
        children=case.children or children,
        tenure=Tenure(case.tenure) if case.tenure else None,
        mixed_use=case.mixed_use,
        business_kind=BusinessKind(case.business_kind) if case.business_kind else None,
        public_building=case.public_building,
        occupant_involved=case.occupant_involved,
    )


def _local_start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=USER_TZ)


def decision_anchors(session: Session, cases: list[Case]) -> dict[int, dict[DueAnchor, datetime]]:
    """Due anchors that come from the closure decision, per case id: when the closure starts,
    when it ends (after extensions, or earlier when lifted) and the day it was made known.
    The one place that reads decision data for the engine; one query for many cases."""
    ids = [c.id for c in cases if c.id is not None and c.closure]
    result: dict[int, dict[DueAnchor, datetime]] = {}
    if not ids:
        return result
    by_case: dict[int, list[Decision]] = {}
    for decision in session.exec(select(Decision).where(
            col(Decision.case_id).in_(ids), col(Decision.status).in_(("genomen", "bekendgemaakt"))
    ).order_by(col(Decision.id))):
        by_case.setdefault(decision.case_id, []).append(decision)
    for case_id, decisions in by_case.items():
        closures = [d for d in decisions if d.kind == "sluiting"]
        if not closures:
            continue
        closure = closures[-1]
        anchors: dict[DueAnchor, datetime] = {}
        if closure.start_date:  # at its stated hour (ECLI:NL:RBOVE:2025:5638)
            anchors[DueAnchor.closure_start] = datetime.combine(
                closure.start_date, closure.start_time or time(0, 0), tzinfo=USER_TZ)
        if closure.made_known_on:
            anchors[DueAnchor.made_known] = _local_start(closure.made_known_on)
        end: date | None = None
        if closure.start_date and closure.duration_days:
            end = closure.start_date + timedelta(days=closure.duration_days)  # first day open
        for follow in decisions:
            if (follow.id or 0) < (closure.id or 0):
                continue
            if follow.kind == "verlenging" and follow.start_date and follow.duration_days:
                end = follow.start_date + timedelta(days=follow.duration_days)
            elif follow.kind == "opheffing" and follow.start_date:
                end = follow.start_date
        if end is not None:
            anchors[DueAnchor.closure_end] = _local_start(end)
        result[case_id] = anchors
    return result


def _cases_with_minors(session: Session, cases: list[Case]) -> set[int]:
    """Cases whose household has a minor on the day of the (latest) incident: children are
    persons with a birth date or an age, as the decision rules read them (issue 7)."""
    from playbook.decisions.household import ADULT_AGE, RESIDING, age_on

    day = {c.id: c.incident_at.astimezone(USER_TZ).date() for c in cases}
    found = set()
    for case_id, birth, age in session.exec(select(col(Person.case_id), col(Person.birth_date),
                                                   col(Person.age))
                                            .where(col(Person.case_id).in_(list(day)),
                                                   col(Person.relation).in_(list(RESIDING)))):
        years = age_on(birth, age, day[case_id])
        if years is not None and years < ADULT_AGE:
            found.add(case_id)
    return found


def snapshots_of(session: Session, cases: list[Case],
                 step_ids: set[str] | None = None) -> dict[int, CaseSnapshot]:
    """Engine input for many cases in a few column queries (lists and overviews); plain
    tuples instead of ORM objects, since lists of open cases read tens of thousands of rows.
    `step_ids`: read only these steps' rows of the current round (one step changes)."""
    ids = [c.id for c in cases if c.id is not None]
    dues: dict[int, dict[tuple[int, str], datetime]] = {i: {} for i in ids}
    dependent: set[int] = set()
    with_children: set[int] = set()
    states: dict[int, dict[tuple[int, str], StepRecord]] = {i: {} for i in ids}
    entered: dict[int, dict[tuple[int, str], datetime]] = {i: {} for i in ids}
    attacks: dict[int, dict[int, AttackRecord]] = {i: {} for i in ids}
    moments: dict[int, dict[str, datetime]] = {i: {} for i in ids}
    happened: dict[int, dict[tuple[int, str], StepRecord]] = {i: {} for i in ids}
    if ids:
        dependent = set(session.exec(select(Person.case_id).where(
            col(Person.case_id).in_(ids), col(Person.self_reliant).is_(False))).all())
        with_children = set(session.exec(select(Person.case_id).where(
            col(Person.case_id).in_(ids), col(Person.children) > 0)).all())
        with_children |= _cases_with_minors(session, cases)
        # sqlmodel's select() is typed for at most four columns; it takes any number.
        query = select(  # type: ignore[call-overload]
            StepState.case_id, StepState.round, StepState.step_id, StepState.status,
            StepState.actor, StepState.at, StepState.reason, StepState.due_at,
        ).where(col(StepState.case_id).in_(ids))
        if step_ids is not None:
            query = query.where(col(StepState.step_id).in_(step_ids),
                                StepState.round == cases[0].round)
        for case_id, round_, step_id, status, actor, at, reason, due in session.exec(query):
            if due is not None:
                dues[case_id][(round_, step_id)] = due
            if status == StepStatus.open and actor == OPENED_BY and due is not None:
                continue  # only opened (due time fixed) by the read model, never touched
            states[case_id][(round_, step_id)] = StepRecord(StepStatus(status), actor, at, reason)
        entries = (
            select(PhaseEntry.case_id, PhaseEntry.round, PhaseEntry.phase, PhaseEntry.at)
            .where(col(PhaseEntry.case_id).in_(ids))
            .order_by(col(PhaseEntry.id))
        )
        for case_id, round_, phase, at in session.exec(entries):
            entered[case_id][(round_, phase)] = at
        for attack in session.exec(select(AttackRecord).where(
                col(AttackRecord.case_id).in_(ids)).order_by(col(AttackRecord.number))):
            attacks[attack.case_id][attack.round] = attack  # the last attack of each round
        for case_id, anchor, at in session.exec(select(
                CaseMoment.case_id, CaseMoment.anchor, CaseMoment.at).where(
                col(CaseMoment.case_id).in_(ids))):
            moments[case_id][anchor] = at
        # sqlmodel's select() is typed for at most four columns; it takes any number.
        events = select(  # type: ignore[call-overload]
            EventRecord.case_id, EventRecord.round, EventRecord.event, EventRecord.actor,
            EventRecord.at, EventRecord.because).where(col(EventRecord.case_id).in_(ids)
            ).order_by(col(EventRecord.id))
        for case_id, round_, event, actor, at, because in session.exec(events):
            happened[case_id].setdefault((round_, event), StepRecord(
                StepStatus.done, actor, at, f"door {Event(event).label}: {because}"))
    from_decisions = decision_anchors(session, cases)
    result = {}
    for c in cases:
        if c.id is None:
            continue
        dep, kids = c.id in dependent, c.id in with_children
        anchors: dict[str, datetime] = {**moments[c.id]}
        anchors.update(from_decisions.get(c.id, {}).items())
        result[c.id] = CaseSnapshot(
            phase=c.phase, round=c.round, incident_at=c.incident_at,
            facts=facts_of(c, dep, kids), records=states[c.id], entered=entered[c.id],
            round_facts={r: facts_of(c, dep, kids, a) for r, a in attacks[c.id].items()
                         if r != c.round},
            round_incident_at={r: a.occurred_at for r, a in attacks[c.id].items()},
            anchors=anchors, happened=happened[c.id], dues=dues[c.id],
        )
    return result


def snapshot_of(session: Session, case: Case) -> CaseSnapshot:
    return snapshots_of(session, [case])[id_of(case)]
