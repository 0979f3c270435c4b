"""'Mijn werk': every due and overdue step and legal term across the user's cases (issue 11).

The landing page of officers. It reads the `werk` read model only (cases/listing.py)."""

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from playbook.cases.listing import PAGE_SIZE
from playbook.cases.worklist import WORK_SORTS, WorkFilter, WorkRow, list_work, partners_of
from playbook.users.scope import visible_municipalities
from playbook.validation import SINGLE_LINE
from playbook.web.app import now, page
from playbook.web.lists import PageNo, app_playbook, found, sort_links
from playbook.web.security import require

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=200, pattern=SINGLE_LINE)]
Kind = Annotated[Literal["stap", "termijn", "info", ""] | None, Query()]
KINDS = {"stap": "Stappen", "termijn": "Wettelijke termijnen", "info": "Ter kennisneming"}


def action_of(row: WorkRow) -> tuple[str, str]:
    """Where the user acts on this item, and the link text."""
    base = f"/zaken/{row.case.reference}"
    if row.item.kind == "stap":
        return f"{base}#{row.item.anchor}", "Stap afhandelen"
    return f"{base}/besluiten", "Naar besluiten en bezwaren"


@router.get("/werk")
def my_work(request: Request, partner: Text = None, soort: Kind = None, te_laat: bool = False,
            zoek: Text = None, sorteer: Text = None,
            richting: Annotated[Literal["op", "af"] | None, Query()] = None,
            pagina: PageNo = 1) -> Response:
    user = require(request, "case:read")
    where = WorkFilter(partner=partner or None, kind=soort or None, overdue=te_laat,
                       search=zoek or None)
    # A read-only connection, rolled back on close: the page reads plain rows, no ORM objects.
    with request.app.state.engine.connect() as conn:
        result = list_work(conn, visible_municipalities(user), where, now(), sort=sorteer,
                           descending=richting == "af", page=pagina)
    params = {"partner": partner or "", "soort": soort or "", "zoek": zoek or "",
              "te_laat": "true" if te_laat else ""}
    pager = urlencode({**{k: v for k, v in params.items() if v}, "sorteer": result.sort,
                       "richting": "af" if result.descending else "op"})
    return page(request, "work.html.j2", title="Mijn werk", user=user, result=result,
                found=found(result.total, result.capped, "taak", "taken"),
                entries=[(r, *action_of(r)) for r in result.rows],
                sorts=sort_links("/werk", params, list(WORK_SORTS), result.sort,
                                 result.descending),
                pager=pager, has_next=result.page * PAGE_SIZE < result.total,
                filters={**params, "te_laat": te_laat}, kinds=KINDS,
                partners=partners_of(app_playbook(request)))
