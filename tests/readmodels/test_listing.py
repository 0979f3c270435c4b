"""What the lists count and name, read as the pages read them (over a plain connection), on
SQLite and PostgreSQL: the late steps of a case, and the total of "Mijn werk"."""

import html
import re
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from playbook.cases.listing import CaseFilter, list_cases
from playbook.cases.repository import get_case, touch
from playbook.cases.worklist import WorkFilter, list_work
from playbook.definition.models import Playbook
from playbook.storage.tables import Addressee, Decision
from playbook.storage.tables_readmodels import WorkItem
from tests.integration.helpers import create
from tests.web.conftest import Browsers, utcnow, wall_clock


def test_the_list_counts_every_late_step_and_names_the_three_most_late(
    engine: Engine, uow, playbook: Playbook, browsers: Browsers  # type: ignore[no-untyped-def]
) -> None:
    now = utcnow()
    with uow() as s:
        ref = create(s, playbook, now, occurred_at=wall_clock(now - timedelta(days=3))).reference
        create(s, playbook, now, occurred_at=wall_clock(now - timedelta(minutes=5)),
               street="Dorpsweg", house_number="3", house_suffix=None)  # nothing late yet
    with Session(engine) as s:
        case = get_case(s, ref)
        late = s.exec(select(WorkItem).where(
            WorkItem.case_id == case.id, WorkItem.kind == "stap",
            col(WorkItem.due_at) < now).order_by(col(WorkItem.due_at), col(WorkItem.id))).all()
    assert len(late) > 3
    with engine.connect() as conn:
        overdue = list_cases(conn, [case.municipality_code], CaseFilter(overdue=True), now)
        every = list_cases(conn, [case.municipality_code], CaseFilter(), now)
    assert [r.case.reference for r in overdue.rows] == [ref]
    row = overdue.rows[0]
    assert (row.late_total, row.late) == (len(late), [w.title for w in late[:3]])
    assert [(r.late_total, r.late) for r in every.rows if r.case.reference != ref] == [(0, [])]
    page = html.unescape(browsers["oov"].get("/zaken?te_laat=true").text)
    cell = re.search(rf"{ref}</a>.*?</tr>", page, re.DOTALL)[0]  # type: ignore[index]
    assert f'<span class="badge-late">{len(late)} te laat</span>' in cell
    assert re.findall(r"<li>(.*?)</li>", cell) == [w.title for w in late[:3]] + [
        f"en {len(late) - 3} meer"]


def test_my_work_counts_what_it_lists_and_leaves_out_notices_whose_term_ran_out(
    engine: Engine, uow, playbook: Playbook  # type: ignore[no-untyped-def]
) -> None:
    now = utcnow()
    today = now.date()
    with uow() as s:
        case = create(s, playbook, now, occurred_at=wall_clock(now - timedelta(hours=5)))
        for days_ago in (60, 10):  # a bezwaar term (six weeks, art. 6:7 Awb) ran out, one runs
            decision = Decision(case_id=case.id, kind="sluiting", status="bekendgemaakt",  # type: ignore[arg-type]
                                made_known_on=today - timedelta(days=days_ago),
                                created_at=now, updated_at=now)
            s.add(decision)
            s.flush()
            s.add(Addressee(decision_id=decision.id, name="Bewoner", capacity="bewoner",  # type: ignore[arg-type]
                            made_known_on=decision.made_known_on))
        touch(case, now)
        code = case.municipality_code
    with Session(engine) as s:
        notices = s.exec(select(WorkItem).where(WorkItem.kind == "info")).all()
    assert len(notices) == 2 and min(n.due_at for n in notices) < now  # one has run out
    with engine.connect() as conn:
        full = list_work(conn, [code], WorkFilter(), now)
        shown = [r.item.kind for r in full.rows]
        assert shown.count("info") == 1 and "stap" in shown
        # A page that is not full counts what it lists; a full page counts past itself.
        assert (full.total, full.capped) == (len(full.rows), False)
        small = list_work(conn, [code], WorkFilter(), now, page_size=2)
        assert (small.total, len(small.rows)) == (full.total, 2)
        beyond = list_work(conn, [code], WorkFilter(), now, page=99)
        assert (beyond.total, beyond.rows) == (full.total, [])
        for where in (WorkFilter(overdue=True), WorkFilter(kind="info"), WorkFilter(kind="stap"),
                      WorkFilter(partner="politie")):
            page = list_work(conn, [code], where, now)
            assert page.total == len(page.rows) > 0, where
        assert [r.item.kind for r in list_work(conn, [code], WorkFilter(kind="info"),
                                               now).rows] == ["info"]
        assert all(r.overdue and r.item.kind != "info"
                   for r in list_work(conn, [code], WorkFilter(overdue=True), now).rows)


def test_pages_follow_each_other_in_every_sort_and_the_web_stops_at_the_last(
    engine: Engine, uow, playbook: Playbook, browsers: Browsers  # type: ignore[no-untyped-def]
) -> None:
    """Pages of three cases (of ten work items): together they list everything once, in the
    order of one long page (the first page is one statement, later pages read their ids first),
    each case with its own late steps; past the last page a list links to, the web says why."""
    from playbook.cases.listing import CASE_SORTS, LAST_PAGE
    from playbook.cases.worklist import WORK_SORTS

    now = utcnow()
    with uow() as s:
        code = create(s, playbook, now, occurred_at=wall_clock(now - timedelta(days=3))
                      ).municipality_code
        for n in range(7):
            create(s, playbook, now, street="Dorpsweg", house_number=str(n + 1),
                   house_suffix=None, occurred_at=wall_clock(now - timedelta(hours=3 * n + 1)))
    with engine.connect() as conn:
        for sort in CASE_SORTS:
            for descending in (False, True):
                whole = list_cases(conn, [code], CaseFilter(), now, sort=sort,
                                   descending=descending, page_size=50).rows
                paged = [r for p in (1, 2, 3) for r in list_cases(
                    conn, [code], CaseFilter(), now, sort=sort, descending=descending,
                    page=p, page_size=3).rows]
                assert len(whole) == 8
                assert [(r.case.reference, r.late_total, r.late) for r in paged] == [
                    (r.case.reference, r.late_total, r.late) for r in whole], (sort, descending)
        for sort in WORK_SORTS:
            for descending in (False, True):
                every = list_work(conn, [code], WorkFilter(), now, sort=sort,
                                  descending=descending, page_size=500)
                pages = -(-every.total // 10)
                paged_work = [r.item.id for p in range(1, pages + 1) for r in list_work(
                    conn, [code], WorkFilter(), now, sort=sort, descending=descending,
                    page=p, page_size=10).rows]
                assert every.total > 20
                assert paged_work == [r.item.id for r in every.rows], (sort, descending)
    oov = browsers["oov"]
    assert oov.get(f"/zaken?pagina={LAST_PAGE}").status_code == 200
    for path in ("/zaken", "/werk"):
        refused = oov.get(f"{path}?pagina={LAST_PAGE + 1}")
        assert refused.status_code == 422, path
        assert f"mag hoogstens {LAST_PAGE} zijn" in html.unescape(refused.text), path
