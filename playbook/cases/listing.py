"""Queries of the case list and "Mijn werk" over the read models only (issue 9, 11).

Every query filters on the municipality and sorts on an indexed column with a limit, so a page
costs about the same at 10,000 and 100,000 cases. Counting is capped (COUNT_CAP): the exact
number of 80,000 matching cases is not worth scanning them all on every page view.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_
from sqlmodel import Session, col, select

from playbook.cases.readmodel import LEGAL_PARTNER, normalise
from playbook.definition.models import Playbook
from playbook.storage.tables import Case
from playbook.storage.tables_readmodels import SearchTerm, WorkItem

PAGE_SIZE = 50
COUNT_CAP = 1000
LATE_SHOWN = 3  # per case, the list names this many late steps, then "en N meer"


@dataclass(frozen=True)
class CaseFilter:
    phase: str | None = None
    object_type: str | None = None
    overdue: bool = False
    search: str | None = None


# sort key -> columns, in the order the user reads the table
CASE_SORTS: dict[str, tuple[Any, ...]] = {
    "zaak": (col(Case.reference),),
    "adres": (col(Case.street), col(Case.house_number), col(Case.house_suffix)),
    "object": (col(Case.object_type), col(Case.incident_at)),
    "fase": (col(Case.phase_order), col(Case.incident_at)),
    "incident": (col(Case.incident_at),),
    "verplicht": (col(Case.open_mandatory), col(Case.incident_at)),
    "termijn": (col(Case.next_due_at),),
}
DEFAULT_DESCENDING = {"incident"}


@dataclass
class CaseRow:
    case: Case
    late: list[str] = field(default_factory=list)  # titles of late steps, most late first
    late_total: int = 0


@dataclass(frozen=True)
class CasePage:
    rows: list[CaseRow]
    total: int
    capped: bool  # total is COUNT_CAP or more
    page: int
    sort: str
    descending: bool


def _prefix(column: Any, text: str, dialect: str) -> ColumnElement[bool]:
    """`column` starts with `text`, in a form the index can answer: on PostgreSQL LIKE with a
    text_pattern_ops index, on SQLite a byte range (its LIKE ignores case and the index)."""
    if dialect == "postgresql":
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return column.like(escaped + "%", escape="\\")  # type: ignore[no-any-return]
    return and_(column >= text, column < text + "\U0010ffff")


def search_condition(session: Session, code: str, text: str) -> ColumnElement[bool]:
    """Cases with a search key starting with the query: "9999ab" and "9999 AB" find the
    postcode, "Kerkstraat 7" the address, "boer" the person "Mevrouw A. de Boer"."""
    query = normalise(text)
    forms = {query, query.replace(" ", "")}
    dialect = session.get_bind().dialect.name
    matching = select(SearchTerm.case_id).where(
        SearchTerm.municipality_code == code,
        or_(*(_prefix(col(SearchTerm.term), f, dialect) for f in forms if f)))
    return col(Case.id).in_(matching)


def case_query(session: Session, code: str, where: CaseFilter, now: datetime) -> Any:
    query = select(Case).where(Case.municipality_code == code)
    if where.phase:
        query = query.where(Case.phase == where.phase)
    if where.object_type:
        query = query.where(Case.object_type == where.object_type)
    if where.overdue:
        # Late now: the earliest due time of an open step has passed (read at request time).
        query = query.where(col(Case.next_due_at) < now)
    if where.search and where.search.strip():
        query = query.where(search_condition(session, code, where.search))
    return query


def list_cases(session: Session, code: str, where: CaseFilter, now: datetime, *,
               sort: str | None = None, descending: bool | None = None, page: int = 1,
               page_size: int = PAGE_SIZE) -> CasePage:
    sort = sort if sort in CASE_SORTS else ("termijn" if where.overdue else "incident")
    descending = sort in DEFAULT_DESCENDING if descending is None else descending
    query = case_query(session, code, where, now)
    keys = CASE_SORTS[sort]
    order = [k.desc() if descending else k.asc() for k in keys]
    if sort == "termijn":
        order = [o.nulls_last() for o in order]
    order.append(col(Case.id).desc() if descending else col(Case.id).asc())
    cases = list(session.exec(query.order_by(*order).offset((page - 1) * page_size)
                              .limit(page_size)))
    capped_rows = query.with_only_columns(col(Case.id)).limit(COUNT_CAP).subquery()
    total = session.exec(select(func.count()).select_from(capped_rows)).one()
    rows = {c.id: CaseRow(c) for c in cases}
    if rows:
        late = select(WorkItem.case_id, WorkItem.title).where(
            col(WorkItem.case_id).in_(list(rows)), WorkItem.kind == "stap",
            col(WorkItem.due_at) < now).order_by(col(WorkItem.due_at))
        for case_id, title in session.exec(late):
            row = rows[case_id]
            row.late_total += 1
            if len(row.late) < LATE_SHOWN:
                row.late.append(title)
    return CasePage(list(rows.values()), total, total >= COUNT_CAP, page, sort, descending)


# --- "Mijn werk": open steps and legal terms with a due time, across the user's cases. ---

WORK_SORTS: dict[str, tuple[Any, ...]] = {
    "termijn": (col(WorkItem.due_at),),
    "adres": (col(Case.street), col(Case.house_number), col(WorkItem.due_at)),
    "stap": (col(WorkItem.title), col(WorkItem.due_at)),
    "partner": (col(WorkItem.partner), col(WorkItem.due_at)),
    "zaak": (col(Case.reference), col(WorkItem.due_at)),
}


@dataclass(frozen=True)
class WorkFilter:
    partner: str | None = None
    kind: str | None = None  # stap | termijn | info
    overdue: bool = False
    search: str | None = None


@dataclass(frozen=True)
class WorkRow:
    item: WorkItem
    case: Case
    overdue: bool


@dataclass(frozen=True)
class WorkPage:
    rows: list[WorkRow]
    total: int
    capped: bool
    page: int
    sort: str
    descending: bool


def list_work(session: Session, code: str | None, where: WorkFilter, now: datetime, *,
              sort: str | None = None, descending: bool = False, page: int = 1,
              page_size: int = PAGE_SIZE) -> WorkPage:
    sort = sort if sort in WORK_SORTS else "termijn"
    query = select(WorkItem, Case).join(Case, col(Case.id) == WorkItem.case_id)
    if code is not None:  # None: every municipality (the CLI on a one-municipality install)
        query = query.where(WorkItem.municipality_code == code)
    # A bezwaar term that has run out needs nobody's action: notices leave the list then.
    query = query.where(or_(col(WorkItem.kind) != "info", col(WorkItem.due_at) >= now))
    if where.partner:
        query = query.where(WorkItem.partner == where.partner)
    if where.kind:
        query = query.where(WorkItem.kind == where.kind)
    if where.overdue:
        query = query.where(col(WorkItem.due_at) < now, WorkItem.kind != "info")
    if where.search and where.search.strip() and code is not None:
        query = query.where(search_condition(session, code, where.search))
    order = [k.desc() if descending else k.asc() for k in WORK_SORTS[sort]]
    order.append(col(WorkItem.id))
    found = session.exec(query.order_by(*order).offset((page - 1) * page_size)
                         .limit(page_size)).all()
    capped_rows = query.with_only_columns(col(WorkItem.id)).limit(COUNT_CAP).subquery()
    total = session.exec(select(func.count()).select_from(capped_rows)).one()
    rows = [WorkRow(item, case, item.kind != "info" and item.due_at < now)
            for item, case in found]
    return WorkPage(rows, total, total >= COUNT_CAP, page, sort, descending)


def partners_of(playbook: Playbook) -> list[str]:
    """Every partner a step names, and the legal office, for the filter (no table scan)."""
    return sorted({s.partner for p in playbook.phases for s in p.steps} | {LEGAL_PARTNER})
