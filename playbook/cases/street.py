"""What the street may be told about an attack: injuries as far as the police released them,
the result of the safety check, and the residents' meeting. Append-only, latest per round wins.

The resident letter reads only this (and street-level case facts), never the household
(art. 5 lid 1 onder c AVG, data minimisation)."""

from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, col, select

from playbook.cases.audit import record
from playbook.cases.repository import get_case, touch
from playbook.errors import InvalidInput
from playbook.storage.tables import Case
from playbook.storage.tables_referral import StreetNews


class InjuredReleased(StrEnum):
    none = "geen-gewonden"
    injured = "gewonden"
    not_released = "niet-vrijgegeven"


class SafetyResult(StrEnum):
    safe = "veilig"
    partly = "beperkt"
    uninhabitable = "onbewoonbaar"
    pending = "nog-niet-bekend"


INJURED_LABELS = {
    InjuredReleased.none: "geen gewonden",
    InjuredReleased.injured: "gewonden (zonder details)",
    InjuredReleased.not_released: "nog niet vrijgegeven door de politie",
}
SAFETY_LABELS = {
    SafetyResult.safe: "gebouwen veilig",
    SafetyResult.partly: "deels afgesloten",
    SafetyResult.uninhabitable: "getroffen gebouw onbewoonbaar",
    SafetyResult.pending: "controle nog niet klaar",
}


def record_news(
    *,
    session: Session,
    reference: str,
    injured: str,
    safety: str,
    meeting_at: datetime | None,
    meeting_place: str | None,
    actor: str,
    now: datetime,
) -> StreetNews:
    case = get_case(session, reference)
    problems = []
    if injured not in {i.value for i in InjuredReleased}:
        problems.append(f"gewonden: '{injured}' is onbekend; kies {', '.join(InjuredReleased)}")
    if safety not in {s.value for s in SafetyResult}:
        problems.append(f"veiligheid: '{safety}' is onbekend; kies {', '.join(SafetyResult)}")
    place = (meeting_place or "").strip() or None
    if (meeting_at is None) != (place is None):
        problems.append("bijeenkomst: geef zowel datum en tijd als plaats op")
    if problems:
        raise InvalidInput(problems)
    row = StreetNews(
        case_id=case.id,  # type: ignore[arg-type]
        round=case.round,
        injured=injured,
        safety=safety,
        meeting_at=meeting_at,
        meeting_place=place,
        actor=actor,
        at=now,
    )
    session.add(row)
    record(
        session,
        case,
        actor=actor,
        action="buurtbericht-vastgelegd",
        at=now,
        new=f"{INJURED_LABELS[InjuredReleased(injured)]}; {SAFETY_LABELS[SafetyResult(safety)]}",
        details={
            "ronde": case.round,
            "bijeenkomst": meeting_at.isoformat() if meeting_at else None,
            "plaats": place,
        },
    )
    touch(case, now)
    return row


def latest_news(session: Session, case: Case) -> StreetNews | None:
    return session.exec(
        select(StreetNews)
        .where(StreetNews.case_id == case.id, StreetNews.round == case.round)
        .order_by(col(StreetNews.id).desc())
    ).first()
