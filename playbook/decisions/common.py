"""Shared by the decision services: loading, changing fields, the status history, the facts
the pure rules read, and the statutory terms of a decision."""

from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from playbook.cases.audit import record
from playbook.cases.persons import housing_of, members
from playbook.cases.repository import get_case, pinned_playbook, touch
from playbook.config import USER_TZ
from playbook.deadlines import Deadline, bezwaar_deadline, statutory_term
from playbook.decisions import lifecycle
from playbook.decisions.completeness import DecisionFacts, ParentFacts, problems
from playbook.decisions.grounds import HEARING_RULE, GroundFacts
from playbook.errors import NotAllowed, NotFound, PlaybookError
from playbook.information.facts import round_facts, threat_assessments
from playbook.information.service import latest_answer
from playbook.storage.tables import Addressee, Case, Decision, DecisionStatusChange
from playbook.storage.types import id_of

HEARING_LABEL = "Zienswijzetermijn"
LABELS = {
    "ground": "grond",
    "facts": "feiten",
    "seriousness": "ernst",
    "recurrence": "herhaling",
    "suitability": "geschiktheid",
    "necessity": "noodzaak",
    "balance": "afweging-bewoners",
    "balance_owner": "afweging-eigenaar",
    "alternative_housing": "huisvesting",
    "children_count": "aantal-kinderen",
    "children_ages": "leeftijden-kinderen",
    "children_school": "school-kinderen",
    "children_effect": "effect-kinderen",
    "duration_days": "duur",
    "duration_reasons": "motivering-duur",
    "duration_over_policy_reasons": "motivering-boven-beleid",
    "start_date": "ingang",
    "start_time": "ingangsuur",
    "entry_ban_basis": "betredingsverbod",
    "entry_access": "toegang",
    "enforcement": "handhaving",
    "hearing": "horen",
    "hearing_days": "zienswijzetermijn",
    "hearing_days_reasons": "reden-korte-termijn",
    "hearing_outcome": "zienswijze",
    "urgency_reasons": "spoed",
    "hearing_given": "zienswijze-gegeven",
    "status": "status",
    "intent_on": "verzending voornemen",
    "intent_how": "wijze verzending voornemen",
    "decided_on": "besluitdatum",
    "made_known_on": "bekendmaking",
    "made_known_how": "wijze van bekendmaking",
}


class DecisionIncomplete(PlaybookError):
    status_code = 422

    def __init__(self, missing: list[str], what: str = "Het besluit kan nog niet worden genomen"):
        super().__init__(
            f"{what}. Dit ontbreekt nog:\n" + "\n".join(f"- {m}" for m in missing), missing
        )


def today_of(now: datetime) -> date:
    return now.astimezone(USER_TZ).date()


def get_decision(session: Session, case: Case, decision_id: int) -> Decision:
    decision = session.get(Decision, decision_id)
    if decision is None or decision.case_id != case.id:
        raise NotFound(f"Besluit {decision_id} hoort niet bij zaak {case.reference}.")
    return decision


def load(session: Session, reference: str, decision_id: int) -> tuple[Case, Decision]:
    case = get_case(session, reference)
    return case, get_decision(session, case, decision_id)


def decisions_of(session: Session, case: Case) -> list[Decision]:
    return list(
        session.exec(select(Decision).where(Decision.case_id == case.id).order_by(col(Decision.id)))
    )


def end_date(decision: Decision) -> date | None:
    """Last day of the closure, inclusive ("tot en met")."""
    if decision.start_date is None or decision.duration_days is None:
        return None
    return decision.start_date + timedelta(days=decision.duration_days - 1)


def starts_at(decision: Decision) -> datetime | None:
    """The moment the decision takes effect (date and hour, ECLI:NL:RBOVE:2025:5638)."""
    if decision.start_date is None or decision.start_time is None:
        return None
    return datetime.combine(decision.start_date, decision.start_time, tzinfo=USER_TZ)


def change(
    session: Session,
    case: Case,
    decision: Decision,
    values: dict[str, Any],
    actor: str,
    now: datetime,
) -> None:
    """Set the decision's fields; each change is an audit row in the same transaction."""
    decision.updated_at = now
    set_fields(session, case, decision, decision, values, actor, now)


def set_fields(
    session: Session,
    case: Case,
    decision: Decision,
    row: SQLModel,
    values: dict[str, Any],
    actor: str,
    now: datetime,
) -> None:
    """Set fields of `row` (the decision itself, or a table that belongs to it such as a
    measure's details); each change is an audit row naming the decision."""
    for name, value in values.items():
        old = getattr(row, name)
        if value is None or old == value:
            continue
        setattr(row, name, value)
        record(
            session,
            case,
            actor=actor,
            action="besluit-gewijzigd",
            at=now,
            subject=f"besluit {decision.id}: {LABELS.get(name, name)}",
            old=old,
            new=value,
        )
    session.add(row)
    touch(case, now)


def new(
    session: Session,
    case: Case,
    kind: str,
    actor: str,
    now: datetime,
    details: dict[str, Any],
    **values: Any,
) -> Decision:
    decision = Decision(
        case_id=id_of(case),
        kind=kind,
        status=lifecycle.Status.draft.value,
        created_at=now,
        updated_at=now,
        round=case.round,
        **values,
    )
    session.add(decision)
    session.flush()
    session.add(
        DecisionStatusChange(
            decision_id=id_of(decision),
            from_status=None,
            to_status=decision.status,
            actor=actor,
            at=now,
            reason="concept aangemaakt",
        )
    )
    record(
        session,
        case,
        actor=actor,
        action="besluit-concept",
        at=now,
        subject=f"besluit {decision.id}",
        new=kind,
        details=details,
    )
    touch(case, now)
    return decision


def facts_for(session: Session, case: Case, decision: Decision) -> DecisionFacts:
    playbook = pinned_playbook(session, case)
    facts = round_facts(session, case, decision.round)
    threats = threat_assessments(session, case)
    answer = latest_answer(session, case)
    parent = session.get(Decision, decision.parent_id) if decision.parent_id else None
    return DecisionFacts(
        ground=GroundFacts(
            object_type=case.object_type,
            publicly_accessible=case.publicly_accessible,
            conduct_in_premises=bool(facts and facts.conduct_in_premises),
            weapon_found=bool(facts and facts.weapon_found),
            threat_assessed=any(t.round == decision.round for t in threats),
        ),
        case_round=decision.round,
        rapportage_round=answer.round if answer else None,
        members=members(session, case),
        housing_recorded=bool(housing_of(session, case)),
        parent=ParentFacts(parent.kind, parent.decided_on, parent.start_date, end_date(parent))
        if parent
        else None,
        latest_threat_on=max((t.assessed_on for t in threats), default=None),
        policy_max_days=playbook.municipality.closure_max_days.get(case.object_type),  # type: ignore[call-overload]
        min_hearing_days=playbook.municipality.min_hearing_days,
    )


def hearing_term(decision: Decision) -> Deadline | None:
    """The zienswijze term, from the recorded dispatch or hand-over of the voornemen."""
    if decision.intent_on is None or not decision.hearing_days:
        return None
    return statutory_term(
        decision.intent_on,
        days=decision.hearing_days,
        label=HEARING_LABEL,
        rule=HEARING_RULE,
        event="de verzending of uitreiking van het voornemen",
    )


def addressees_of(session: Session, decision: Decision) -> list[Addressee]:
    return list(
        session.exec(
            select(Addressee)
            .where(Addressee.decision_id == decision.id)
            .order_by(col(Addressee.id))
        )
    )


def bezwaar_terms(session: Session, decision: Decision) -> list[tuple[Addressee, Deadline]]:
    """Each addressee's own bezwaar term, from their own bekendmaking (art. 6:7, 6:8 Awb)."""
    return [
        (a, bezwaar_deadline(a.made_known_on))
        for a in addressees_of(session, decision)
        if a.made_known_on is not None
    ]


def deadlines(decision: Decision, session: Session | None = None) -> list[Deadline]:
    """Statutory terms of this decision, each with its derivation."""
    result = [t for t in [hearing_term(decision)] if t is not None]
    if session is not None:
        for addressee, term in bezwaar_terms(session, decision):
            result.append(term.model_copy(update={"label": f"Bezwaartermijn {addressee.name}"}))
    elif decision.made_known_on:
        result.append(bezwaar_deadline(decision.made_known_on))
    if session is not None and decision.kind in lifecycle.MEASURE_KINDS:
        from playbook.decisions.measures import measure_terms  # end, evaluation (issue 13)

        if not any(t.label.startswith("Bezwaartermijn") for t in result) and decision.made_known_on:
            # Made known by publication, to no one in particular: the term runs from the day
            # after publication (art. 3:42, 6:8 lid 1 Awb).
            result.append(bezwaar_deadline(decision.made_known_on))
        result += measure_terms(session, decision)
    return result


def guard_problems(
    session: Session, case: Case, decision: Decision, now: datetime
) -> dict[str, list[str]]:
    if decision.kind in lifecycle.MEASURE_KINDS:
        from playbook.decisions.measures import measure_problems  # the other measures, issue 13

        return measure_problems(session, case, decision, now)
    term = hearing_term(decision)
    return problems(
        decision, facts_for(session, case, decision), today_of(now), term.end if term else None
    )


def move(
    session: Session,
    case: Case,
    decision: Decision,
    action: lifecycle.Action,
    actor: str,
    now: datetime,
    reason: str | None = None,
    found: dict[str, list[str]] | None = None,
    what: str | None = None,
) -> None:
    """Fire the transition table; append the status row and its audit row, or refuse."""
    old = decision.status
    try:
        target = lifecycle.fire(
            old,
            action,
            found if found is not None else guard_problems(session, case, decision, now),
        )
    except lifecycle.WrongStatus:
        raise NotAllowed(
            f"Besluit {decision.id} is al {lifecycle.STATUS_LABELS[lifecycle.Status(old)]}; "
            f"'{action.value}' kan nu niet."
        ) from None
    except lifecycle.Refused as refused:
        raise DecisionIncomplete(
            refused.problems, what or f"Besluit {decision.id}: '{action.value}' kan nog niet"
        ) from None
    decision.status = target.value
    decision.updated_at = now
    session.add(decision)
    session.add(
        DecisionStatusChange(
            decision_id=id_of(decision),
            from_status=old,
            to_status=target.value,
            actor=actor,
            at=now,
            reason=reason,
        )
    )
    record(
        session,
        case,
        actor=actor,
        action="besluit-status",
        at=now,
        subject=f"besluit {decision.id}",
        old=old,
        new=target.value,
        reason=reason,
    )
    touch(case, now)


def history(session: Session, decision: Decision) -> list[DecisionStatusChange]:
    return list(
        session.exec(
            select(DecisionStatusChange)
            .where(DecisionStatusChange.decision_id == decision.id)
            .order_by(col(DecisionStatusChange.id))
        )
    )
