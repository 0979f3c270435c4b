"""The measures of issue 13 in the decision workspace: start a cameratoezicht, gebiedsverbod or
13b closure, edit its draft, record a disturbance, extend a ban and lift a measure early. Each
form is one call of `decisions/measures.py`, as `playbook maatregel ...` makes it; voornemen,
spoed, nemen, bekendmaking and bezwaar are the closure's own forms (decision_pages.py).

A refusal shows the workspace again with what was typed (status 4xx); nothing is written."""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from sqlmodel import Session
from starlette.datastructures import UploadFile

from playbook.decisions import measures
from playbook.decisions.measures_map import MAX_BYTES
from playbook.errors import InvalidInput, NotFound
from playbook.web import measure_forms
from playbook.web.app import now
from playbook.web.decision_workspace import caller, form_of, number, perform
from playbook.web.deps import CaseDecisions, Csrf, Db, Scoped
from playbook.web.forms import local_date, required_local_date

router = APIRouter(include_in_schema=False, dependencies=[Csrf])


def _kind_of(db: Session, scope: Scoped, decision_id: int) -> str:
    """The kind of a measure of this case (its edit form only holds that kind's fields)."""
    from playbook.decisions.common import get_decision

    decision = get_decision(db, scope.case, decision_id)
    if decision.kind not in measure_forms.KINDS:
        raise NotFound("Dit besluit is geen maatregel.")
    return decision.kind


def _actions(
    db: Session, scope: Scoped, form: dict[str, str | None], decision_id: int, moment: datetime
) -> dict[str, Callable[[], object]]:
    run = caller(db, scope, moment)

    def new() -> object:
        kind = form.get("soort") or ""
        if kind not in measure_forms.KINDS:
            raise InvalidInput(["soort: kies cameratoezicht, gebiedsverbod of sluiting (13b)"])
        fields = measure_forms.parse(kind, form)
        return run(
            measures.draft, kind=kind, fields=fields, expected_version=number(form, "versie")
        )

    def edit() -> object:
        fields = measure_forms.parse(_kind_of(db, scope, decision_id), form)
        version = number(form, "versie")
        return run(
            measures.draft,
            kind="",
            fields=fields,
            decision_id=decision_id,
            expected_version=version,
        )

    return {
        "nieuw": new,
        "wijzig": edit,
        "verstoring": lambda: run(
            measures.record_incident,
            decision_id=decision_id,
            occurred_on=required_local_date(form.get("datum"), "datum verstoring"),
            description=form.get("omschrijving") or "",
            source=form.get("bron") or "",
        ),
        "ophef": lambda: run(
            measures.lift,
            decision_id=decision_id,
            reasons=form.get("reden") or "",
            effective=local_date(form.get("datum"), "ingang opheffing"),
        ),
        "verleng": lambda: run(
            measures.extend,
            decision_id=decision_id,
            end_date=required_local_date(form.get("tot"), "tot"),
            reasons=form.get("reden") or "",
        ),
    }


@router.post("/zaken/{reference}/maatregelen/kaart")
async def upload_map(request: Request, scope: CaseDecisions, db: Db) -> Response:
    """The map of a gebiedsverbod or cameratoezicht, uploaded as a file (multipart)."""
    posted = await request.form()
    upload = posted.get("kaart")
    content, filename = b"", ""
    if isinstance(upload, UploadFile):
        content, filename = await upload.read(MAX_BYTES + 1), upload.filename or ""
    form = {"besluit": str(posted.get("besluit") or "").strip() or None}
    run = caller(db, scope, now())
    return perform(
        request,
        db,
        scope,
        form,
        "kaart",
        lambda decision_id: {"kaart": lambda: run(
            measures.attach_map, decision_id=decision_id, content=content, filename=filename)},
        "maatregel-kaart",
        "een maatregel",
    )


@router.post("/zaken/{reference}/maatregelen/{action}")
async def act(
    request: Request, scope: CaseDecisions, db: Db, action: Annotated[str, Path(max_length=32)]
) -> Response:
    """One endpoint per measure action, guarded like the closure's (decision:write)."""
    form = await form_of(request)
    done = action if action == "verstoring" else f"maatregel-{action}"
    return perform(
        request,
        db,
        scope,
        form,
        action,
        lambda decision_id: _actions(db, scope, form, decision_id, now()),
        done,
        "een maatregel",
    )
