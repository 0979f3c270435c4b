"""A decision's status: created as a concept, moved by the transition table (lifecycle.py)
when its guards find nothing missing, every change appended as a status row and an audit row."""

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from playbook.cases.audit import record
from playbook.cases.repository import touch
from playbook.decisions import lifecycle
from playbook.decisions.completeness import problems
from playbook.decisions.facts import facts_for
from playbook.decisions.terms import hearing_term, today_of
from playbook.errors import NotAllowed, PlaybookError
from playbook.storage.tables import Case, Decision, DecisionStatusChange
from playbook.storage.types import id_of


class DecisionIncomplete(PlaybookError):
    status_code = 422

    def __init__(self, missing: list[str], what: str = "Het besluit kan nog niet worden genomen"):
        super().__init__(
            f"{what}. Dit ontbreekt nog:\n" + "\n".join(f"- {m}" for m in missing), missing
        )


def _status_row(
    decision: Decision, old: str | None, actor: str, now: datetime, reason: str | None
) -> DecisionStatusChange:
    return DecisionStatusChange(
        decision_id=id_of(decision),
        from_status=old,
        to_status=decision.status,
        actor=actor,
        at=now,
        reason=reason,
    )


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
    session.add(_status_row(decision, None, actor, now, "concept aangemaakt"))
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


def guard_problems(
    session: Session, case: Case, decision: Decision, now: datetime
) -> dict[str, list[str]]:
    if decision.kind == lifecycle.Kind.measure_lifting:
        from playbook.decisions.measures_lifting import lifting_problems

        return lifting_problems(session, decision)
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
    session.add(_status_row(decision, old, actor, now, reason))
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
