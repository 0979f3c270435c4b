"""What the shared lifecycle asks of a measure (issue 13): the facts its rules read, the guard
problems, the completeness check, and who it is addressed to when it is taken."""

from datetime import datetime

from sqlmodel import Session

from playbook.cases.repository import pinned_playbook
from playbook.decisions import common, measures_rules
from playbook.decisions.household import addressed
from playbook.decisions.lifecycle import Kind
from playbook.decisions.measures_map import map_of
from playbook.decisions.measures_store import ban_addressee, details_of, incidents_of
from playbook.storage.tables import Addressee, Case, Decision
from playbook.storage.types import id_of


def _facts(session: Session, case: Case, decision: Decision) -> measures_rules.MeasureFacts:
    info = common.facts_for(session, case, decision)
    parent = session.get(Decision, decision.parent_id) if decision.parent_id else None
    parent_end = details_of(session, parent).end_date if parent else None
    return measures_rules.MeasureFacts(
        decision=info,
        incidents=len(incidents_of(session, decision)),
        damocles_warning_first=pinned_playbook(session, case).municipality.damocles_warning_first,
        parent_end=parent_end,
        members=info.members,
        has_map=map_of(session, decision) is not None,
    )


def measure_problems(
    session: Session, case: Case, decision: Decision, now: datetime
) -> dict[str, list[str]]:
    """The guards of lifecycle.TRANSITIONS for a measure (called by common.guard_problems)."""
    term = common.hearing_term(decision)
    return measures_rules.problems(
        decision,
        details_of(session, decision),
        _facts(session, case, decision),
        common.today_of(now),
        term.end if term else None,
    )


def check(*, session: Session, reference: str, decision_id: int, now: datetime) -> list[str]:
    """Every element still missing before the measure can be taken."""
    case, decision = common.load(session, reference, decision_id)
    found = measure_problems(session, case, decision, now)
    return [*found["content_complete"], *found["hearing_done"], *found["ready_to_take"]]


def name_addressees(session: Session, case: Case, decision: Decision, now: datetime) -> None:
    """Who a measure is addressed to: the person of a gebiedsverbod; the occupants and owner of
    a 13b closure; nobody for cameratoezicht, which is published (art. 3:42 Awb)."""
    if decision.kind == Kind.camera:
        return
    if decision.kind == Kind.area_ban:
        addressee = ban_addressee(session, details_of(session, decision))
        session.add(
            Addressee(
                decision_id=id_of(decision),
                person_id=addressee.person_id,
                name=addressee.name,
                capacity="betrokkene",
            )
        )
        session.flush()
        return
    for m in addressed(common.facts_for(session, case, decision).members, common.today_of(now)):
        session.add(
            Addressee(
                decision_id=id_of(decision),
                person_id=m.person_id,
                name=m.name,
                capacity=m.relation.value,
            )
        )
    session.flush()
