"""When the measures of a case stop running, as due anchors for the engine.

A cameratoezicht, gebiedsverbod or 13b closure that was taken keeps the case from closing until
its end (playbook/engine/checklist.py, HOLDS; the steps in phases/5-herstel.yaml). Its end:
- cameratoezicht: the last day of the designated period (art. 151c lid 3 Gemeentewet: the
  mayor designates for a fixed term);
- gebiedsverbod: the last day of the ban or of its latest extension (art. 172a lid 1 and lid 4
  Gemeentewet: at most three months, extended at most three times);
- 13b closure: the last day of the duration in the decision (art. 13b lid 1 Opiumwet);
and earlier when a lifting was taken: it runs up to the day before the lifting takes effect.

`ends` is pure; `measure_anchors` reads the rows for many cases in one query.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from playbook.config import USER_TZ
from playbook.decisions.lifecycle import Kind, Status
from playbook.definition.enums import DueAnchor
from playbook.storage.tables import Case, Decision
from playbook.storage.tables_measures import MeasureDetails
from playbook.storage.types import id_of

ANCHORS = {
    Kind.area_ban: DueAnchor.area_ban_end,
    Kind.camera: DueAnchor.camera_end,
    Kind.drug_closure: DueAnchor.drug_closure_end,
}
# A taken decision counts, as for the closure's own anchors (cases/snapshots.py).
IN_FORCE = (Status.taken.value, Status.made_known.value)
KINDS = [k.value for k in (*ANCHORS, Kind.measure_lifting)]


@dataclass(frozen=True)
class Row:
    """What the end of one measure or lifting depends on."""

    id: int
    kind: str
    parent_id: int | None
    start: date | None
    duration_days: int | None
    end: date | None  # besluit_maatregel.end_date ("tot en met")


def last_day(row: Row) -> date | None:
    """The last day the measure runs by its own terms ("tot en met")."""
    if row.kind == Kind.drug_closure:
        if row.start is None or not row.duration_days:
            return None
        return row.start + timedelta(days=row.duration_days - 1)
    return row.end


def _chain_root(row: Row, by_id: dict[int, Row]) -> int:
    """An extension of a gebiedsverbod points at the ban it extends: one chain, one root."""
    while row.parent_id is not None and row.parent_id in by_id:
        row = by_id[row.parent_id]
    return row.id


def ends(rows: Iterable[Row]) -> dict[DueAnchor, date]:
    """Per kind, the first day no measure of that kind runs any more (its anchor)."""
    rows = list(rows)
    measures = {r.id: r for r in rows if r.kind in ANCHORS}
    root = {i: _chain_root(r, measures) for i, r in measures.items()}
    last = {i: last_day(r) for i, r in measures.items()}
    for lifting in rows:
        lifted = lifting.parent_id
        if lifting.kind != Kind.measure_lifting or lifted not in measures or lifting.start is None:
            continue
        for i in measures:
            # The lifted decision and its later extensions end before the lifting takes effect.
            day = last[i]
            if root[i] == root[lifted] and i >= lifted and day is not None:
                last[i] = min(day, lifting.start - timedelta(days=1))
    result: dict[DueAnchor, date] = {}
    for i, r in measures.items():
        day = last[i]
        if day is None or (r.start is not None and day < r.start):
            continue  # no term yet, or lifted before it began
        anchor = ANCHORS[Kind(r.kind)]
        result[anchor] = max(result.get(anchor, day + timedelta(days=1)), day + timedelta(days=1))
    return result


def _rows_of_one(session: Session, case: Case) -> list[tuple[Any, ...]]:
    """One case (an action, a case page): the decisions the snapshot keeps for this transaction
    (cases/snapshots.py); the end dates in one query, only when the case has a measure."""
    from playbook.cases.snapshots import decisions_of

    taken = [
        d
        for d in decisions_of(session, [case]).get(id_of(case), [])
        if d.kind in KINDS and d.status in IN_FORCE
    ]
    measures = [d.id for d in taken if d.kind in ANCHORS]
    ends: dict[int | None, date | None] = {}
    if measures:
        query = select(MeasureDetails).where(col(MeasureDetails.decision_id).in_(measures))
        ends = {row.decision_id: row.end_date for row in session.exec(query)}
    return [
        (d.case_id, d.id, d.kind, d.parent_id, d.start_date, d.duration_days, ends.get(d.id))
        for d in taken
    ]


def _rows_of_many(session: Session, ids: list[int]) -> list[tuple[Any, ...]]:
    query = (
        select(  # type: ignore[call-overload, misc]
            Decision.case_id,
            Decision.id,
            Decision.kind,
            Decision.parent_id,
            Decision.start_date,
            Decision.duration_days,
            MeasureDetails.end_date,
        )
        .outerjoin(MeasureDetails, col(MeasureDetails.decision_id) == Decision.id)
        .where(
            col(Decision.case_id).in_(ids),
            col(Decision.kind).in_(KINDS),
            col(Decision.status).in_(IN_FORCE),
        )
    )
    return list(session.exec(query))


def measure_anchors(session: Session, cases: list[Case]) -> dict[int, dict[str, datetime]]:
    """The measure-end anchors per case id, local midnight of the first free day: for one case
    from the rows the snapshot already keeps, for many in one query."""
    ids = [c.id for c in cases if c.id is not None]
    if not ids:
        return {}
    found = _rows_of_one(session, cases[0]) if len(ids) == 1 else _rows_of_many(session, ids)
    per_case: dict[int, list[Row]] = {}
    for case_id, *fields in found:
        per_case.setdefault(case_id, []).append(Row(*fields))
    return {
        case_id: {
            anchor.value: datetime.combine(day, time(0, 0), tzinfo=USER_TZ)
            for anchor, day in ends(rows).items()
        }
        for case_id, rows in per_case.items()
    }
