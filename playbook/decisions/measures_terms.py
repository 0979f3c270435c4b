"""The legal terms of a measure besides bezwaar (issue 13): the end of a ban or designation, each
extension's end, and the evaluation of cameratoezicht."""

from datetime import date

from sqlmodel import Session

from playbook.deadlines import Deadline
from playbook.deadlines.models import DerivationStep
from playbook.decisions import common
from playbook.decisions.lifecycle import Kind
from playbook.storage.tables import Decision
from playbook.storage.tables_measures import MeasureDetails


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
