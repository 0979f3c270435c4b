"""The partner inbox: a partner sees only the documents addressed to its organisation, with
new / read / acknowledged per user (service: playbook/documents/inbox.py)."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import RedirectResponse, Response

from playbook.cases.repository import get_case
from playbook.documents.inbox import (
    STATUS_LABELS,
    InboxStatus,
    Reader,
    acknowledge,
    counts,
    items,
    open_document,
)
from playbook.errors import NotFound
from playbook.letters import registry
from playbook.storage.db import read_session, unit_of_work
from playbook.storage.tables import Document
from playbook.validation import INT_MAX
from playbook.web.app import now, page
from playbook.web.security import (
    Principal,
    SignedInForm,
    check_case,
    may_download,
    require,
)

router = APIRouter(include_in_schema=False)


def pdf_response(request: Request, user: Principal, reference: str, document_id: int) -> Response:
    with read_session(request.app.state.engine) as session:
        case = get_case(session, reference)
        check_case(user, case)
        document = session.get(Document, document_id)
        # Missing, on another case, another municipality's, or not addressed to this partner:
        # one answer, so a guess learns nothing about what exists.
        if (document is None or document.case_id != case.id
                or not may_download(user, case, document)):
            raise NotFound("Dit document bestaat niet bij deze zaak, of is niet voor u.")
        return Response(document.content, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{document.filename}"',
            "Cache-Control": "no-store"})


def _reader(user: Principal) -> Reader:
    kinds = registry.kinds_for_partner(user.partner)  # the letter registry says who reads what
    return Reader(user.id, user.username, user.partner or "", user.municipality_code, kinds)


FILTERS = [("", "Alle"), *((s.value, label) for s, label in STATUS_LABELS.items())]
DONE = {"bevestigd": "De ontvangst is bevestigd en vastgelegd in het auditspoor."}


@router.get("/inbox")
def inbox(request: Request, status: str = "", gelukt: str = "") -> Response:
    user = require(request, "inbox:read")
    chosen = InboxStatus(status) if status in InboxStatus.__members__ else None
    reader = _reader(user)
    with read_session(request.app.state.engine) as session:
        found = items(session, reader=reader, status=chosen)
        per_status = counts(session, reader=reader)
    return page(request, "inbox.html.j2", title="Inbox", user=user, items=found,
                counts=per_status, status=chosen.value if chosen else "", filters=FILTERS,
                message=DONE.get(gelukt))


@router.get("/inbox/{reference}/{document_id}")
def inbox_download(request: Request, reference: str,
                   document_id: Annotated[int, Path(ge=1, le=INT_MAX)]) -> Response:
    user = require(request, "inbox:read")
    with unit_of_work(request.app.state.engine) as session:
        document = open_document(session, reader=_reader(user), reference=reference,
                                 document_id=document_id, now=now())
        content, filename = document.content, document.filename
    return Response(content, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


@router.post("/inbox/{reference}/{document_id}/bevestigen")
def inbox_acknowledge(request: Request, reference: str,
                      document_id: Annotated[int, Path(ge=1, le=INT_MAX)],
                      user: SignedInForm) -> Response:
    if not user.may("inbox:read"):
        raise HTTPException(403, "U heeft geen toegang tot deze pagina of handeling.")
    with unit_of_work(request.app.state.engine) as session:
        acknowledge(session, reader=_reader(user), reference=reference, document_id=document_id,
                    now=now())
    return RedirectResponse("/inbox?gelukt=bevestigd", status_code=303)
