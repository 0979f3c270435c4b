"""The dates and statutory terms of a decision: its end, the hour it takes effect, the
zienswijze term and each addressee's bezwaar term, each with its derivation."""

from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from playbook.config import USER_TZ
from playbook.deadlines import Deadline, bezwaar_deadline, statutory_term
from playbook.decisions import lifecycle
from playbook.decisions.grounds import HEARING_RULE
from playbook.storage.tables import Addressee, Decision

HEARING_LABEL = "Zienswijzetermijn"


def today_of(now: datetime) -> date:
    return now.astimezone(USER_TZ).date()


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
