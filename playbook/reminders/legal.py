"""The legal deadlines a reminder or calendar names: end of the zienswijze term, last day for
bezwaar, end of a closure, and the decision term on a bezwaar. The dates come from the decision
rules themselves (decisions/common.py, decisions/objection_terms.py), never recomputed here."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlmodel import Session, col, select

from playbook.deadlines import Deadline, bezwaar_deadline
from playbook.decisions import common, objections
from playbook.decisions.lifecycle import Kind, Status
from playbook.errors import PlaybookError
from playbook.storage.tables import Case, Decision, Objection


class LegalKind(StrEnum):
    hearing = "zienswijze"  # art. 4:8 Awb, term from the voornemen
    bezwaar = "bezwaar"  # art. 6:7 and 6:8 Awb, six weeks from the bekendmaking
    closure_end = "einde-sluiting"  # art. 174a Gemeentewet, the decision's own duration
    objection_decision = "beslistermijn-bezwaar"  # art. 7:10 Awb


TITLES = {
    LegalKind.hearing: "Einde zienswijzetermijn",
    LegalKind.bezwaar: "Laatste dag voor bezwaar",
    LegalKind.closure_end: "Laatste dag van de sluiting",
    LegalKind.objection_decision: "Beslistermijn bezwaar verloopt",
}
# Kinds that close premises, and the statuses in which their end date is a fact.
CLOSING = (Kind.closure, Kind.extension, Kind.emergency_order)
IN_FORCE = (Status.taken, Status.made_known)


@dataclass(frozen=True)
class LegalDate:
    kind: LegalKind
    day: date
    rule: str
    uid: str  # stable across runs: a calendar updates the event instead of adding one
    reference: str
    address: str  # street and number, as the case page shows it; never a person's name
    settled: bool = False  # e.g. the bezwaar was decided: the term no longer presses

    @property
    def title(self) -> str:
        return TITLES[self.kind]


def address_of(case: Case) -> str:
    suffix = f"-{case.house_suffix}" if case.house_suffix else ""
    return f"{case.street} {case.house_number}{suffix}, {case.city}"


def _date(kind: LegalKind, term: Deadline | date, rule: str, uid: str, case: Case,
          settled: bool = False) -> LegalDate:
    day = term.end if isinstance(term, Deadline) else term
    return LegalDate(kind, day, rule, f"{uid}@playbook", case.reference, address_of(case), settled)


def _closure_end(decision: Decision, children: list[Decision]) -> date | None:
    """A closure in force ends on its own last day, unless a lifting or extension replaced
    that day (the follow-up decision then carries the end)."""
    if decision.kind not in CLOSING or decision.status not in IN_FORCE:
        return None
    if any(c.kind in (Kind.lifting, Kind.extension) and c.status in IN_FORCE for c in children):
        return None
    return common.end_date(decision)


def _of_decision(session: Session, case: Case, decision: Decision,
                 children: list[Decision]) -> list[LegalDate]:
    found = []
    hearing = common.hearing_term(decision)
    if hearing is not None:
        found.append(_date(LegalKind.hearing, hearing, hearing.rule,
                           f"zienswijze-besluit-{decision.id}", case,
                           settled=decision.status != Status.intent))
    # Each addressee has their own term (art. 6:8 Awb); one entry per distinct last day.
    terms = [term for _, term in common.bezwaar_terms(session, decision)]
    if not terms and decision.made_known_on is not None:
        terms = [bezwaar_deadline(decision.made_known_on)]
    for end in sorted({t.end for t in terms}):
        term = next(t for t in terms if t.end == end)
        found.append(_date(LegalKind.bezwaar, term, term.rule,
                           f"bezwaar-besluit-{decision.id}-{end.isoformat()}", case))
    last = _closure_end(decision, children)
    if last is not None:
        found.append(_date(LegalKind.closure_end, last, "art. 174a Gemeentewet (duur van het "
                           "besluit)", f"einde-sluiting-besluit-{decision.id}", case))
    return found


def _of_objection(session: Session, case: Case, row: Objection) -> LegalDate | None:
    try:
        term = objections.term_of(session, case, row)
    except PlaybookError:  # the decision was never made known: no term runs
        return None
    return _date(LegalKind.objection_decision, term, term.rule, f"beslistermijn-bezwaar-{row.id}",
                 case, settled=row.decided_on is not None)


def legal_dates(session: Session, municipality_code: str,
                kinds: frozenset[LegalKind] = frozenset(LegalKind)) -> list[LegalDate]:
    """Every legal deadline of the municipality's cases (open and closed: a bezwaar term runs
    on after a case closes), by date."""
    if not kinds:
        return []
    cases = {c.id: c for c in session.exec(
        select(Case).where(Case.municipality_code == municipality_code))}
    decisions = list(session.exec(select(Decision).where(col(Decision.case_id).in_(cases))
                                  .order_by(col(Decision.id))))
    found: list[LegalDate] = []
    for decision in decisions:
        children = [d for d in decisions if d.parent_id == decision.id]
        found.extend(_of_decision(session, cases[decision.case_id], decision, children))
    for row in session.exec(select(Objection).where(col(Objection.case_id).in_(cases))
                            .order_by(col(Objection.id))):
        item = _of_objection(session, cases[row.case_id], row)
        if item is not None:
            found.append(item)
    return sorted((d for d in found if d.kind in kinds), key=lambda d: (d.day, d.reference, d.uid))
