"""Apply retention: pseudonymise the people of cases closed longer ago than the period allows,
remove their names from the case's free text, delete old sign-in sessions. Audited; a dry run
lists what would change and writes nothing."""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import Session, and_, col, delete, or_, select

from playbook.cases.audit import REDACTABLE, record, redact
from playbook.cases.repository import touch
from playbook.decisions.measures import outside_names
from playbook.retention.personal import FREE_TEXT, pseudonymise, scrub
from playbook.retention.policy import RetentionPolicy
from playbook.storage.tables import (
    AuditEvent,
    Case,
    Decision,
    LoginThrottle,
    Person,
    RetentionMark,
    WebSession,
)

KIND = "persoonsgegevens"


@dataclass
class CaseChange:
    reference: str
    closed_at: datetime
    persons: int


@dataclass
class Report:
    dry_run: bool
    cases: list[CaseChange] = field(default_factory=list)
    sessions: int = 0

    @property
    def persons(self) -> int:
        return sum(c.persons for c in self.cases)


def _years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def due(session: Session, now: datetime, policy: RetentionPolicy,
        per_municipality: Mapping[str, RetentionPolicy] | None = None) -> list[Case]:
    """Closed cases past the persons' retention period that have not been pseudonymised yet.
    Each municipality's own period applies to its cases (`per_municipality`); `policy` to the
    rest."""
    done = select(RetentionMark.case_id).where(RetentionMark.kind == KIND)
    own = per_municipality or {}
    periods: list[tuple[ColumnElement[bool], RetentionPolicy]] = [
        (col(Case.municipality_code).not_in(sorted(own)), policy),
        *((col(Case.municipality_code) == code, p) for code, p in sorted(own.items()))]
    return list(session.exec(select(Case).where(
        col(Case.closed_at).is_not(None),
        or_(*(and_(where, col(Case.closed_at) <= _years_before(now, p.persons_years))
              for where, p in periods)),
        col(Case.id).not_in(done)).order_by(col(Case.id))))


def _rows_of(session: Session, table: Any, case: Case) -> list[Any]:
    """The rows of `table` that belong to `case`, directly or through one of its decisions."""
    if table is Case:
        return [case]
    if hasattr(table, "case_id"):
        return list(session.exec(select(table).where(table.case_id == case.id)).all())
    return list(session.exec(select(table).join(Decision, table.decision_id == Decision.id)
                             .where(Decision.case_id == case.id)).all())


def _scrub_case(session: Session, case: Case, names: list[str]) -> None:
    for column in FREE_TEXT:
        for row in _rows_of(session, column.table, case):
            value = getattr(row, column.name)
            cleaned = scrub(value, names)
            if cleaned != value:
                setattr(row, column.name, cleaned)
                session.add(row)


def _redact_audit(session: Session, case: Case, names: list[str]) -> int:
    """Remove audit values of this case that mention a name (typed into a reason, say). The
    chain keeps each removed value's digest, so `audit verifieer` still passes."""
    removed = 0
    for event in session.exec(select(AuditEvent).where(AuditEvent.case_id == case.id)):
        for name in REDACTABLE:
            value = getattr(event, name)
            text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
            if text and any(n and n in text for n in names):
                redact(event, name)
                removed += 1
        if event.redacted:
            session.add(event)
    return removed


def apply(*, session: Session, now: datetime, actor: str, policy: RetentionPolicy,
          dry_run: bool = False,
          per_municipality: Mapping[str, RetentionPolicy] | None = None) -> Report:
    report = Report(dry_run=dry_run)
    for case in due(session, now, policy, per_municipality):
        years = (per_municipality or {}).get(case.municipality_code, policy).persons_years
        persons = list(session.exec(select(Person).where(Person.case_id == case.id)))
        report.cases.append(CaseChange(case.reference, case.closed_at, len(persons)))  # type: ignore[arg-type]
        if dry_run:
            continue
        # A gebiedsverbod may name someone who is no person of the case (issue 13).
        names = [p.name for p in persons] + outside_names(session, case)
        touch(case, now)  # a new version: nothing kept of the case's old rows is used again
        for person in persons:
            pseudonymise(person)
            session.add(person)
        _scrub_case(session, case, names)
        _redact_audit(session, case, names)
        session.add(RetentionMark(case_id=case.id, kind=KIND, applied_at=now, actor=actor))  # type: ignore[arg-type]
        record(session, case, actor=actor, action="persoonsgegevens-gepseudonimiseerd", at=now,
               reason=f"bewaartermijn van {years} jaar na sluiten verstreken",
               details={"personen": len(persons)})
    old = now - timedelta(days=policy.sessions_days)
    stale = select(WebSession).where(col(WebSession.last_seen_at) < old)
    report.sessions = len(session.exec(stale).all())
    if not dry_run:
        session.exec(delete(WebSession).where(col(WebSession.last_seen_at) < old))
        session.exec(delete(LoginThrottle).where(
            col(LoginThrottle.window_start) < old,
            col(LoginThrottle.locked_until).is_(None) | (col(LoginThrottle.locked_until) < now)))
        record(session, None, actor=actor, action="bewaartermijnen-toegepast", at=now,
               details={"zaken": [c.reference for c in report.cases],
                        "personen": report.persons, "sessies_verwijderd": report.sessions,
                        "personen_jaren": policy.persons_years,
                        "sessies_dagen": policy.sessions_days})
    return report
