"""Cameratoezicht (art. 151c Gemeentewet), gebiedsverbod (art. 172a Gemeentewet) and a closure
under art. 13b Opiumwet as decisions (issue 13): draft and edit, record incidents, extend a ban,
check, and what the shared lifecycle asks of them (guards, addressees, terms).

Take, make known, voornemen, urgency, zienswijze and bezwaar are the closure's own services
(issuing, hearing, objections): a measure is a `besluit` with a 1:1 `besluit_maatregel` row.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session, col, select

from playbook.cases.audit import record
from playbook.cases.repository import get_case, pinned_playbook, touch
from playbook.cases.service import check_version
from playbook.deadlines import Deadline
from playbook.deadlines.models import DerivationStep
from playbook.decisions import common, measures_rules
from playbook.decisions.household import OCCUPYING, OWNING
from playbook.decisions.lifecycle import MEASURE_KINDS, Kind, Status
from playbook.errors import InvalidInput, NotAllowed, NotFound
from playbook.information.service import latest_answer
from playbook.storage.tables import Addressee, Case, Decision, Person
from playbook.storage.tables_measures import MeasureDetails, MeasureIncident
from playbook.storage.types import id_of

EDITABLE = (Status.draft.value, Status.intent.value)
KIND_NAMES = {
    Kind.camera: "cameratoezicht",
    Kind.area_ban: "gebiedsverbod",
    Kind.drug_closure: "sluiting (art. 13b Opiumwet)",
}
# Fields of MeasureInput that live on the `besluit` row; the rest go to `besluit_maatregel`.
DECISION_FIELDS = (
    "facts",
    "seriousness",
    "suitability",
    "necessity",
    "balance",
    "duration_days",
    "duration_reasons",
    "children_count",
    "children_ages",
    "children_effect",
    "start_date",
    "start_time",
    "hearing_outcome",
)
LABELS = {
    "area": "gebied",
    "map_reference": "kaart",
    "end_date": "einddatum",
    "council_basis": "machtiging-raad",
    "retention_days": "bewaartermijn",
    "evaluation_on": "evaluatiedatum",
    "evaluation_how": "evaluatiewijze",
    "publication": "publicatie",
    "person_id": "persoon",
    "person_name": "naam",
    "leading_role": "leidende-rol",
    "fear_of_further": "vrees",
    "warning_on": "waarschuwing",
    "no_warning_reason": "geen-waarschuwing",
    "substances": "middelen",
    "substance_list": "lijst",
    "trading_quantity": "handelshoeveelheid",
    "dealing_from_premises": "handel-vanuit-pand",
    "preparatory_acts": "voorbereiding",
    "blameworthiness": "verwijtbaarheid",
    "adaptations": "aanpassingen",
    "consequences": "gevolgen",
    "first_offence": "eerste-overtreding",
    "damocles_warning_on": "damocles-waarschuwing",
}


class MeasureInput(BaseModel):
    """Fields of a measure; every one optional, so a draft can grow."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    # On the decision row (shared with the closure).
    facts: str | None = None
    seriousness: str | None = None
    suitability: str | None = None
    necessity: str | None = None
    balance: str | None = None
    duration_days: int | None = Field(default=None, ge=1, le=366)
    duration_reasons: str | None = None
    children_count: int | None = Field(default=None, ge=0, le=30)
    children_ages: str | None = None
    children_effect: str | None = None
    start_date: date | None = None
    start_time: time | None = None
    hearing_outcome: str | None = None
    # On the measure row.
    area: str | None = None
    map_reference: str | None = None
    end_date: date | None = None
    council_basis: str | None = None
    retention_days: int | None = Field(default=None, ge=1, le=3650)
    evaluation_on: date | None = None
    evaluation_how: str | None = None
    publication: str | None = None
    person_id: int | None = None
    person_name: str | None = None
    leading_role: bool | None = None
    fear_of_further: str | None = None
    warning_on: date | None = None
    no_warning_reason: str | None = None
    substances: str | None = None
    substance_list: str | None = None
    trading_quantity: bool | None = None
    dealing_from_premises: bool | None = None
    preparatory_acts: bool | None = None
    blameworthiness: str | None = None
    adaptations: str | None = None
    consequences: str | None = None
    first_offence: bool | None = None
    damocles_warning_on: date | None = None


def parse_measure(data: dict[str, Any]) -> MeasureInput:
    try:
        return MeasureInput.model_validate({k: v for k, v in data.items() if v is not None})
    except ValidationError as exc:
        from playbook.validation import describe_errors

        names = {**common.LABELS, **LABELS}
        raise InvalidInput(
            describe_errors(exc, lambda loc: names.get(str(loc[0]), str(loc[0])))
        ) from None


def details_of(session: Session, decision: Decision) -> MeasureDetails:
    row = session.get(MeasureDetails, decision.id)
    if row is None:
        raise NotFound(f"Besluit {decision.id} is geen maatregel.")
    return row


def incidents_of(session: Session, decision: Decision) -> list[MeasureIncident]:
    return list(
        session.exec(
            select(MeasureIncident)
            .where(MeasureIncident.decision_id == decision.id)
            .order_by(col(MeasureIncident.occurred_on), col(MeasureIncident.id))
        )
    )


def _kind(value: str) -> Kind:
    if value not in {k.value for k in MEASURE_KINDS}:
        raise InvalidInput(
            [
                f"soort maatregel: '{value}' is onbekend; kies cameratoezicht, "
                "gebiedsverbod of sluiting-13b"
            ]
        )
    return Kind(value)


def _check_person(session: Session, case: Case, person_id: int | None) -> None:
    if person_id is None:
        return
    person = session.get(Person, person_id)
    if person is None or person.case_id != case.id:
        raise NotFound(f"Persoon {person_id} hoort niet bij zaak {case.reference}.")


def _change_details(
    session: Session,
    case: Case,
    decision: Decision,
    row: MeasureDetails,
    values: dict[str, Any],
    actor: str,
    now: datetime,
) -> None:
    """Set measure fields; each change is an audit row in the same transaction."""
    common.set_fields(session, case, decision, row, values, actor, now)


def draft(
    *,
    session: Session,
    reference: str,
    kind: str,
    fields: MeasureInput,
    actor: str,
    now: datetime,
    decision_id: int | None = None,
    expected_version: int | None = None,
) -> Decision:
    """Start a measure of `kind`, or edit its draft (decision_id). A 13b closure takes its facts
    from the bestuurlijke rapportage of the current round."""
    case = get_case(session, reference)
    check_version(case, expected_version)
    values = fields.model_dump()
    _check_person(session, case, values.get("person_id"))
    own = {k: values.pop(k) for k in DECISION_FIELDS}
    if decision_id is not None:
        decision = common.get_decision(session, case, decision_id)
        if decision.kind not in MEASURE_KINDS:
            raise NotAllowed(
                f"Besluit {decision.id} is geen maatregel; wijzig het met 'besluit wijzig'."
            )
        if decision.status not in EDITABLE:
            raise NotAllowed(
                f"Besluit {decision.id} is al {decision.status} en kan niet meer wijzigen."
            )
        common.change(session, case, decision, own, actor, now)
        _change_details(session, case, decision, details_of(session, decision), values, actor, now)
        return decision
    chosen = _kind(kind)
    if chosen == Kind.drug_closure and case.object_type not in ("woning", "bedrijfspand"):
        raise NotAllowed("Art. 13b Opiumwet sluit een woning of lokaal, geen voertuig.")
    if chosen == Kind.drug_closure and own["facts"] is None:
        answer = latest_answer(session, case, case.round)
        own["facts"] = answer.facts if answer else None
    decision = common.new(
        session,
        case,
        chosen.value,
        actor,
        now,
        {k: str(v) for k, v in {**own, **values}.items() if v is not None},
        mayor=pinned_playbook(session, case).municipality.mayor,
        **{k: v for k, v in own.items() if v is not None},
    )
    row = MeasureDetails(
        decision_id=id_of(decision), **{k: v for k, v in values.items() if v is not None}
    )
    session.add(row)
    session.flush()
    return decision


def record_incident(
    *,
    session: Session,
    reference: str,
    decision_id: int,
    occurred_on: date,
    description: str,
    source: str,
    actor: str,
    now: datetime,
) -> MeasureIncident:
    """A disturbance by the addressee of a gebiedsverbod, with its source (art. 172a lid 1)."""
    case, decision = common.load(session, reference, decision_id)
    if decision.kind != Kind.area_ban:
        raise NotAllowed("Verstoringen horen bij een gebiedsverbod.")
    if decision.status not in EDITABLE:
        raise NotAllowed(
            f"Besluit {decision.id} is al {decision.status} en kan niet meer wijzigen."
        )
    if len(description.strip()) < 10 or len(source.strip()) < 3:
        raise InvalidInput(
            ["verstoring: beschrijf wat er gebeurde en de bron (bijv. politiemutatie)"]
        )
    if occurred_on > common.today_of(now):
        raise InvalidInput(["datum verstoring: niet in de toekomst"])
    row = MeasureIncident(
        decision_id=id_of(decision),
        occurred_on=occurred_on,
        description=description.strip(),
        source=source.strip(),
    )
    session.add(row)
    session.flush()
    record(
        session,
        case,
        actor=actor,
        action="besluit-gewijzigd",
        at=now,
        subject=f"besluit {decision.id}: verstoring",
        new=occurred_on.isoformat(),
        reason=source.strip(),
    )
    touch(case, now)
    return row


def extend(
    *,
    session: Session,
    reference: str,
    decision_id: int,
    end_date: date,
    reasons: str,
    actor: str,
    now: datetime,
) -> Decision:
    """Extend a gebiedsverbod that is made known and still runs, by at most three months, at
    most three times (art. 172a lid 4 Gemeentewet). The extension is a new decision with the
    same addressee, area and grounds, and its own zienswijze and bekendmaking."""
    case, parent = common.load(session, reference, decision_id)
    if parent.kind != Kind.area_ban or parent.status != Status.made_known:
        raise NotAllowed("Alleen een bekendgemaakt gebiedsverbod kan worden verlengd.")
    old = details_of(session, parent)
    if old.end_date is None or old.end_date < common.today_of(now):
        raise NotAllowed(
            "Een verlopen gebiedsverbod kan niet worden verlengd (ECLI:NL:RBOBR:2018:4649)."
        )
    if old.extension_number >= measures_rules.MAX_EXTENSIONS:
        raise NotAllowed(
            "Dit gebiedsverbod is al driemaal verlengd; meer mag niet "
            "(art. 172a lid 4 Gemeentewet)."
        )
    if len(reasons.strip()) < measures_rules.MIN_REASONING:
        raise InvalidInput(["reden: waarom de vrees voor verdere verstoring voortduurt"])
    copied = {k: getattr(parent, k) for k in ("suitability", "necessity", "balance", "seriousness")}
    decision = common.new(
        session,
        case,
        Kind.area_ban.value,
        actor,
        now,
        {"verlenging van": str(parent.id), "einde": end_date.isoformat()},
        parent_id=id_of(parent),
        mayor=parent.mayor,
        facts=reasons.strip(),
        start_date=old.end_date + timedelta(days=1),
        **copied,
    )
    keep = old.model_dump(
        exclude={"decision_id", "end_date", "extension_number", "warning_on", "no_warning_reason"}
    )
    session.add(
        MeasureDetails(
            decision_id=id_of(decision),
            end_date=end_date,
            extension_number=old.extension_number + 1,
            no_warning_reason="Verlenging van een bekendgemaakt gebiedsverbod; "
            "de persoon kent het verbod al.",
            **keep,
        )
    )
    for incident in incidents_of(session, parent):
        session.add(
            MeasureIncident(
                decision_id=id_of(decision),
                occurred_on=incident.occurred_on,
                description=incident.description,
                source=incident.source,
            )
        )
    session.flush()
    return decision


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
        row = details_of(session, decision)
        person = session.get(Person, row.person_id) if row.person_id else None
        session.add(
            Addressee(
                decision_id=id_of(decision),
                person_id=row.person_id,
                name=person.name if person else (row.person_name or ""),
                capacity="betrokkene",
            )
        )
        session.flush()
        return
    today = common.today_of(now)
    for m in common.facts_for(session, case, decision).members:
        if (m.relation in OCCUPYING and not m.minor_on(today)) or m.relation in OWNING:
            session.add(
                Addressee(
                    decision_id=id_of(decision),
                    person_id=m.person_id,
                    name=m.name,
                    capacity=m.relation.value,
                )
            )
    session.flush()


def _day_term(label: str, rule: str, start: date, end: date, why: str) -> Deadline:
    return Deadline(
        label=label,
        rule=rule,
        start=start,
        raw_end=end,
        end=end,
        steps=(DerivationStep(rule=rule, date=end, explanation=why),),
    )


def measure_terms(session: Session, decision: Decision) -> list[Deadline]:
    """The end of a ban or designation, and the evaluation of cameratoezicht."""
    row = session.get(MeasureDetails, decision.id)
    if row is None or decision.start_date is None:
        return []
    result = []
    if decision.kind == Kind.camera:
        if row.end_date:
            result.append(
                _day_term(
                    "Einde cameratoezicht",
                    "art. 151c lid 1 Gemeentewet",
                    decision.start_date,
                    row.end_date,
                    "Het toezicht geldt voor de aangewezen periode.",
                )
            )
        if row.evaluation_on:
            result.append(
                _day_term(
                    "Evaluatie cameratoezicht",
                    "art. 151c Gemeentewet",
                    decision.start_date,
                    row.evaluation_on,
                    f"Evaluatie: {row.evaluation_how or 'wijze nog vastleggen'}.",
                )
            )
    elif decision.kind == Kind.area_ban and row.end_date:
        label = (
            f"Einde verlenging {row.extension_number} gebiedsverbod"
            if row.extension_number
            else "Einde gebiedsverbod"
        )
        result.append(
            _day_term(
                label,
                "art. 172a lid 4 Gemeentewet",
                decision.start_date,
                row.end_date,
                "Het verbod geldt tot en met deze dag; verlengen kan alleen zolang het nog geldt.",
            )
        )
    elif decision.kind == Kind.drug_closure and decision.duration_days:
        end = common.end_date(decision)
        assert end is not None
        result.append(
            _day_term(
                "Einde sluiting (art. 13b Opiumwet)",
                "art. 13b Opiumwet",
                decision.start_date,
                end,
                "De sluiting geldt tot en met deze dag.",
            )
        )
    return result


def measures_of(session: Session, case: Case) -> list[Decision]:
    return [d for d in common.decisions_of(session, case) if d.kind in MEASURE_KINDS]


def outside_names(session: Session, case: Case) -> list[str]:
    """Names of gebiedsverbod addressees who are no person of the case: retention removes them
    with the case's own names (playbook/retention/service.py)."""
    rows = session.exec(
        select(MeasureDetails.person_name)
        .join(Decision, col(MeasureDetails.decision_id) == Decision.id)
        .where(Decision.case_id == case.id, col(MeasureDetails.person_name).is_not(None))
    )
    return [name for name in rows if name]
