"""The measures of issue 13 in the decision workspace: start a cameratoezicht, gebiedsverbod or
13b closure, edit its draft, record a disturbance and extend a ban. Each form is one call of
`decisions/measures.py`, as `playbook maatregel ...` makes it; voornemen, spoed, nemen,
bekendmaking and bezwaar are the closure's own forms (decision_pages.py, objection_pages.py).

A refusal shows the workspace again with what was typed (status 4xx); nothing is written."""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from sqlmodel import Session

from playbook.decisions import measures
from playbook.errors import InvalidInput, NotFound
from playbook.web import measure_forms
from playbook.web.app import now
from playbook.web.decision_workspace import workspace
from playbook.web.deps import CaseDecisions, Csrf, Db, Scoped, attempt, redirect
from playbook.web.forms import required_local_date

router = APIRouter(include_in_schema=False, dependencies=[Csrf])


def _number(form: dict[str, str | None], field: str) -> int | None:
    value = form.get(field)
    if value is None:
        return None
    if not value.isdigit() or len(value) > 9:
        raise InvalidInput([f"{field}: '{value[:20]}' is geen geheel getal"])
    return int(value)


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
    reference, who = scope.reference, scope.user.username

    def new() -> object:
        kind = form.get("soort") or ""
        if kind not in measure_forms.KINDS:
            raise InvalidInput(["soort: kies cameratoezicht, gebiedsverbod of sluiting (13b)"])
        return measures.draft(
            session=db,
            reference=reference,
            kind=kind,
            fields=measure_forms.parse(kind, form),
            actor=who,
            now=moment,
            expected_version=_number(form, "versie"),
        )

    def edit() -> object:
        return measures.draft(
            session=db,
            reference=reference,
            kind="",
            fields=measure_forms.parse(_kind_of(db, scope, decision_id), form),
            actor=who,
            now=moment,
            decision_id=decision_id,
            expected_version=_number(form, "versie"),
        )

    return {
        "nieuw": new,
        "wijzig": edit,
        "verstoring": lambda: measures.record_incident(
            session=db,
            reference=reference,
            decision_id=decision_id,
            occurred_on=required_local_date(form.get("datum"), "datum verstoring"),
            description=form.get("omschrijving") or "",
            source=form.get("bron") or "",
            actor=who,
            now=moment,
        ),
        "verleng": lambda: measures.extend(
            session=db,
            reference=reference,
            decision_id=decision_id,
            end_date=required_local_date(form.get("tot"), "tot"),
            reasons=form.get("reden") or "",
            actor=who,
            now=moment,
        ),
    }


@router.post("/zaken/{reference}/maatregelen/{action}")
async def act(
    request: Request, scope: CaseDecisions, db: Db, action: Annotated[str, Path(max_length=32)]
) -> Response:
    """One endpoint per measure action, guarded like the closure's (decision:write)."""
    form = {
        k: (str(v).strip() or None) for k, v in (await request.form()).items() if k != "csrf_token"
    }
    failed_action = action if action == "verstoring" else f"maatregel-{action}"
    try:
        decision_id = _number(form, "besluit")
    except InvalidInput as exc:
        return workspace(request, db, scope, exc.problems, 422)
    actions = _actions(db, scope, form, decision_id or 0, now())
    if action not in actions or (decision_id is None and action != "nieuw"):
        raise NotFound(f"Onbekende handeling '{action}' op een maatregel.")
    error = attempt(db, actions[action])
    if error is not None:
        failed = {"action": failed_action, "decision": decision_id, "values": form}
        return workspace(
            request, db, scope, error.problems or [error.message], error.status_code, failed=failed
        )
    return redirect(f"/zaken/{scope.reference}/besluiten?gelukt={failed_action}")
