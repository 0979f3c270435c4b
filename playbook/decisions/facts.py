"""The facts of a case that the pure decision rules (completeness.py) read."""

from sqlmodel import Session

from playbook.cases.persons import housing_of, members
from playbook.cases.repository import pinned_playbook
from playbook.decisions.completeness import DecisionFacts, ParentFacts
from playbook.decisions.grounds import GroundFacts
from playbook.decisions.terms import end_date
from playbook.information.facts import round_facts, threat_assessments
from playbook.information.service import latest_answer
from playbook.storage.tables import Case, Decision


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
