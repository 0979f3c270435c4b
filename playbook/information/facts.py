"""Facts of one round (attack) that decide the legal ground: conduct in or from the premises,
a weapon found, and the threat assessment. Append-only; the latest record of a round wins."""

from datetime import date, datetime

from sqlmodel import Session, col, select

from playbook.cases.audit import record
from playbook.cases.repository import get_case, touch
from playbook.cases.service import emit
from playbook.config import USER_TZ
from playbook.definition.events import Event
from playbook.errors import InvalidInput
from playbook.storage.tables import Case, RoundFacts, ThreatAssessment
from playbook.storage.types import id_of


def record_round_facts(
    *,
    session: Session,
    reference: str,
    conduct_in_premises: bool,
    weapon_found: bool,
    actor: str,
    now: datetime,
    conduct_description: str | None = None,
) -> RoundFacts:
    """Record what happened in or from the premises in the current round (174a lid 1 a/c)."""
    case = get_case(session, reference)
    description = (conduct_description or "").strip() or None
    if conduct_in_premises and (description is None or len(description) < 10):
        raise InvalidInput(
            [
                "gedragingen: beschrijf welke gedragingen in of vanuit het pand "
                "zijn vastgesteld en door wie"
            ]
        )
    row = RoundFacts(
        case_id=id_of(case),
        round=case.round,
        conduct_in_premises=conduct_in_premises,
        conduct_description=description,
        weapon_found=weapon_found,
        actor=actor,
        at=now,
    )
    session.add(row)
    record(
        session,
        case,
        actor=actor,
        action="rondefeiten-vastgelegd",
        at=now,
        subject=f"ronde {case.round}",
        new=f"gedragingen in/vanuit pand: {'ja' if conduct_in_premises else 'nee'}; "
        f"wapen aangetroffen: {'ja' if weapon_found else 'nee'}",
        reason=description,
    )
    touch(case, now)
    return row


def record_threat_assessment(
    *,
    session: Session,
    reference: str,
    assessed_on: date,
    assessment: str,
    actor: str,
    now: datetime,
    source: str = "politie",
) -> ThreatAssessment:
    """A (police) assessment of the threat in the current round; needed for ground b and,
    dated after the decision it extends, for every extension (ECLI:NL:RBMNE:2025:1759)."""
    case = get_case(session, reference)
    if len(assessment.strip()) < 20:
        raise InvalidInput(["inschatting: beschrijf de dreiging en de kans op herhaling"])
    if assessed_on > now.astimezone(USER_TZ).date():
        raise InvalidInput(["datum inschatting: ligt in de toekomst"])
    row = ThreatAssessment(
        case_id=id_of(case),
        round=case.round,
        assessed_on=assessed_on,
        source=source.strip() or "politie",
        assessment=assessment.strip(),
        actor=actor,
        at=now,
    )
    session.add(row)
    record(
        session,
        case,
        actor=actor,
        action="dreiging-beoordeeld",
        at=now,
        subject=f"ronde {case.round}",
        new=assessed_on.isoformat(),
        reason=assessment.strip(),
    )
    emit(
        session,
        case,
        Event.threat_assessed,
        actor=actor,
        now=now,
        because=f"dreigingsinschatting van {assessed_on.isoformat()}",
    )
    touch(case, now)
    return row


def round_facts(session: Session, case: Case, round_: int) -> RoundFacts | None:
    return session.exec(
        select(RoundFacts)
        .where(
            RoundFacts.case_id == case.id,
            RoundFacts.round == round_,
        )
        .order_by(col(RoundFacts.id).desc())
    ).first()


def threat_assessments(session: Session, case: Case) -> list[ThreatAssessment]:
    return list(
        session.exec(
            select(ThreatAssessment)
            .where(ThreatAssessment.case_id == case.id)
            .order_by(col(ThreatAssessment.id))
        )
    )
