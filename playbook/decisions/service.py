"""The closure-decision lifecycle: draft -> voornemen or spoed -> genomen -> bekendgemaakt,
then extension (always after a new zienswijze) or lifting. One function per action."""

from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session, col, select

from playbook.cases.audit import record
from playbook.cases.overview import overview
from playbook.cases.repository import get_case, pinned_playbook, touch
from playbook.cases.service import check_version, emit
from playbook.config import USER_TZ
from playbook.deadlines import Deadline, bezwaar_deadline, statutory_term
from playbook.decisions.completeness import DecisionFacts, missing_elements
from playbook.decisions.grounds import HEARING_RULE
from playbook.definition.enums import StepStatus
from playbook.definition.events import decision_event
from playbook.errors import InvalidInput, NotAllowed, NotFound, PlaybookError
from playbook.information.service import latest_answer
from playbook.storage.tables import Case, Decision, Document

CLOSABLE = ("woning", "bedrijfspand")
HEARING_LABEL = "Zienswijzetermijn"
LABELS = {
    "ground": "grond", "facts": "feiten", "seriousness": "ernst", "recurrence": "herhaling",
    "necessity": "noodzaak", "balance": "afweging", "alternative_housing": "huisvesting",
    "duration_days": "duur", "duration_reasons": "motivering-duur", "start_date": "ingang",
    "hearing": "horen", "hearing_days": "zienswijzetermijn", "hearing_outcome": "zienswijze",
    "urgency_reasons": "spoed", "hearing_given": "zienswijze-gegeven", "status": "status",
    "intent_on": "datum voornemen", "decided_on": "besluitdatum", "made_known_on": "bekendmaking",
    "made_known_how": "wijze van bekendmaking",
}


class DecisionIncomplete(PlaybookError):
    status_code = 422

    def __init__(self, missing: list[str]):
        super().__init__("Het besluit kan nog niet worden genomen. Dit ontbreekt nog:\n"
                         + "\n".join(f"- {m}" for m in missing), missing)


class DraftInput(BaseModel):
    """Fields the mayor's office fills in; every one optional, so a draft can grow."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    ground: str | None = None
    facts: str | None = None
    seriousness: str | None = None
    recurrence: str | None = None
    necessity: str | None = None
    balance: str | None = None
    alternative_housing: str | None = None
    duration_days: int | None = Field(default=None, ge=1, le=366)
    duration_reasons: str | None = None
    start_date: date | None = None
    hearing_days: int | None = Field(default=None, ge=1, le=42)
    hearing_outcome: str | None = None


def parse_draft(data: dict[str, Any]) -> DraftInput:
    try:
        return DraftInput.model_validate({k: v for k, v in data.items() if v is not None})
    except ValidationError as exc:
        from playbook.validation import describe_errors

        raise InvalidInput(describe_errors(exc, lambda loc: LABELS.get(str(loc[0]), str(loc[0])))) from None


def _today(now: datetime) -> date:
    return now.astimezone(USER_TZ).date()


def get_decision(session: Session, case: Case, decision_id: int) -> Decision:
    decision = session.get(Decision, decision_id)
    if decision is None or decision.case_id != case.id:
        raise NotFound(f"Besluit {decision_id} hoort niet bij zaak {case.reference}.")
    return decision


def decisions_of(session: Session, case: Case) -> list[Decision]:
    return list(session.exec(select(Decision).where(Decision.case_id == case.id)
                             .order_by(col(Decision.id))))


def end_date(decision: Decision) -> date | None:
    """Last day of the closure, inclusive ("tot en met")."""
    if decision.start_date is None or decision.duration_days is None:
        return None
    return decision.start_date + timedelta(days=decision.duration_days - 1)


def _change(session: Session, case: Case, decision: Decision, values: dict[str, Any],
            actor: str, now: datetime) -> None:
    for field, value in values.items():
        old = getattr(decision, field)
        if value is None or old == value:
            continue
        setattr(decision, field, value)
        record(session, case, actor=actor, action="besluit-gewijzigd", at=now,
               subject=f"besluit {decision.id}: {LABELS.get(field, field)}", old=old, new=value)
    decision.updated_at = now
    session.add(decision)
    touch(case, now)


def _new(session: Session, case: Case, kind: str, actor: str, now: datetime,
         details: dict[str, Any], **values: Any) -> Decision:
    decision = Decision(case_id=case.id, kind=kind, status="concept",  # type: ignore[arg-type]
                        created_at=now, updated_at=now, **values)
    session.add(decision)
    session.flush()
    record(session, case, actor=actor, action="besluit-concept", at=now,
           subject=f"besluit {decision.id}", new=kind, details=details)
    touch(case, now)
    return decision


def draft(*, session: Session, reference: str, fields: DraftInput, actor: str, now: datetime,
          decision_id: int | None = None, expected_version: int | None = None) -> Decision:
    """Start a closure decision, or edit a draft. Facts and recurrence come from the
    bestuurlijke rapportage when it has been answered."""
    case = get_case(session, reference)
    check_version(case, expected_version)
    if decision_id is not None:
        decision = get_decision(session, case, decision_id)
        if decision.status not in ("concept", "voornemen"):
            raise NotAllowed(f"Besluit {decision.id} is al {decision.status} en kan niet meer wijzigen.")
        _change(session, case, decision, fields.model_dump(), actor, now)
        return decision
    if case.object_type not in CLOSABLE:
        raise NotAllowed("Voor een voertuig of ander object bestaat geen sluitingsroute; overweeg "
                         "cameratoezicht of een gebiedsverbod.")
    if any(d.kind == "sluiting" and d.status != "bekendgemaakt" for d in decisions_of(session, case)):
        raise NotAllowed("Er is al een sluitingsbesluit in voorbereiding; wijzig dat concept.")
    playbook = pinned_playbook(session, case)
    answer = latest_answer(session, case)
    defaults: dict[str, Any] = {
        "ground": "174a-1-b" if case.object_type == "woning" else "174",
        "facts": answer.facts if answer else None,
        "recurrence": answer.recurrence if answer else None,
        "duration_days": playbook.municipality.closure_days.get(case.object_type),  # type: ignore[call-overload]
    }
    values = {**defaults, **{k: v for k, v in fields.model_dump().items() if v is not None}}
    decision = _new(session, case, "sluiting", actor, now,
                    {k: str(v) for k, v in values.items() if v is not None},
                    mayor=playbook.municipality.mayor, **values)
    if not case.closure:
        record(session, case, actor=actor, action="feit-gewijzigd", at=now, subject="sluiting",
               old=False, new=True, reason=f"sluitingsbesluit {decision.id} in voorbereiding")
        case.closure = True
    return decision


def _facts(session: Session, case: Case, now: datetime) -> DecisionFacts:
    view = overview(session, case, now)
    # Look at the record itself: housing may be arranged before its phase is entered.
    housing = view.snapshot.records.get((case.round, "tijdelijke-huisvesting"))
    return DecisionFacts(
        object_type=case.object_type,
        has_children=any(p.children > 0 for p in view.persons),
        not_self_reliant=view.snapshot.facts.not_self_reliant,
        housing_arranged=housing is not None and housing.status == StepStatus.done,
        rapportage_received=latest_answer(session, case) is not None,
    )


def check(*, session: Session, reference: str, decision_id: int, now: datetime) -> list[str]:
    case = get_case(session, reference)
    decision = get_decision(session, case, decision_id)
    return missing_elements(decision, _facts(session, case, now), _today(now), _hearing_ends(decision))


def _hearing_ends(decision: Decision) -> date | None:
    return next((d.end for d in deadlines(decision) if d.label == HEARING_LABEL), None)


def send_intent(*, session: Session, reference: str, decision_id: int, hearing_days: int,
                actor: str, now: datetime) -> tuple[Decision, Document]:
    """Voornemen tot sluiting: invites a zienswijze within a term (art. 4:8 Awb)."""
    from playbook.letters.service import decision_letter

    case = get_case(session, reference)
    decision = get_decision(session, case, decision_id)
    if decision.status != "concept":
        raise NotAllowed(f"Voor besluit {decision.id} is al een voornemen verstuurd of het is genomen.")
    if not 1 <= hearing_days <= 42:
        raise InvalidInput(["zienswijzetermijn: tussen 1 en 42 dagen"])
    _change(session, case, decision, {"hearing": "zienswijze", "hearing_days": hearing_days,
                                      "intent_on": _today(now), "status": "voornemen"}, actor, now)
    document = decision_letter(session, case, decision, "voornemen-sluiting", actor, now)
    emit(session, case, decision_event(decision.kind, "voornemen-verstuurd"), actor=actor, now=now,
         because=document.filename)
    return decision, document


def record_urgency(*, session: Session, reference: str, decision_id: int, reasons: str,
                   actor: str, now: datetime) -> Decision:
    """Art. 4:11 Awb: urgency may justify skipping the zienswijze for a first closure only."""
    case = get_case(session, reference)
    decision = get_decision(session, case, decision_id)
    if decision.kind != "sluiting":
        raise NotAllowed("Een verlenging vraagt altijd een nieuwe zienswijze; spoed volstaat niet.")
    if decision.status != "concept":
        raise NotAllowed(f"Besluit {decision.id} is al {decision.status}.")
    if len(reasons.strip()) < 20:
        raise InvalidInput(["spoed: beschrijf concreet waarom geen zienswijze kan worden gevraagd"])
    _change(session, case, decision, {"hearing": "spoed", "urgency_reasons": reasons.strip()}, actor, now)
    emit(session, case, decision_event(decision.kind, "spoed-vastgelegd"), actor=actor, now=now,
         because=f"spoed vastgelegd bij besluit {decision.id}")
    return decision


def record_hearing(*, session: Session, reference: str, decision_id: int, outcome: str,
                   given: bool, actor: str, now: datetime) -> Decision:
    case = get_case(session, reference)
    decision = get_decision(session, case, decision_id)
    if decision.status != "voornemen":
        raise NotAllowed("Leg een zienswijze vast nadat het voornemen is verstuurd.")
    if len(outcome.strip()) < 5:
        raise InvalidInput(["zienswijze: beschrijf wat is ingebracht (of dat niets is ingebracht)"])
    _change(session, case, decision, {"hearing_outcome": outcome.strip(), "hearing_given": given},
            actor, now)
    return decision


LETTERS = {"sluiting": "sluitingsbesluit", "verlenging": "verlengingsbesluit",
           "opheffing": "opheffingsbesluit"}


def issue(*, session: Session, reference: str, decision_id: int, actor: str,
          now: datetime) -> tuple[Decision, Document]:
    """Take the decision: refused while anything required is missing."""
    from playbook.letters.service import decision_letter

    case = get_case(session, reference)
    decision = get_decision(session, case, decision_id)
    if decision.status not in ("concept", "voornemen"):
        raise NotAllowed(f"Besluit {decision.id} is al {decision.status}.")
    missing = missing_elements(decision, _facts(session, case, now), _today(now),
                               _hearing_ends(decision))
    if missing:
        raise DecisionIncomplete(missing)
    _change(session, case, decision, {"status": "genomen", "decided_on": _today(now)}, actor, now)
    document = decision_letter(session, case, decision, LETTERS[decision.kind], actor, now)
    emit(session, case, decision_event(decision.kind, "genomen"), actor=actor, now=now,
         because=document.filename)
    return decision, document


def make_known(*, session: Session, reference: str, decision_id: int, on: date, how: str,
               actor: str, now: datetime) -> tuple[Decision, Document]:
    """Bekendmaking (art. 3:41 Awb) starts the bezwaar term; the letter is re-issued with
    the concrete last day and its derivation, as a new version."""
    from playbook.letters.service import decision_letter

    case = get_case(session, reference)
    decision = get_decision(session, case, decision_id)
    if how not in ("uitreiking", "toezending"):
        raise InvalidInput([f"wijze: '{how}' is onbekend; kies uitreiking of toezending"])
    if decision.status != "genomen":
        raise NotAllowed("Alleen een genomen besluit kan worden bekendgemaakt.")
    if on < (decision.decided_on or on) or on > _today(now):
        raise InvalidInput(["datum bekendmaking: niet vóór het besluit en niet in de toekomst"])
    _change(session, case, decision, {"status": "bekendgemaakt", "made_known_on": on,
                                      "made_known_how": how}, actor, now)
    document = decision_letter(session, case, decision, LETTERS[decision.kind], actor, now)
    emit(session, case, decision_event(decision.kind, "bekendgemaakt"), actor=actor, now=now,
         because=document.filename)
    return decision, document


def _follow_up(session: Session, case: Case, parent_id: int, kind: str) -> Decision:
    parent = get_decision(session, case, parent_id)
    if parent.kind == "opheffing" or parent.status != "bekendgemaakt":
        raise NotAllowed("Verlengen of opheffen kan alleen na een bekendgemaakt sluitings- of "
                         "verlengingsbesluit.")
    if any(d.parent_id == parent.id and d.kind == kind for d in decisions_of(session, case)):
        raise NotAllowed(f"Er bestaat al een {kind}sbesluit bij besluit {parent.id}.")
    return parent


def extend(*, session: Session, reference: str, parent_id: int, fields: DraftInput, actor: str,
           now: datetime) -> Decision:
    """Draft an extension. It must go through a new voornemen and zienswijze."""
    case = get_case(session, reference)
    parent = _follow_up(session, case, parent_id, "verlenging")
    answer = latest_answer(session, case)
    carried = parent.model_dump(include={"ground", "mayor", "alternative_housing", "facts",
                                         "seriousness", "necessity", "balance", "recurrence"})
    if answer is not None:  # a newer rapportage speaks for the situation now
        carried.update(facts=answer.facts, recurrence=answer.recurrence)
    values = {**carried, **{k: v for k, v in fields.model_dump().items() if v is not None}}
    values.setdefault("start_date", (end_date(parent) or _today(now)) + timedelta(days=1))
    return _new(session, case, "verlenging", actor, now, {"verlengt": parent.id},
                parent_id=parent.id, **values)


def lift(*, session: Session, reference: str, parent_id: int, reasons: str, effective: date | None,
         actor: str, now: datetime) -> Decision:
    """Draft lifting the closure, by default on the day after its end date."""
    case = get_case(session, reference)
    parent = _follow_up(session, case, parent_id, "opheffing")
    start = effective or ((end_date(parent) or _today(now)) + timedelta(days=1))
    return _new(session, case, "opheffing", actor, now, {"heft_op": parent.id}, parent_id=parent.id,
                facts=reasons.strip(), start_date=start, mayor=parent.mayor)


def deadlines(decision: Decision) -> list[Deadline]:
    """Statutory terms of this decision, each with its derivation."""
    result = []
    if decision.intent_on and decision.hearing_days:
        result.append(statutory_term(decision.intent_on, days=decision.hearing_days,
                                     label=HEARING_LABEL, rule=HEARING_RULE,
                                     event="het voornemen"))
    if decision.made_known_on:
        result.append(bezwaar_deadline(decision.made_known_on))
    return result


__all__ = ["DecisionIncomplete", "check", "deadlines", "draft", "extend", "issue", "lift",
           "make_known", "record_hearing", "record_urgency", "send_intent"]
