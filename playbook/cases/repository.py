"""Reading cases and their pinned playbook from the database. The engine's snapshot of a case
is read in cases/snapshots.py (re-exported here for callers)."""

import json
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import object_session
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session

from playbook.cases.kept_rows import WRITTEN_KEY
from playbook.cases.kept_versions import kept_version
from playbook.cases.prefetch import case_statement, keep_found
from playbook.cases.snapshots import (
    OPENED_BY,
    decision_anchors,
    facts_of,
    snapshot_of,
    snapshots_of,
)
from playbook.definition.models import Playbook
from playbook.errors import Conflict, NotAllowed, NotFound
from playbook.storage.tables import Case, PlaybookSnapshot
from playbook.storage.types import id_of

__all__ = ["OPENED_BY", "check_version", "decision_anchors", "ensure_snapshot", "facts_of",
           "get_case", "pinned_playbook", "snapshot_of", "snapshots_of", "touch"]


def check_version(case: Case, expected_version: int | None) -> None:
    if expected_version is not None and case.version != expected_version:
        raise Conflict(
            f"Zaak {case.reference} is intussen door iemand anders gewijzigd (versie "
            f"{case.version}, u had versie {expected_version}). Uw wijziging is niet opgeslagen; "
            "bekijk de actuele stand en probeer het opnieuw."
        )


def get_case(session: Session, reference: str) -> Case:
    """The case with this reference, its rows in the same statement unless this process keeps
    them at the case's version (cases/prefetch.py)."""
    wanted = reference.strip().upper()
    kept = kept_version(session, wanted)
    statement = case_statement(session.get_bind().dialect.name)
    found = session.execute(statement, {"reference": wanted,
                                        "kept": -1 if kept is None else kept}).first()
    case: Case | None = found[0] if found is not None else None
    # An adapter acting for one account limits the session (users/scope.py): a case of a
    # municipality it may not read answers exactly like a missing one.
    visible = session.info.get("visible_municipalities")
    if case is None or (visible is not None and case.municipality_code not in visible):
        raise NotFound(f"Zaak '{reference}' bestaat niet. Controleer het zaaknummer.")
    if found is not None and case.version != kept:  # else the statement skipped the rows
        keep_found(session, id_of(case), found._mapping)
    return case


def touch(case: Case, now: datetime) -> None:
    """Every change to a case or its children bumps the case version (optimistic locking),
    even when the clock has not moved since the last change."""
    session = object_session(case)
    own = session.info.get("own_municipality") if session is not None else None
    if own is not None and case.municipality_code != own:  # see users/scope.py: read-only
        raise NotAllowed("U kunt zaken van een andere gemeente alleen inzien; er is niets "
                         "opgeslagen.")
    written = session.info.get(WRITTEN_KEY, ()) if session is not None else ()
    if case.updated_at == now and case.id in written:
        return  # version bumped once in this transaction already: one UPDATE, not one per step
    case.updated_at = now
    flag_modified(case, "updated_at")


def ensure_snapshot(session: Session, playbook: Playbook, now: datetime) -> PlaybookSnapshot:
    fingerprint = playbook.fingerprint
    snapshot = session.get(PlaybookSnapshot, fingerprint)
    if snapshot is not None:
        return snapshot
    snapshot = PlaybookSnapshot(
        id=fingerprint, version=playbook.version, title=playbook.title,
        content=playbook.canonical_json, created_at=now,
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


