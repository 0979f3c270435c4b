"""Queries of "Mijn werk": open steps and legal terms with a due time, across the user's
cases (issue 11), over the `werk` read model only. Shared parts: cases/listing.py."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, func, literal_column, or_, union_all
from sqlalchemy import select as sa_select  # plain column rows
from sqlmodel import Session, col, select

from playbook.cases.listing import (
    COUNT_CAP,
    NOW,
    PAGE_SIZE,
    built,
    of_places,
    places,
    search_clause,
    search_params,
)
from playbook.cases.readmodel import LEGAL_PARTNER
from playbook.definition.models import Playbook
from playbook.storage.tables import Case
from playbook.storage.tables_readmodels import WorkItem

WORK_COLUMNS = (col(WorkItem.id), col(WorkItem.kind), col(WorkItem.title),
                col(WorkItem.partner), col(WorkItem.phase_title), col(WorkItem.due_at),
                col(WorkItem.anchor))
WORK_KIND, WORK_DUE = 1, 5


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


# What a "Mijn werk" row shows of its case. Column names are unique across both halves, so one
# result row serves as both `item` and `case` (no copying into objects per row).
WORK_CASE_COLUMNS = (col(Case.reference), col(Case.street), col(Case.house_number),
                     col(Case.house_suffix), col(Case.postcode))


class WorkRow(NamedTuple):  # a tuple: made 50 times per page, cheaply
    item: Any  # a row of WORK_COLUMNS (and WORK_CASE_COLUMNS)
    case: Any  # the same row: reference, street, house_number, house_suffix, postcode
    overdue: bool

    @property
    def due_text(self) -> str:
        """A step is due at a moment; a legal term runs through its last day, so it reads
        't/m 11-01-2027' rather than the midnight after it (art. 6:7 Awb counts whole days)."""
        from playbook.documents.formatting import local, short_nl

        due = self.item.due_at
        if self.item.kind != "stap" and local(due).time() == time(0, 0):
            return "t/m " + (local(due) - timedelta(days=1)).strftime("%d-%m-%Y")
        return short_nl(due)


@dataclass(frozen=True)
class WorkPage:
    rows: list[WorkRow]
    total: int
    capped: bool
    page: int
    sort: str
    descending: bool


def _work_statements(where: WorkFilter, sort: str, descending: bool, dialect: str,
                     all_places: bool, single: bool, deep: bool) -> Any:
    # Conditions on `werk` alone, so the capped count needs no join with `zaak`.
    conditions: list[Any] = []
    if not all_places:  # all places: every municipality (the CLI on a one-municipality install)
        conditions.append(of_places(col(WorkItem.municipality_code), single))
    if where.partner:
        conditions.append(col(WorkItem.partner) == bindparam("partner"))
    if where.kind:
        conditions.append(col(WorkItem.kind) == bindparam("kind"))
    if where.overdue:
        conditions += [col(WorkItem.due_at) < NOW, col(WorkItem.kind) != "info"]
    if where.search:
        conditions.append(search_clause(dialect, col(WorkItem.case_id), single))
    order = [k.desc() if descending else k.asc() for k in WORK_SORTS[sort]]
    order.append(col(WorkItem.id))
    # The capped count rides along in the page query (computed once, not per row): one
    # statement per page. Only a page past the end needs the count on its own.
    count = select(func.count()).select_from(_visible(conditions).limit(COUNT_CAP).subquery())
    shown = or_(KIND != "info", DUE >= NOW)
    columns = (*WORK_COLUMNS, *WORK_CASE_COLUMNS, count.scalar_subquery().label("total"))
    if not deep:  # the first page: one plain statement (the ids first cost it 5-10%)
        page = (sa_select(*columns).join(Case, col(Case.id) == col(WorkItem.case_id))
                .where(*conditions, shown).order_by(*order)
                .offset(bindparam("offset")).limit(bindparam("limit")))
        return page, count
    # A later page: its ids first, read from `werk` alone unless the sort is on the case, so
    # the rows OFFSET skips are never joined with their case (page 21 cost 3 times page 1 on
    # SQLite, bench/deep_pages.py).
    ids = sa_select(col(WorkItem.id))
    if any(key.table is Case.__table__ for key in WORK_SORTS[sort]):  # type: ignore[attr-defined]
        ids = ids.join(Case, col(Case.id) == col(WorkItem.case_id))
    chosen = (ids.where(*conditions, shown).order_by(*order)
              .offset(bindparam("offset")).limit(bindparam("limit")).subquery("pagina"))
    page = (sa_select(*columns).join_from(WorkItem, chosen, col(WorkItem.id) == chosen.c.id)
            .join(Case, col(Case.id) == col(WorkItem.case_id)).order_by(*order))
    return page, count


# A bezwaar term that has run out needs nobody's action: notices (`info`) leave the list then.
# The page reads `kind != 'info' OR due_at >= now` along ix_werk_gemeente_termijn (its order).
# The count reads the same set as three ranges of kind, each a range of ix_werk_gemeente_soort
# (municipality, kind, due time) with nothing to test per entry: walking up to COUNT_CAP
# entries took 0.065 ms instead of 0.13-0.2 ms for the OR on SQLite (bench/lists.py).
# It counts a constant, not the ids: the index holds no id on PostgreSQL, so only a constant
# lets it count from the index alone (an index-only scan of a vacuumed table, 0.1 ms less at
# 100,000 cases); SQLite's indexes carry the rowid, so there it is the same plan.
KIND, DUE = col(WorkItem.kind), col(WorkItem.due_at)
VISIBLE = ((KIND < "info",), (KIND > "info",), (KIND == "info", DUE >= NOW))


def _visible(conditions: list[Any]) -> Any:
    """One row per item the page lists: the conditions and one of the ranges."""
    return union_all(*(sa_select(literal_column("1")).where(*conditions, *v) for v in VISIBLE))


def list_work(session: Session | Connection, codes: Collection[str] | None, where: WorkFilter,
              now: datetime, *, sort: str | None = None, descending: bool = False, page: int = 1,
              page_size: int = PAGE_SIZE) -> WorkPage:
    """One page of open work. It reads plain rows only, so a bare connection will do (the web
    page opens one: an ORM session per request costs as much as this whole query)."""
    sort = sort if sort in WORK_SORTS else "termijn"
    search = (where.search or "").strip() if codes is not None else ""
    where = WorkFilter(where.partner or None, where.kind or None, where.overdue, search or None)
    conn = session if isinstance(session, Connection) else session.connection()
    dialect = conn.dialect.name
    single = codes is not None and len(codes) == 1
    deep = page > 1
    shape = ("werk", bool(where.partner), bool(where.kind), where.overdue, bool(search), sort,
             descending, dialect, codes is None, single, deep)
    page_stmt, count_stmt = built(shape, lambda: _work_statements(
        where, sort, descending, dialect, codes is None, single, deep))
    params: dict[str, Any] = {**places(codes or []), "now": now, "partner": where.partner,
                              "kind": where.kind,
                              **(search_params(search, dialect) if search else {})}
    found = conn.execute(page_stmt, {**params, "offset": (page - 1) * page_size,
                                     "limit": page_size}).all()
    total = found[0].total if found else conn.execute(count_stmt, params).scalar_one()
    kind, due = WORK_KIND, WORK_DUE  # positions: attribute access by name costs per row
    now = now.astimezone(UTC)  # the rows' zone: comparing across zones costs 30x more per row
    rows = [WorkRow(r, r, r[kind] != "info" and r[due] < now) for r in found]
    return WorkPage(rows, total, total >= COUNT_CAP, page, sort, descending)


def partners_of(playbook: Playbook) -> dict[str, str]:
    """Every partner a step names, and the legal office, by name (for the filter and the
    list; no table scan), in the order of their names."""
    names = {s.partner: playbook.partner_name(s.partner) for p in playbook.phases for s in p.steps}
    names[LEGAL_PARTNER] = "Gemeente (juridische zaken)"
    return dict(sorted(names.items(), key=lambda item: item[1].lower()))
