"""Cameratoezicht (art. 151c Gemeentewet), gebiedsverbod (art. 172a Gemeentewet) and a closure
under art. 13b Opiumwet as decisions (issue 13): draft and edit, record incidents, extend a ban,
check, and what the shared lifecycle asks of them (guards, addressees, terms).

Take, make known, voornemen, urgency, zienswijze and bezwaar are the closure's own services
(issuing, hearing, objections): a measure is a `besluit` with a 1:1 `besluit_maatregel` row.
"""

from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from playbook.cases.audit import record
from playbook.cases.repository import get_case, pinned_playbook, touch
from playbook.cases.service import check_version
from playbook.decisions import common, measures_rules
from playbook.decisions.lifecycle import MEASURE_KINDS, Kind, Status
from playbook.decisions.measures_checks import check, measure_problems, name_addressees
from playbook.decisions.measures_input import (
    DECISION_FIELDS,
    KIND_NAMES,
    LABELS,
    MeasureInput,
    parse_measure,
)
from playbook.decisions.measures_lifting import lift
from playbook.decisions.measures_map import attach_map, copy_map
from playbook.decisions.measures_store import (
    EDITABLE,
    details_of,
    incidents_of,
    measures_of,
    outside_names,
)
from playbook.decisions.measures_terms import measure_terms
from playbook.errors import InvalidInput, NotAllowed, NotFound
from playbook.information.service import latest_answer
from playbook.storage.tables import Case, Decision, Person
from playbook.storage.tables_measures import MeasureDetails, MeasureIncident
from playbook.storage.types import id_of

__all__ = [
    "DECISION_FIELDS",
    "EDITABLE",
    "KIND_NAMES",
    "LABELS",
    "MeasureInput",
    "attach_map",
    "check",
    "details_of",
    "draft",
    "extend",
    "incidents_of",
    "lift",
    "measure_problems",
    "measure_terms",
    "measures_of",
    "name_addressees",
    "outside_names",
    "parse_measure",
    "record_incident",
]


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
    if any(d.parent_id == parent.id and d.kind == Kind.measure_lifting
           for d in common.decisions_of(session, case)):
        raise NotAllowed("Dit gebiedsverbod is opgeheven; verlengen kan dan niet.")
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
    copy_map(session, parent, decision, actor, now)
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
