"""The partner inbox: a partner sees only the documents addressed to its organisation."""

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from sqlmodel import col, select

from playbook.cases.repository import get_case
from playbook.errors import NotFound
from playbook.letters import registry
from playbook.storage.db import read_session
from playbook.storage.tables import Case, Document
from playbook.users.scope import cases_visible_to
from playbook.validation import INT_MAX
from playbook.web.app import page
from playbook.web.security import Principal, check_case, may_download, require

router = APIRouter(include_in_schema=False)


def pdf_response(request: Request, user: Principal, reference: str, document_id: int) -> Response:
    with read_session(request.app.state.engine) as session:
        case = get_case(session, reference)
        check_case(user, case)
        document = session.get(Document, document_id)
        # Missing, on another case, another municipality's, or not addressed to this partner:
        # one answer, so a guess learns nothing about what exists.
        if document is None or document.case_id != case.id or not may_download(user, case, document):
            raise NotFound("Dit document bestaat niet bij deze zaak, of is niet voor u.")
        return Response(document.content, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{document.filename}"',
            "Cache-Control": "no-store"})


@router.get("/inbox")
def inbox(request: Request) -> Response:
    user = require(request, "inbox:read")
    kinds = registry.kinds_for_partner(user.partner)
    with read_session(request.app.state.engine) as session:
        rows = session.exec(
            select(Document, Case).join(Case, col(Document.case_id) == col(Case.id))
            .where(cases_visible_to(user), col(Document.kind).in_(kinds))
            .order_by(col(Document.created_at).desc()).limit(200)
        ).all()
        items = [{"id": d.id, "filename": d.filename, "kind": d.kind, "version": d.version,
                  "created_at": d.created_at, "reference": c.reference, "street": c.street}
                 for d, c in rows]
    return page(request, "inbox.html.j2", title="Inbox", user=user, items=items)


@router.get("/inbox/{reference}/{document_id}")
def inbox_download(request: Request, reference: str,
                   document_id: Annotated[int, Path(ge=1, le=INT_MAX)]) -> Response:
    user = require(request, "inbox:read")
    return pdf_response(request, user, reference, document_id)
