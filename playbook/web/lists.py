"""The case list: filters, search and sorting over the read models (cases/listing.py)."""

from functools import cache
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from playbook.cases.listing import CASE_SORTS, LAST_PAGE, PAGE_SIZE, CaseFilter, list_cases
from playbook.config import Settings
from playbook.definition.enums import ObjectType
from playbook.definition.loader import load_playbook
from playbook.definition.models import CLOSED, CLOSED_TITLE, Playbook
from playbook.users.scope import visible_municipalities
from playbook.validation import SINGLE_LINE
from playbook.web.app import now, page
from playbook.web.security import require

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=200, pattern=SINGLE_LINE)]
PageNo = Annotated[int, Query(ge=1, le=LAST_PAGE)]
Direction = Annotated[Literal["op", "af"] | None, Query()]


@cache
def _playbook(phases: str, municipality: str) -> Playbook:
    from pathlib import Path

    return load_playbook(Path(phases), Path(municipality))


def app_playbook(request: Request) -> Playbook:
    """The playbook this server runs, for filter options (phase titles, partners)."""
    settings: Settings = request.app.state.settings
    return _playbook(str(settings.resolved_phases_dir()),
                     str(settings.resolved_municipality_file()))


def found(total: int, capped: bool, one: str, many: str) -> str:
    """Dutch count with the right plural: "1 zaak gevonden", "2 zaken gevonden"."""
    if total == 0:
        return f"0 {many} gevonden."
    if capped:
        return f"Meer dan {total - 1:,} {many} gevonden; verfijn uw zoekopdracht.".replace(",", ".")
    return f"{total} {one if total == 1 else many} gevonden."


def sort_links(path: str, params: dict[str, str], keys: list[str], current: str,
               descending: bool) -> dict[str, dict[str, str]]:
    """Per column: the link that sorts on it (again: the other way) and its aria-sort value."""
    links = {}
    for key in keys:
        active = key == current
        flip = "op" if active and descending else "af" if active else "op"
        query = urlencode({**{k: v for k, v in params.items() if v}, "sorteer": key,
                           "richting": flip})
        links[key] = {"href": f"{path}?{query}",
                      "aria": ("descending" if descending else "ascending") if active else "none"}
    return links


@router.get("/zaken")
def case_list(request: Request, fase: Text = None, objecttype: Text = None,
              te_laat: bool = False, zoek: Text = None, sorteer: Text = None,
              richting: Direction = None, pagina: PageNo = 1) -> Response:
    user = require(request, "case:read")
    where = CaseFilter(phase=fase or None, object_type=objecttype or None, overdue=te_laat,
                       search=zoek or None)
    descending = None if richting is None else richting == "af"
    # A read-only connection, rolled back on close: the page reads plain rows, no ORM objects.
    with request.app.state.engine.connect() as conn:
        result = list_cases(conn, visible_municipalities(user), where, now(), sort=sorteer,
                            descending=descending, page=pagina)
    playbook = app_playbook(request)
    params = {"fase": fase or "", "objecttype": objecttype or "", "zoek": zoek or "",
              "te_laat": "true" if te_laat else ""}
    pager = urlencode({**{k: v for k, v in params.items() if v}, "sorteer": result.sort,
                       "richting": "af" if result.descending else "op"})
    return page(request, "cases.html.j2", title="Zaken", user=user, result=result,
                found=found(result.total, result.capped, "zaak", "zaken"),
                sorts=sort_links("/zaken", params, list(CASE_SORTS), result.sort,
                                 result.descending),
                pager=pager, has_next=result.page * PAGE_SIZE < result.total,
                filters={**params, "te_laat": te_laat},
                object_types=[o.value for o in ObjectType],
                phases=[*((p.id, p.title) for p in playbook.ordered_phases),
                        (CLOSED, CLOSED_TITLE)])
