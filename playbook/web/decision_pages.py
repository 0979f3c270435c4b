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
from playbook.decisions.common import LABELS
from playbook.decisions.grounds import GROUNDS
from playbook.documents.service import list_documents
from playbook.errors import InvalidInput, NotAllowed, NotFound, PlaybookError
from playbook.storage.tables import Case, Decision
from playbook.validation import INT_MAX
from playbook.web.app import now, page
from playbook.web.case_context import DOCUMENT_TITLES
from playbook.web.decision_forms import (
    DONE_MESSAGES,
    DRAFT_FIELDS,
    DRAFT_FORM,
    KIND_TITLES,
    STATUS_TITLES,
    missing_link,
)
from playbook.web.deps import (
    CaseDecisions,
    CaseRead,
    Csrf,
    Db,
    Scoped,
    attempt,
    field_errors,
    redirect,
)
from playbook.web.forms import local_date, local_time, required_local_date

router = APIRouter(include_in_schema=False, dependencies=[Csrf])
DecisionId = Annotated[int, Path(ge=1, le=INT_MAX)]


def _stored(d: Decision) -> dict[str, Any]:
    values = {f: getattr(d, f) for f in DRAFT_FIELDS}
    values["start_time"] = d.start_time.strftime("%H:%M") if d.start_time else None
    values["start_date"] = d.start_date.isoformat() if d.start_date else None
    return values


def workspace(
    request: Request,
    db: Session,
    scope: Scoped,
    errors: list[str] | None = None,
    status: int = 200,
    message: str | None = None,
    failed: dict[str, Any] | None = None,
) -> Response:
    """The workspace; `failed` = {"action", "decision", "values"} re-fills the form that failed."""
    case, moment = scope.case, now()
    failed = failed or {}
    documents: dict[str, list[Any]] = {}
    for doc in list_documents(db, case):
        documents.setdefault(doc.scope, []).append(doc)
    rows = []
    for d in service.decisions_of(db, case):
        missing = (
            service.check(
                session=db,
                reference=case.reference,
                decision_id=d.id,  # type: ignore[arg-type]
                now=moment,
            )
            if d.status in ("concept", "voornemen")
            else []
        )
        fields = _stored(d)
        addressees = service.addressees_of(db, d)
        if failed.get("action") in ("wijzig", "verleng") and failed.get("decision") == d.id:
            fields.update(failed["values"])
        rows.append(
            {
                "d": d,
                "end": service.end_date(d),
                "fields": fields,
                "missing": [(m, missing_link(case.reference, d.id, m)) for m in missing],  # type: ignore[arg-type]
                "deadlines": service.deadlines(d, db),
                "addressees": addressees,
                "addressee_options": [(a.id, f"{a.name} ({a.capacity})") for a in addressees],
                "unreached_options": [
                    (a.id, f"{a.name} ({a.capacity})")
                    for a in addressees
                    if a.made_known_on is None
                ],
                "documents": sorted(
                    documents.get(f"besluit-{d.id}", []), key=lambda x: (x.kind, -x.version)
                ),
                "objections": _objections(db, case, d),
                "title": KIND_TITLES.get(d.kind, d.kind),
                "status": STATUS_TITLES.get(d.status, d.status),
            }
        )
    new_values = failed["values"] if failed.get("action") == "nieuw" else {}
    problems = errors or []
    return page(
        request,
        "decisions.html.j2",
        status,
        title=f"Besluiten zaak {case.reference}",
        user=scope.user,
        case=case,
        decisions=rows,
        grounds=GROUNDS,
        errors=problems,
        field_errors=field_errors(problems),
        message=message,
        failed=failed,
        new_values=new_values,
        document_titles=DOCUMENT_TITLES,
        draft_form=DRAFT_FORM,
        labels=LABELS,
        grounds_options=[(code, g.article) for code, g in GROUNDS.items() if code != "175"],
        may_write=scope.user.may("decision:write"),
        today=moment.date().isoformat(),
    )


def _objections(db: Session, case: Case, d: Decision) -> list[dict[str, Any]]:
    from playbook.decisions import objections

    return [
        {
            "row": o,
            "verdict": objections.timeliness(db, case, o),
            "term": objections.term_of(db, case, o),
        }
        for o in objections.objections_of(db, case)
        if o.decision_id == d.id
    ]


@router.get("/zaken/{reference}/besluiten")
def show(request: Request, scope: CaseRead, db: Db, gelukt: str | None = None) -> Response:
    return workspace(request, db, scope, message=DONE_MESSAGES.get(gelukt or ""))


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
        raise NotAllowed(
            f"Nog geen voorbeeld mogelijk. {exc.message} " + " ".join(exc.problems or [])
        ) from None
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


def _number(form: dict[str, str | None], field: str, label: str) -> int | None:
    value = form.get(field)
    if value is None:
        return None
    if not value.isdigit() or len(value) > 9:
        raise InvalidInput([f"{label}: '{value[:20]}' is geen geheel getal"])
    return int(value)


def _actions(
    db: Session, scope: Scoped, form: dict[str, str | None], decision_id: int, moment: datetime
) -> dict[str, Callable[[], object]]:
    """Each lifecycle action as one service call (`decision_id` 0 for a new draft)."""
    reference, who = scope.reference, scope.user.username

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
        return service.issue(
            session=db, reference=reference, decision_id=decision_id, actor=who, now=moment
        )

    return {
        "nieuw": lambda: service.draft(
            session=db,
            reference=reference,
            fields=fields(),
            actor=who,
            now=moment,
            expected_version=_number(form, "versie", "versie"),
        ),
        "wijzig": lambda: service.draft(
            session=db,
            reference=reference,
            fields=fields(),
            actor=who,
            now=moment,
            decision_id=decision_id,
            expected_version=_number(form, "versie", "versie"),
        ),
        "voornemen": lambda: service.send_intent(
            session=db,
            reference=reference,
            decision_id=decision_id,
            hearing_days=_number(form, "termijn", "termijn") or 7,
            hearing_days_reasons=form.get("reden_termijn"),
            sent_on=local_date(form.get("verzonden"), "verzonden"),
            sent_how=form.get("wijze"),
            actor=who,
            now=moment,
        ),
        "verzending": lambda: service.record_dispatch(
            session=db,
            reference=reference,
            decision_id=decision_id,
            on=required_local_date(form.get("datum"), "datum"),
            how=form.get("wijze") or "",
            actor=who,
            now=moment,
        ),
        "spoed": lambda: service.record_urgency(
            session=db,
            reference=reference,
            decision_id=decision_id,
            reasons=form.get("reden") or "",
            actor=who,
            now=moment,
        ),
        "zienswijze": lambda: service.record_hearing(
            session=db,
            reference=reference,
            decision_id=decision_id,
            outcome=form.get("uitkomst") or "",
            given=form.get("gegeven") == "ja",
            actor=who,
            now=moment,
        ),
        "neem": take,
        "bekendmaking": lambda: service.make_known(
            session=db,
            reference=reference,
            decision_id=decision_id,
            on=required_local_date(form.get("datum"), "datum"),
            at=local_time(form.get("tijd"), "tijd"),
            how=form.get("wijze") or "",
            addressee_id=_number(form, "geadresseerde", "geadresseerde"),
            actor=who,
            now=moment,
        ),
        "verleng": lambda: service.extend(
            session=db,
            reference=reference,
            parent_id=decision_id,
            fields=fields(),
            actor=who,
            now=moment,
        ),
        "ophef": lambda: service.lift(
            session=db,
            reference=reference,
            parent_id=decision_id,
            reasons=form.get("reden") or "",
            effective=local_date(form.get("datum"), "datum"),
            actor=who,
            now=moment,
        ),
    }


@router.post("/zaken/{reference}/besluiten/{action}")
async def act(
    request: Request, scope: CaseDecisions, db: Db, action: Annotated[str, Path(max_length=32)]
) -> Response:
    """One endpoint per lifecycle action, all guarded by the same dependencies."""
    form = {
        k: (str(v).strip() or None) for k, v in (await request.form()).items() if k != "csrf_token"
    }
    try:
        decision_id = _number(form, "besluit", "besluit")
    except InvalidInput as exc:
        return workspace(request, db, scope, exc.problems, 422)
    actions = _actions(db, scope, form, decision_id or 0, now())
    if action not in actions or (decision_id is None and action != "nieuw"):
        raise NotFound(f"Onbekende handeling '{action}' op een besluit.")
    error = attempt(db, actions[action])
    if error is not None:
        failed = {"action": action, "decision": decision_id, "values": form}
        return workspace(
            request, db, scope, error.problems or [error.message], error.status_code, failed=failed
        )
    return redirect(f"/zaken/{scope.reference}/besluiten?gelukt={action}")
