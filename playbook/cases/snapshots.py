"""The engine's snapshot of cases, read from the database (plain column rows, few queries).
A single case's tables are read through `kept_rows`, which keeps them for the transaction and,
per case version, for the process.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from playbook.cases.kept_rows import FIELDS, MOMENT_FIELDS, OPENED_BY, rows
from playbook.cases.kept_versions import seed
from playbook.cases.prefetch import prefetch
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
from playbook.engine.snapshot import CaseFacts, CaseSnapshot, StepRecord
from playbook.storage.tables import (
    AttackRecord,
    Case,
    CaseMoment,
    Decision,
    EventRecord,
    Person,
    PhaseEntry,
    StepState,
)
from playbook.storage.types import id_of

__all__ = ["OPENED_BY", "decision_anchors", "decisions_of", "facts_of", "persons_of",
           "snapshot_of", "snapshots_of"]


def facts_of(case: Case, not_self_reliant: bool, children: bool = False,
             attack: Any = None) -> CaseFacts:
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


def _start_rows(session: Session, cases: list[Case]) -> None:
    """One case's rows for this transaction: those kept at the version it read, else (a cold
    case) its tables in one statement, decisions looked for with them (cases/prefetch.py)."""
    seed(session, cases)
    if len(cases) == 1:
        prefetch(session, id_of(cases[0]))


def decisions_of(session: Session, cases: list[Case]) -> dict[int, list[Decision]]:
    """Every decision of these cases, oldest first (kept for one case, see the docstring)."""
    ids = [c.id for c in cases if c.id is not None]
    if not ids:
        return {}
    _start_rows(session, cases)
    return rows(session, "besluit", ids, lambda: select(Decision).where(
        col(Decision.case_id).in_(ids)).order_by(col(Decision.id)))


def decision_anchors(session: Session, cases: list[Case]) -> dict[int, dict[DueAnchor, datetime]]:
    """Due anchors that come from the closure decision, per case id: when the closure starts,
    when it ends (after extensions, or earlier when lifted) and the day it was made known.
    The one place that reads decision data for the engine; one query for many cases."""
    result: dict[int, dict[DueAnchor, datetime]] = {}
    with_closure = [c for c in cases if c.id is not None and c.closure]
    for case_id, every in decisions_of(session, with_closure).items():
        decisions = [d for d in every if d.status in ("genomen", "bekendgemaakt")]
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
        lifted_at = time(0, 0)
        if closure.start_date and closure.duration_days:
            end = closure.start_date + timedelta(days=closure.duration_days)  # first day open
        for follow in decisions:
            if (follow.id or 0) < (closure.id or 0):
                continue
            if follow.kind == "verlenging" and follow.start_date and follow.duration_days:
                end = follow.start_date + timedelta(days=follow.duration_days)
                lifted_at = time(0, 0)
            elif follow.kind == "opheffing" and follow.start_date:
                end = follow.start_date
                lifted_at = follow.start_time or time(0, 0)  # the hour taken, if that day
        if end is not None:
            anchors[DueAnchor.closure_end] = datetime.combine(end, lifted_at, tzinfo=USER_TZ)
        result[case_id] = anchors
    return result


def persons_of(session: Session, ids: list[int]) -> dict[int, list[Any]]:
    """(case_id, name, self_reliant, children, birth_date, age, relation) per case."""
    # sqlmodel's select() is typed for at most four columns; it takes any number.
    return rows(session, "persoon", ids, lambda: select(  # type: ignore[call-overload]
        Person.case_id, Person.name, Person.self_reliant, Person.children, Person.birth_date,
        Person.age, Person.relation).where(col(Person.case_id).in_(ids)))


def _household(case: Case, persons: list[Any]) -> tuple[bool, bool]:
    """(someone not self-reliant, children in the household): children are persons with a
    birth date or an age making them minors on the day of the (latest) incident, as the
    decision rules read them (issue 7), or a person recording children."""
    from playbook.decisions.household import ADULT_AGE, RESIDING, age_on

    day = case.incident_at.astimezone(USER_TZ).date()
    dependent = kids = False
    for _case_id, _name, self_reliant, children, birth, age, relation in persons:
        dependent = dependent or (self_reliant is not None and not self_reliant)
        kids = kids or (children or 0) > 0
        if relation in RESIDING and not kids:
            years = age_on(birth, age, day)
            kids = years is not None and years < ADULT_AGE
    return dependent, kids


def snapshots_of(session: Session, cases: list[Case]) -> dict[int, CaseSnapshot]:
    """Engine input for many cases in a few column queries (lists and overviews); plain
    tuples instead of ORM objects, since lists of open cases read tens of thousands of rows."""
    ids = [c.id for c in cases if c.id is not None]
    if not ids:
        return {}
    if session.autoflush and len(ids) == 1:
        session.flush()  # a cached table must see what a query would autoflush first
    _start_rows(session, cases)
    people = persons_of(session, ids)
    steps = rows(session, "stap", ids, lambda: select(  # type: ignore[call-overload]
        StepState.case_id, StepState.round, StepState.step_id, StepState.status,
        StepState.actor, StepState.at, StepState.reason, StepState.due_at,
    ).where(col(StepState.case_id).in_(ids)))
    entries = rows(session, "fase", ids, lambda: select(
        PhaseEntry.case_id, PhaseEntry.round, PhaseEntry.phase, PhaseEntry.at)
        .where(col(PhaseEntry.case_id).in_(ids)).order_by(col(PhaseEntry.id)))
    attacks = rows(session, "aanslag", ids, lambda: select(
        *(getattr(AttackRecord, f) for f in FIELDS["aanslag"])).where(
        col(AttackRecord.case_id).in_(ids)).order_by(col(AttackRecord.number)))
    moments = rows(session, "moment", ids, lambda: select(
        *(getattr(CaseMoment, f) for f in MOMENT_FIELDS)).where(
        col(CaseMoment.case_id).in_(ids)))
    events = rows(session, "gebeurtenis", ids, lambda: select(  # type: ignore[call-overload]
        EventRecord.case_id, EventRecord.round, EventRecord.event, EventRecord.actor,
        EventRecord.at, EventRecord.because).where(col(EventRecord.case_id).in_(ids)
        ).order_by(col(EventRecord.id)))
    from_decisions = decision_anchors(session, cases)
    from playbook.decisions.measures_ends import measure_anchors  # decisions import cases

    from_measures = measure_anchors(session, cases)  # measures still running hold the case
    result = {}
    for c in cases:
        if c.id is None:
            continue
        dues: dict[tuple[int, str], datetime] = {}
        states: dict[tuple[int, str], StepRecord] = {}
        for _id, round_, step_id, status, actor, at, reason, due in steps[c.id]:
            if due is not None:
                dues[(round_, step_id)] = due
            if status == StepStatus.open and actor == OPENED_BY and due is not None:
                continue  # only opened (due time fixed) by the read model, never touched
            states[(round_, step_id)] = StepRecord(StepStatus(status), actor, at, reason)
        happened: dict[tuple[int, str], StepRecord] = {}
        for _id, round_, event_, actor, at, because in events[c.id]:
            happened.setdefault((round_, event_), StepRecord(
                StepStatus.done, actor, at, f"door {Event(event_).label}: {because}"))
        by_round = {a.round: a for a in attacks[c.id]}  # the last attack of each round
        dep, kids = _household(c, people[c.id])
        anchors: dict[str, datetime] = {anchor: at for _id, anchor, at in moments[c.id]}
        anchors.update(from_decisions.get(c.id, {}).items())
        anchors.update(from_measures.get(c.id, {}))
        result[c.id] = CaseSnapshot(
            phase=c.phase, round=c.round, incident_at=c.incident_at,
            facts=facts_of(c, dep, kids), records=states,
            entered={(r, p): at for _id, r, p, at in entries[c.id]},
            round_facts={r: facts_of(c, dep, kids, a) for r, a in by_round.items()
                         if r != c.round},
            round_incident_at={r: a.occurred_at for r, a in by_round.items()},
            anchors=anchors, happened=happened, dues=dues,
        )
    return result


def snapshot_of(session: Session, case: Case) -> CaseSnapshot:
    return snapshots_of(session, [case])[id_of(case)]
