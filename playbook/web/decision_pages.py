"""The mayor's office workspace: draft, check, voornemen or spoed, issue, bekendmaking,
extension and lifting of closure decisions.

Every refusal shows the workspace again with what was typed and the problem next to its field;
"nemen" needs a confirmation that names what will happen, and a preview of the letter can be
opened first (rendered, never stored)."""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from sqlmodel import Session

from playbook.decisions import service
from playbook.errors import InvalidInput, NotAllowed, PlaybookError
from playbook.validation import INT_MAX
from playbook.web.app import now
from playbook.web.decision_forms import DONE_MESSAGES, DRAFT_FIELDS
from playbook.web.decision_workspace import caller, form_of, number, perform, workspace
from playbook.web.deps import CaseDecisions, CaseRead, Csrf, Db, Scoped
from playbook.web.forms import local_date, local_time, required_local_date
from playbook.web.measure_forms import DONE as MEASURE_DONE

__all__ = ["router", "workspace"]  # objection_pages re-renders the workspace from here

router = APIRouter(include_in_schema=False, dependencies=[Csrf])
DecisionId = Annotated[int, Path(ge=1, le=INT_MAX)]


@router.get("/zaken/{reference}/besluiten")
def show(request: Request, scope: CaseRead, db: Db, gelukt: str | None = None) -> Response:
    return workspace(
        request, db, scope, message={**DONE_MESSAGES, **MEASURE_DONE}.get(gelukt or "")
    )


@router.get("/zaken/{reference}/besluiten/{decision_id}/voorbeeld")
def preview(scope: CaseDecisions, db: Db, decision_id: DecisionId) -> Response:
    """The letter exactly as "nemen" would make it, rendered inside the request's read-only
    session and rolled back: nothing is stored, audited or completed."""
    try:
        _, document = service.issue(
            session=db,
            reference=scope.reference,
            decision_id=decision_id,
            actor=scope.user.username,
            now=now(),
        )
        content = document.content
    except PlaybookError as exc:
        raise NotAllowed(f"Nog geen voorbeeld mogelijk. {exc.message}") from None
    finally:
        db.rollback()
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="voorbeeld-besluit-{decision_id}.pdf"',
            "Cache-Control": "no-store",
        },
    )


def heard(form: dict[str, str | None]) -> list[int]:
    """The persons ticked as heard: one checkbox each, `gehoord-<person id>`."""
    ids = [key.removeprefix("gehoord-") for key, value in form.items()
           if key.startswith("gehoord-") and value == "ja"]
    if not all(i.isdigit() and len(i) <= 9 for i in ids):
        raise InvalidInput(["gehoord: onbekende persoon gekozen"])
    return [int(i) for i in ids]


def _actions(
    db: Session, scope: Scoped, form: dict[str, str | None], decision_id: int, moment: datetime
) -> dict[str, Callable[[], object]]:
    """Each lifecycle action as one service call (`decision_id` 0 for a new draft)."""
    reference, run = scope.reference, caller(db, scope, moment)

    def fields() -> Any:
        return service.parse_draft({f: form.get(f) for f in DRAFT_FIELDS})

    def take() -> object:
        if form.get("bevestigd") != "ja":
            # What is still missing matters more than the tick box: say that first.
            missing = service.check(
                session=db, reference=reference, decision_id=decision_id, now=moment
            )
            raise InvalidInput(
                missing
                or [
                    "bevestigd: vink aan dat u het voorbeeld heeft gezien en het besluit wilt nemen"
                ]
            )
        return run(service.issue, decision_id=decision_id)

    return {
        "nieuw": lambda: run(
            service.draft,
            fields=fields(),
            expected_version=number(form, "versie"),
        ),
        "wijzig": lambda: run(
            service.draft,
            fields=fields(),
            decision_id=decision_id,
            expected_version=number(form, "versie"),
        ),
        "voornemen": lambda: run(
            service.send_intent,
            decision_id=decision_id,
            hearing_days=number(form, "termijn") or 7,
            hearing_days_reasons=form.get("reden_termijn"),
            sent_on=local_date(form.get("verzonden"), "verzonden"),
            sent_how=form.get("wijze"),
        ),
        "verzending": lambda: run(
            service.record_dispatch,
            decision_id=decision_id,
            on=required_local_date(form.get("datum"), "datum"),
            how=form.get("wijze") or "",
        ),
        "spoed": lambda: run(
            service.record_urgency,
            decision_id=decision_id,
            reasons=form.get("reden") or "",
        ),
        "zienswijze": lambda: run(
            service.record_hearing,
            decision_id=decision_id,
            outcome=form.get("uitkomst") or "",
            given=form.get("gegeven") == "ja",
            heard=heard(form),
        ),
        "neem": take,
        "bekendmaking": lambda: run(
            service.make_known,
            decision_id=decision_id,
            on=required_local_date(form.get("datum"), "datum"),
            at=local_time(form.get("tijd"), "tijd"),
            how=form.get("wijze") or "",
            addressee_id=number(form, "geadresseerde"),
        ),
        "verleng": lambda: run(
            service.extend,
            parent_id=decision_id,
            fields=fields(),
        ),
        "ophef": lambda: run(
            service.lift,
            parent_id=decision_id,
            reasons=form.get("reden") or "",
            effective=local_date(form.get("datum"), "datum"),
        ),
    }


@router.post("/zaken/{reference}/besluiten/{action}")
async def act(
    request: Request, scope: CaseDecisions, db: Db, action: Annotated[str, Path(max_length=32)]
) -> Response:
    """One endpoint per lifecycle action, all guarded by the same dependencies."""
    form = await form_of(request)
    # A first closure draft makes closure a fact of the case: the officer sees new steps, so
    # the message says why.
    first_closure = action == "nieuw" and not scope.case.closure
    return perform(
        request,
        db,
        scope,
        form,
        action,
        lambda decision_id: _actions(db, scope, form, decision_id, now()),
        action,
        "een besluit",
        success="nieuw-sluiting" if first_closure else None,
    )
