"""Queries of the case list and "Mijn werk" over the read models only (issue 9, 11).

Every query filters on the municipality and sorts on an indexed column with a limit, so a page
costs about the same at 10,000 and 100,000 cases. Counting is capped (COUNT_CAP): the exact
number of 80,000 matching cases is not worth scanning them all on every page view; the count
is a column of the page query itself (one statement, one round trip to the server).
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Connection, and_, bindparam, func, or_
from sqlalchemy import select as sa_select  # plain column rows
from sqlmodel import Session, col, select

from playbook.cases.readmodel import normalise
from playbook.storage.tables import Case
from playbook.storage.tables_readmodels import SearchTerm, WorkItem
from playbook.storage.types import UTCDateTime

PAGE_SIZE = 50
COUNT_CAP = 1001  # "meer dan 1.000"
# The last page a list links to: the one past the capped count. Deeper pages are refused, not
# served: OFFSET walks every row before the page (page 2,000 of "Mijn werk" at 100,000 cases
# read 100,000 rows), and beyond "meer dan 1.000" the way on is a narrower filter.
LAST_PAGE = -(-COUNT_CAP // PAGE_SIZE)
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


# What a list row shows: plain columns, no ORM objects (a page is read, never changed).
CASE_COLUMNS = (col(Case.id), col(Case.reference), col(Case.street), col(Case.house_number),
                col(Case.house_suffix), col(Case.postcode), col(Case.object_type),
                col(Case.phase_title), col(Case.incident_at), col(Case.open_mandatory),
                col(Case.next_due_at))


class CaseRow(NamedTuple):  # a tuple: made 50 times per page, cheaply
    case: Any  # a row of CASE_COLUMNS (and the page's own columns after them)
    late: list[str]  # titles of the first LATE_SHOWN late steps, most late first
    late_total: int  # how many steps of the case are late now


@dataclass(frozen=True)
class CasePage:
    rows: list[CaseRow]
    total: int
    capped: bool  # total is COUNT_CAP or more
    page: int
    sort: str
    descending: bool


# Statements are built once per shape (filters used, sort, direction, dialect) with bound
# parameters: building and hashing SQL expressions cost more than running these queries.
_BUILT: dict[tuple[Any, ...], Any] = {}
NOW = bindparam("now", type_=UTCDateTime())


def built(key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    found = _BUILT.get(key)
    if found is None:
        found = _BUILT[key] = build()
    return found


def of_places(column: Any, single: bool) -> Any:
    """The municipality filter: `= :code` for the usual one municipality (a plain equality on
    the index, no list to expand per request), `IN :codes` for a regional role."""
    return column == bindparam("code") if single else column.in_(
        bindparam("codes", expanding=True))


def places(codes: Collection[str]) -> dict[str, Any]:
    listed = sorted(codes)
    return {"codes": listed, "code": listed[0] if len(listed) == 1 else None}


def search_clause(dialect: str, case_id: Any, single: bool) -> ColumnElement[bool]:
    """Cases with a search key starting with the query (two spellings: as typed and without
    spaces), in a form the index answers: on PostgreSQL LIKE with a text_pattern_ops index,
    on SQLite a byte range (its LIKE ignores case and so the index)."""
    term = col(SearchTerm.term)
    if dialect == "postgresql":
        starts = or_(term.like(bindparam("q1"), escape="\\"),
                     term.like(bindparam("q2"), escape="\\"))
    else:
        starts = or_(and_(term >= bindparam("q1"), term < bindparam("h1")),
                     and_(term >= bindparam("q2"), term < bindparam("h2")))
    return case_id.in_(select(SearchTerm.case_id).where(  # type: ignore[no-any-return]
        of_places(col(SearchTerm.municipality_code), single), starts))


def search_params(text: str, dialect: str) -> dict[str, str]:
    """ "9999ab" and "9999 AB" find the postcode, "Kerkstraat 7" the address, "boer" the
    person "Mevrouw A. de Boer", a reference itself."""
    typed = normalise(text)
    forms = [typed, typed.replace(" ", "")]
    if dialect == "postgresql":
        escaped = [f.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                   for f in forms]
        return {"q1": escaped[0], "q2": escaped[1]}
    return {"q1": forms[0], "h1": forms[0] + "\U0010ffff",
            "q2": forms[1], "h2": forms[1] + "\U0010ffff"}


def _case_where(where: CaseFilter, dialect: str, single: bool) -> Any:
    query = sa_select(*CASE_COLUMNS).where(of_places(col(Case.municipality_code), single))
    if where.phase:
        query = query.where(col(Case.phase) == bindparam("phase"))
    if where.object_type:
        query = query.where(col(Case.object_type) == bindparam("object_type"))
    if where.overdue:
        # Late now: the earliest due time of an open step has passed (read at request time).
        query = query.where(col(Case.next_due_at) < NOW)
    if where.search:
        query = query.where(search_clause(dialect, col(Case.id), single))
    return query


def _late_columns() -> list[Any]:
    """Per page row, how many steps of its case are late now and the titles of the first
    LATE_SHOWN: correlated subqueries, each a range of ix_werk_zaak_te_laat (case, kind, due
    time), so the page is one statement with no list of ids to bind or late steps to fetch."""
    late = (col(WorkItem.case_id) == col(Case.id), col(WorkItem.kind) == "stap",
            col(WorkItem.due_at) < NOW)
    first = sa_select(col(WorkItem.title)).where(*late).order_by(col(WorkItem.due_at),
                                                                  col(WorkItem.id))
    return [sa_select(func.count()).where(*late).scalar_subquery().label("late_total"),
            *(first.offset(k).limit(1).scalar_subquery().label(f"late_{k}")
              for k in range(LATE_SHOWN))]


def _case_statements(where: CaseFilter, sort: str, descending: bool, dialect: str,
                     single: bool, deep: bool) -> Any:
    query = _case_where(where, dialect, single)
    order = [k.desc() if descending else k.asc() for k in CASE_SORTS[sort]]
    if sort == "termijn":
        order = [o.nulls_last() for o in order]
    order.append(col(Case.id).desc() if descending else col(Case.id).asc())
    capped = query.with_only_columns(col(Case.id)).limit(COUNT_CAP).subquery()
    count = select(func.count()).select_from(capped)
    # The capped count rides along in the page query (computed once, not per row).
    columns = (count.scalar_subquery().label("total"), *_late_columns())
    if not deep:  # the first page: one plain statement
        page = (query.add_columns(*columns).order_by(*order)
                .offset(bindparam("offset")).limit(bindparam("limit")))
        return page, count
    # A later page: its ids first, then its columns. PostgreSQL works out the select list of
    # every row an OFFSET skips, so with the late steps' subqueries in the same SELECT page 21
    # cost eight times page 1 (bench/deep_pages.py).
    ids = (query.with_only_columns(col(Case.id)).order_by(*order)
           .offset(bindparam("offset")).limit(bindparam("limit")).subquery("pagina"))
    page = (sa_select(*CASE_COLUMNS, *columns).join_from(Case, ids, col(Case.id) == ids.c.id)
            .order_by(*order))
    return page, count


def list_cases(session: Session | Connection, codes: Collection[str], where: CaseFilter,
               now: datetime, *, sort: str | None = None, descending: bool | None = None,
               page: int = 1, page_size: int = PAGE_SIZE) -> CasePage:
    """One page of cases. Plain rows only, so a bare connection will do (the web page opens
    one: an ORM session per request costs a tenth of the page)."""
    sort = sort if sort in CASE_SORTS else ("termijn" if where.overdue else "incident")
    descending = sort in DEFAULT_DESCENDING if descending is None else descending
    search = (where.search or "").strip()
    where = CaseFilter(where.phase or None, where.object_type or None, where.overdue,
                       search or None)
    conn = session if isinstance(session, Connection) else session.connection()
    dialect = conn.dialect.name
    single = len(codes) == 1
    deep = page > 1
    shape = ("zaken", bool(where.phase), bool(where.object_type), where.overdue, bool(search),
             sort, descending, dialect, single, deep)
    page_stmt, count_stmt = built(
        shape, lambda: _case_statements(where, sort, descending, dialect, single, deep))
    params: dict[str, Any] = {**places(codes), "now": now, "phase": where.phase,
                              "object_type": where.object_type,
                              **(search_params(search, dialect) if search else {})}
    cases = conn.execute(page_stmt, {**params, "offset": (page - 1) * page_size,
                                     "limit": page_size}).all()
    total = cases[0].total if cases else conn.execute(count_stmt, params).scalar_one()
    shown = slice(-LATE_SHOWN, None)  # the late_k columns end the row
    rows = [CaseRow(c, [t for t in c[shown] if t is not None], c.late_total) for c in cases]
    return CasePage(rows, total, total >= COUNT_CAP, page, sort, descending)
