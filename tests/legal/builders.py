"""Builders that play out a judgment's facts through the services, on both databases.

Each helper is one unit of work, as an officer would act; dates are Dutch wall-clock times.
"""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from playbook.cases import persons
from playbook.cases.intake import parse_intake
from playbook.cases.repository import get_case
from playbook.cases.service import create_case, report_attack
from playbook.decisions import service as decisions
from playbook.definition.enums import IncidentKind
from playbook.definition.models import Playbook
from playbook.information import facts as round_facts
from playbook.information import service as information
from tests.conftest import local

__all__ = ["get_case"]

Uow = Callable[[], AbstractContextManager[Session]]

ADULT = {"name": "Mevrouw J. Jansen", "role": "doelwit", "birth_date": "1988-02-03"}
CORPORATION = {
    "name": "Woonstichting Rivierstad",
    "role": "belanghebbende",
    "relation": "woningcorporatie",
}

# Reasoning long enough for the completeness check; each judgment adds its own facts.
REASONS = {
    "seriousness": "Een explosie midden in de nacht bracht de bewoners en de buren in direct gevaar.",
    "suitability": "Sluiting neemt het doelwit weg: zonder bewoners is een nieuwe aanslag zinloos.",
    "necessity": "Camera en extra surveillance zijn overwogen maar voorkomen een aanslag niet.",
    "balance": "De bewoners zijn niet betrokken; hun belang om thuis te wonen is zwaar gewogen.",
    "balance_owner": "De verhuurder houdt de woning; herstel kan onder begeleiding doorgaan.",
    "duration_reasons": "De politie verwacht herhaling binnen weken; deze duur is daarom nodig.",
    "entry_ban_basis": "Art. 174a Gemeentewet met art. 2:79 APV: betreden van de gesloten "
                       "woning is verboden.",
    "entry_access": "Op afspraak met team OOV kunnen bewoners onder begeleiding spullen ophalen.",
    "enforcement": "Verzegeling, kennisgeving op de deur, surveillance en zo nodig bestuursdwang.",
}


def case_with(
    uow: Uow,
    playbook: Playbook,
    occurred: str,
    *,
    household: list[dict[str, Any]],
    object_type: str = "woning",
    kind: str = "aanslag",
    public: bool = False,
) -> str:
    now = local(occurred).replace(minute=59)
    with uow() as s:
        intake = parse_intake(
            {
                "street": "Havenstraat",
                "house_number": "14",
                "postcode": "9999 AB",
                "city": "Rivierstad",
                "object_type": object_type,
                "incident_kind": kind,
                "occurred_at": occurred,
                "publicly_accessible": "ja" if public else "nee",
                "persons": household,
            },
            now,
        )
        case, _ = create_case(session=s, intake=intake, playbook=playbook, actor="oov", now=now)
        return case.reference


def repeat_attack(uow: Uow, reference: str, occurred: str) -> None:
    with uow() as s:
        report_attack(
            session=s,
            case=get_case(s, reference),
            occurred_at=local(occurred),
            kind=IncidentKind.aanslag,
            actor="politie",
            now=local(occurred).replace(minute=59),
        )


def rapportage(uow: Uow, reference: str, answered: str, facts: str, recurrence: str) -> None:
    at = local(answered)
    with uow() as s:
        row = information.request(
            session=s, reference=reference, kind="bestuurlijke-rapportage", actor="oov", now=at
        )
        information.record_answer(
            session=s,
            reference=reference,
            request_id=row.id,  # type: ignore[arg-type]
            answer=information.Answer(answered_on=at.date(), facts=facts, recurrence=recurrence),
            actor="politie",
            now=at,
        )


def threat(
    uow: Uow,
    reference: str,
    assessed: str,
    text: str = "Ernstige vrees voor een nieuwe aanslag op dit adres binnen weken.",
) -> None:
    at = local(assessed)
    with uow() as s:
        round_facts.record_threat_assessment(
            session=s,
            reference=reference,
            assessed_on=at.date(),
            assessment=text,
            actor="politie",
            now=at,
        )


def conduct(
    uow: Uow,
    reference: str,
    at: str,
    in_premises: bool,
    weapon: bool = False,
    description: str | None = None,
) -> None:
    with uow() as s:
        round_facts.record_round_facts(
            session=s,
            reference=reference,
            conduct_in_premises=in_premises,
            weapon_found=weapon,
            conduct_description=description,
            actor="politie",
            now=local(at),
        )


def housing(uow: Uow, reference: str, at: str, outcome: str = "aanvaard") -> None:
    with uow() as s:
        persons.record_housing(
            session=s,
            reference=reference,
            outcome=outcome,
            description="Gemeubileerde wisselwoning voor het hele huishouden.",
            offered_on=local(at).date(),
            actor="oov",
            now=local(at),
        )


def draft(uow: Uow, reference: str, at: str, **fields: Any) -> int:
    with uow() as s:
        return decisions.draft(
            session=s,
            reference=reference,  # type: ignore[return-value]
            fields=decisions.parse_draft({**REASONS, **fields}),
            actor="juridisch",
            now=local(at),
        ).id


def urgent_closure(uow: Uow, reference: str, decision_id: int, at: str) -> None:
    with uow() as s:
        decisions.record_urgency(
            session=s,
            reference=reference,
            decision_id=decision_id,
            reasons="Een nieuwe aanslag kan elk moment volgen; horen kan niet worden afgewacht.",
            actor="juridisch",
            now=local(at),
        )
        decisions.issue(
            session=s,
            reference=reference,
            decision_id=decision_id,
            actor="juridisch",
            now=local(at),
        )


def make_known(
    uow: Uow,
    reference: str,
    decision_id: int,
    at: str,
    how: str = "uitreiking",
    addressee_id: int | None = None,
) -> None:
    moment = local(at)
    with uow() as s:
        decisions.make_known(
            session=s,
            reference=reference,
            decision_id=decision_id,
            on=moment.date(),
            at=moment.time(),
            how=how,
            addressee_id=addressee_id,
            actor="oov",
            now=moment,
        )


def intent(uow: Uow, reference: str, decision_id: int, at: str, days: int = 7) -> None:
    moment = local(at)
    with uow() as s:
        decisions.send_intent(
            session=s,
            reference=reference,
            decision_id=decision_id,
            hearing_days=days,
            sent_on=moment.date(),
            sent_how="uitreiking",
            actor="juridisch",
            now=moment,
        )


def everyone(s: Session, reference: str, decision_id: int, at: str) -> list[int]:
    """Everyone the decision will be addressed to, as persons heard (art. 4:8 Awb)."""
    case = get_case(s, reference)
    decision = decisions.get_decision(s, case, decision_id)
    return [m.person_id for m in decisions.to_hear(s, case, decision, local(at))
            if m.person_id is not None]


def hearing(
    uow: Uow,
    reference: str,
    decision_id: int,
    at: str,
    given: bool = True,
    outcome: str = "Mondeling gehoord; de bewoner vraagt om kortere duur.",
    heard: list[int] | None = None,
) -> None:
    """The zienswijze recorded; given, by everyone the decision is addressed to unless `heard`
    names who."""
    with uow() as s:
        decisions.record_hearing(
            session=s,
            reference=reference,
            decision_id=decision_id,
            outcome=outcome,
            given=given,
            actor="juridisch",
            now=local(at),
            heard=heard if heard is not None or not given
            else everyone(s, reference, decision_id, at),
        )


def issue(uow: Uow, reference: str, decision_id: int, at: str) -> None:
    with uow() as s:
        decisions.issue(
            session=s,
            reference=reference,
            decision_id=decision_id,
            actor="juridisch",
            now=local(at),
        )


def missing(uow: Uow, reference: str, decision_id: int, at: str) -> list[str]:
    with uow() as s:
        return decisions.check(
            session=s, reference=reference, decision_id=decision_id, now=local(at)
        )


def born(years_before: date, years: int) -> str:
    return date(years_before.year - years, years_before.month, 1).isoformat()


def when(text: str) -> datetime:
    return local(text)
