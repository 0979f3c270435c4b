"""Reading cases and their pinned playbook from the database."""

import json
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, col, select

from playbook.definition.enums import IncidentKind, ObjectType, StepStatus
from playbook.definition.models import Playbook
from playbook.engine.snapshot import CaseFacts, CaseSnapshot, StepRecord
from playbook.errors import NotFound
from playbook.storage.tables import Case, Person, PhaseEntry, PlaybookSnapshot, StepState


def get_case(session: Session, reference: str) -> Case:
    case = session.exec(select(Case).where(Case.reference == reference.strip().upper())).first()
    if case is None:
        raise NotFound(f"Zaak '{reference}' bestaat niet. Controleer het zaaknummer.")
    return case


def touch(case: Case, now: datetime) -> None:
    """Every change to a case or its children bumps the case version (optimistic locking),
    even when the clock has not moved since the last change."""
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
        snapshot = session.get(PlaybookSnapshot, fingerprint)  # type: ignore[assignment]
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
        raise NotFound(f"Draaiboekversie {case.playbook_id[:12]} van zaak {case.reference} ontbreekt.")
    return _PINNED.setdefault(snapshot.id, Playbook.model_validate(json.loads(snapshot.content)))


def facts_of(case: Case, not_self_reliant: bool) -> CaseFacts:
    return CaseFacts(
        object_type=ObjectType(case.object_type),
        incident_kind=IncidentKind(case.incident_kind),
        repeat=case.attacks >= 2,
        closure=case.closure,
        not_self_reliant=not_self_reliant,
        injured=case.injured > 0,
        publicly_accessible=case.publicly_accessible,
    )


def snapshots_of(session: Session, cases: list[Case]) -> dict[int, CaseSnapshot]:
    """Engine input for many cases in three column queries (lists and overviews); plain
    tuples instead of ORM objects, since lists of open cases read tens of thousands of rows."""
    ids = [c.id for c in cases if c.id is not None]
    dependent: set[int] = set()
    states: dict[int, dict[tuple[int, str], StepRecord]] = {i: {} for i in ids}
    entered: dict[int, dict[tuple[int, str], datetime]] = {i: {} for i in ids}
    if ids:
        dependent = set(session.exec(select(Person.case_id).where(
            col(Person.case_id).in_(ids), col(Person.self_reliant).is_(False))).all())
        rows = session.exec(select(StepState.case_id, StepState.round, StepState.step_id,
                                   StepState.status, StepState.actor, StepState.at,
                                   StepState.reason).where(col(StepState.case_id).in_(ids)))
        for case_id, round_, step_id, status, actor, at, reason in rows:
            states[case_id][(round_, step_id)] = StepRecord(StepStatus(status), actor, at, reason)
        entries = select(PhaseEntry.case_id, PhaseEntry.round, PhaseEntry.phase, PhaseEntry.at).where(
            col(PhaseEntry.case_id).in_(ids)).order_by(col(PhaseEntry.id))
        for case_id, round_, phase, at in session.exec(entries):
            entered[case_id][(round_, phase)] = at
    return {
        c.id: CaseSnapshot(
            phase=c.phase, round=c.round, incident_at=c.incident_at,
            facts=facts_of(c, c.id in dependent), records=states[c.id], entered=entered[c.id],
        )
        for c in cases
        if c.id is not None
    }


def snapshot_of(session: Session, case: Case) -> CaseSnapshot:
    return snapshots_of(session, [case])[case.id]  # type: ignore[index]
