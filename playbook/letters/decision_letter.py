"""The letter of a closure decision (voornemen, sluiting, verlenging, opheffing): addressed to
the occupants with copies to owner or landlord, the decision it follows named by date and
kenmerk, and only the last day of each term (the derivation stays on screen, issue 10)."""

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from playbook.cases.repository import pinned_playbook
from playbook.deadlines import format_date_nl
from playbook.decisions.grounds import GROUNDS
from playbook.decisions.labels import CAPACITY_NL
from playbook.information.service import latest_answer
from playbook.letters import contexts as ctx
from playbook.letters.service import OBJECT_NL, address_lines, address_of, base_fields, save
from playbook.storage.tables import Case, Decision, Document, Person

OCCUPANTS = ("bewoner", "eigenaar-bewoner", "gebruiker")



def _decision_title(kind: str, decision: Decision) -> str:
    from playbook.letters.registry import KINDS

    if decision.kind == "noodbevel":
        return "Noodbevel tot sluiting (art. 175 Gemeentewet)"
    if kind == "voornemen-sluiting" and decision.kind == "verlenging":
        return "Voornemen tot verlenging van de sluiting"
    return KINDS[kind].title


def decision_kenmerk(session: Session, case: Case, decision: Decision) -> str:
    """A decision's own reference, the case number and its place among the case's decisions
    ("GM9999-2025-0001/2"): what a later decision, an objection or a court cites."""
    ids = session.exec(select(Decision.id).where(Decision.case_id == case.id)
                       .order_by(col(Decision.id))).all()
    return f"{case.reference}/{list(ids).index(decision.id) + 1}"


def _follows(session: Session, case: Case, parent: Decision | None) -> str | None:
    """How an extension or lifting names the decision it follows: by date and kenmerk."""
    if parent is None or parent.decided_on is None:
        return None
    return (f"het besluit van {format_date_nl(parent.decided_on)}, "
            f"kenmerk {decision_kenmerk(session, case, parent)}")


def recipients_of(session: Session, case: Case, people: list[tuple[str, str, int | None]]
                  ) -> tuple[list[ctx.Recipient], list[str]]:
    """The addressee block (who lives in or uses the object, at its address) and the copies
    ("afschrift aan") for owner, landlord or housing corporation, each at its own address
    (art. 3:41 Awb: each gets the decision; the letter shows who else received it).
    `people`: (name, capacity code, person id), as named on the decision or, for a voornemen,
    as it will be (decisions/hearing.to_hear)."""
    occupants = [p for p in people if p[1] in OCCUPANTS] or people
    names, copies = [], []
    for name, capacity, person_id in people:
        if (name, capacity, person_id) in occupants:
            names.append(name)
        else:
            person = session.get(Person, person_id) if person_id else None
            where = f", {person.address}" if person and person.address else ""
            copies.append(f"{name} ({CAPACITY_NL.get(capacity, capacity)}){where}")
    return [ctx.Recipient(names=names or ["De bewoners"], lines=address_lines(case))], copies


def make(session: Session, case: Case, decision: Decision, kind: str, actor: str,
                    now: datetime) -> Document:
    from playbook.decisions.common import (
        addressees_of,
        bezwaar_terms,
        end_date,
        hearing_term,
    )

    playbook = pinned_playbook(session, case)
    ground = GROUNDS.get(decision.ground or "")
    parent = session.get(Decision, decision.parent_id) if decision.parent_id else None
    hearing = hearing_term(decision)
    # The derivation of each term (holidays, weekends) stays on screen and in the dossier; the
    # letter prints only the last day (issue 10).
    terms = {a.id: t for a, t in bezwaar_terms(session, decision)}
    answer = latest_answer(session, case, decision.round)
    rows = addressees_of(session, decision)
    addressees = [ctx.LetterAddressee(
        name=a.name, capacity=CAPACITY_NL.get(a.capacity, a.capacity),
        made_known=f"{format_date_nl(a.made_known_on)}, {a.made_known_how}"
        if a.made_known_on else None,
        bezwaar_deadline=terms[a.id].explain() if a.id in terms else [],
        made_known_on=a.made_known_on,
        bezwaar_until=terms[a.id].end if a.id in terms else None) for a in rows]
    people = [(r.name, r.capacity, r.person_id) for r in rows]
    if not rows and decision.status == "voornemen":
        # A voornemen goes to everyone the decision will be addressed to: the landlord is a
        # belanghebbende with a zienswijze of its own (art. 4:8 Awb), not only the residents.
        from playbook.decisions.hearing import to_hear

        people = [(m.name, m.relation.value, m.person_id)
                  for m in to_hear(session, case, decision, now)]
    recipients, copies = recipients_of(session, case, people)
    names = ", ".join(a.name for a in addressees) or f"De bewoners van {address_of(case)}"
    first_term = next(iter(terms.values()), None)
    # Ending a measure early (issue 13) is this letter with the measure's words and basis.
    words: dict[str, Any] = {}
    if decision.kind == "opheffing-maatregel":
        from playbook.decisions.measures_lifting import letter_fields

        words = letter_fields(session, playbook.municipality.name, decision)
    context = ctx.DecisionLetter(
        **base_fields(case, playbook, words.get("title") or _decision_title(kind, decision), now),
        kind=kind, decision_kind=decision.kind, decision_id=decision.id,
        addressee=names, addressees=addressees, kenmerk=decision_kenmerk(session, case, decision),
        recipients=words.get("recipients") or recipients, copies=copies,
        hearing_until=hearing.end if hearing else None,
        address=address_of(case), object_type=OBJECT_NL[case.object_type],
        ground_article=words.get("ground_article") or (ground.article if ground else ""),
        lifted=words.get("lifted", ""),
        ground_summary=ground.summary if ground else "",
        facts=decision.facts or "", rapportage_date=answer.answered_on if answer else None,
        seriousness=decision.seriousness or "", recurrence=decision.recurrence or "",
        suitability=decision.suitability or "", necessity=decision.necessity or "",
        balance=decision.balance or "", balance_owner=decision.balance_owner or "",
        children_count=decision.children_count or 0, children_ages=decision.children_ages,
        children_school=decision.children_school, children_effect=decision.children_effect,
        alternative_housing=decision.alternative_housing,
        duration_days=decision.duration_days, duration_reasons=decision.duration_reasons or "",
        duration_over_policy_reasons=decision.duration_over_policy_reasons,
        start_date=decision.start_date,
        start_time=decision.start_time.strftime("%H:%M") if decision.start_time else None,
        end_date=end_date(decision), current_end_date=end_date(parent) if parent else None,
        parent_reference=_follows(session, case, parent),
        entry_ban_basis=decision.entry_ban_basis or "", entry_access=decision.entry_access or "",
        enforcement=decision.enforcement or "",
        hearing=decision.hearing, intent_on=decision.intent_on,
        hearing_deadline=hearing.explain() if hearing else [],
        hearing_outcome=decision.hearing_outcome, urgency_reasons=decision.urgency_reasons,
        mayor=decision.mayor or playbook.municipality.mayor, decided_on=decision.decided_on,
        made_known_on=decision.made_known_on, made_known_how=decision.made_known_how,
        bezwaar_deadline=first_term.explain() if first_term else [],
    )
    return save(session, case, kind, context, actor, now, scope=f"besluit-{decision.id}")
