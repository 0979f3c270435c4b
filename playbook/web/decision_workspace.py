"""The decision workspace page: every decision of a case (closures and the measures of issue 13)
with what is missing, its terms, letters, addressees and objections, and the forms for what can
happen next. `failed` re-fills the one form that was refused, so nothing typed is lost.

`perform` is the one handler shape of every workspace form (closure and measure actions alike):
read the form, run one service call in the request's unit of work, and on a refusal roll back
and show the workspace again with the form re-filled (status 4xx)."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from playbook.cases.persons import persons_of
from playbook.decisions import measures, service
from playbook.decisions.common import LABELS
from playbook.decisions.grounds import GROUNDS
from playbook.decisions.labels import CAPACITY_NL, FOLLOW_UPS, KIND_TITLES
from playbook.decisions.lifecycle import Kind
from playbook.decisions.measures_lifting import published, words_of
from playbook.decisions.measures_map import KINDS_WITH_MAP, map_of
from playbook.documents.formatting import date_nl, local
from playbook.documents.service import list_documents
from playbook.errors import InvalidInput, NotFound
from playbook.letters.names import display_names
from playbook.storage.tables import Case, Decision
from playbook.web import measure_forms
from playbook.web.app import now, page
from playbook.web.case_context import document_title
from playbook.web.decision_forms import (
    DRAFT_FIELDS,
    DRAFT_FORM,
    STATUS_TITLES,
    missing_link,
)
from playbook.web.deps import Scoped, attempt, field_errors, redirect

# Actions whose form belongs to one decision (re-filled there after a refusal).
ON_DECISION = ("wijzig", "verleng", "maatregel-wijzig")
Form = dict[str, str | None]
Actions = Callable[[int], dict[str, Callable[[], object]]]


def caller(db: Session, scope: Scoped, moment: datetime) -> Callable[..., Any]:
    """`run(service_call, **arguments)`: the call with this request's session, case, user and
    moment, as every workspace action makes it (inside its lambda, so parsing a field fails
    inside `perform` and re-fills the form)."""

    def run(call: Callable[..., Any], **arguments: Any) -> Any:
        return call(session=db, reference=scope.reference, actor=scope.user.username,
                    now=moment, **arguments)

    return run


async def form_of(request: Request) -> Form:
    """The posted fields, trimmed, empty as None, without the CSRF token (checked before)."""
    fields = (await request.form()).items()
    return {k: (str(v).strip() or None) for k, v in fields if k != "csrf_token"}


def number(form: Form, field: str, label: str | None = None) -> int | None:
    value = form.get(field)
    if value is None:
        return None
    if not value.isdigit() or len(value) > 9:
        raise InvalidInput([f"{label or field}: '{value[:20]}' is geen geheel getal"])
    return int(value)


def perform(request: Request, db: Session, scope: Scoped, form: Form, action: str,
            actions: Actions, done: str, what: str, success: str | None = None) -> Response:
    """Run `action` of the table `actions(decision id)` (0 for a new draft); `done` names it in
    the redirect (unless `success` says more) and in `failed`, `what` in the 404 for an
    unknown action."""
    try:
        decision_id = number(form, "besluit")
    except InvalidInput as exc:
        return workspace(request, db, scope, exc.problems, 422)
    table = actions(decision_id or 0)
    if action not in table or (decision_id is None and action != "nieuw"):
        raise NotFound(f"Onbekende handeling '{action}' op {what}.")
    error = attempt(db, table[action])
    if error is not None:
        failed = {"action": done, "decision": decision_id, "values": form}
        return workspace(
            request, db, scope, error.problems or [error.message], error.status_code, failed=failed
        )
    return redirect(f"/zaken/{scope.reference}/besluiten?gelukt={success or done}")


def _stored(d: Decision) -> dict[str, Any]:
    values = {f: getattr(d, f) for f in DRAFT_FIELDS}
    values["start_time"] = d.start_time.strftime("%H:%M") if d.start_time else None
    values["start_date"] = d.start_date.isoformat() if d.start_date else None
    return values


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


def _measure(db: Session, d: Decision, row: dict[str, Any], lifted: set[int],
             moment: datetime) -> None:
    """What a measure adds to its row: its own fields, end, incidents and links, and whether
    it may still be lifted (made known, still running, not lifted yet)."""
    details = measures.details_of(db, d)
    row["fields"] = measure_forms.stored(d, details)
    row["details"] = details
    row["incidents"] = measures.incidents_of(db, d)
    row["map"] = map_of(db, d) if d.kind in KINDS_WITH_MAP else None
    row["has_map_field"] = d.kind in KINDS_WITH_MAP
    row["end"] = details.end_date or row["end"]
    row["basis"] = measure_forms.BASIS[d.kind]
    row["afterwards"] = measure_forms.AFTERWARDS[d.kind]
    if details.extension_number:
        row["title"] += f", verlenging {details.extension_number}"
    row["may_lift"] = (
        d.status == "bekendgemaakt"
        and d.id not in lifted
        and (row["end"] is None or row["end"] >= local(moment).date())
    )


def _row(
    db: Session, case: Case, d: Decision, moment: datetime, documents: dict[str, list[Any]],
    lifted: set[int], parents: dict[int, Decision],
) -> dict[str, Any]:
    decision_id: int = d.id  # type: ignore[assignment]
    missing = (
        service.check(session=db, reference=case.reference, decision_id=decision_id, now=moment)
        if d.status in ("concept", "voornemen")
        else []
    )
    is_measure = d.kind in measure_forms.KINDS
    addressees = service.addressees_of(db, d)
    row: dict[str, Any] = {
        "d": d,
        "measure": is_measure,
        "end": service.end_date(d),
        "fields": _stored(d),
        "missing": [
            (
                m,
                measure_forms.missing_link(case.reference, d, m)
                if is_measure
                else missing_link(case.reference, decision_id, m),
            )
            for m in missing
        ],
        "deadlines": service.deadlines(d, db),
        "addressees": addressees,
        # Who must be heard before the term ends (art. 4:8 Awb), ticked when they were.
        "to_hear": [
            (m.person_id, f"{m.name} ({CAPACITY_NL.get(m.relation.value, m.relation.value)})",
             m.person_id in (d.hearing_heard or []))
            for m in service.to_hear(db, case, d, moment)
        ] if d.status == "voornemen" else [],
        "addressee_options": [(a.id, f"{a.name} ({a.capacity})") for a in addressees],
        "unreached_options": [
            (a.id, f"{a.name} ({a.capacity})") for a in addressees if a.made_known_on is None
        ],
        "documents": sorted(
            documents.get(f"besluit-{d.id}", []), key=lambda x: (x.kind, -x.version)
        ),
        "objections": _objections(db, case, d),
        "title": KIND_TITLES.get(d.kind, "Besluit"),
        "published": published(db, d),  # made known in the Gemeenteblad (art. 3:42 Awb)
        "status": STATUS_TITLES.get(d.status, d.status),
        "basis": None,
        "effective": None,  # a lifting: the day it takes effect
    }
    if is_measure:
        _measure(db, d, row, lifted, moment)
    elif d.kind == Kind.measure_lifting:
        row["title"] = f"Opheffing van {words_of(db, d).noun}"
    elif d.ground in GROUNDS:  # a closure or emergency order: the article it rests on
        row["basis"] = GROUNDS[d.ground].article
    _follow_up(d, row, parents)
    return row


def _follow_up(d: Decision, row: dict[str, Any], parents: dict[int, Decision]) -> None:
    """An extension or lifting says which decision it follows (a case may hold two closures,
    one per attack), and a lifting the day it takes effect."""
    if d.kind not in FOLLOW_UPS:
        return  # an extended measure is numbered instead ("verlenging 1"), with its own period
    parent = parents.get(d.parent_id) if d.parent_id is not None else None
    if parent is None or parent.start_date is None:
        return
    row["title"] += f" van {date_nl(parent.start_date)}"
    if d.kind in (Kind.lifting, Kind.measure_lifting) and d.start_date is not None:
        row["effective"] = d.start_date


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
    every = service.decisions_of(db, case)
    lifted = {d.parent_id for d in every if d.kind == Kind.measure_lifting and d.parent_id}
    parents = {d.id: d for d in every if d.id is not None}
    for d in every:
        row = _row(db, case, d, moment, documents, lifted, parents)
        if failed.get("action") in ON_DECISION and failed.get("decision") == d.id:
            row["fields"].update(failed["values"])
        rows.append(row)
    new_values = failed["values"] if failed.get("action") == "nieuw" else {}
    new_measure = failed["values"] if failed.get("action") == "maatregel-nieuw" else {}
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
        new_measure=new_measure,
        document_title=document_title,
        people=display_names(db, {d.actor for docs in documents.values() for d in docs}),
        draft_form=DRAFT_FORM,
        labels=LABELS,
        measure_labels=measure_forms.labels(),
        measure_forms=measure_forms.FORMS,
        measure_titles=measure_forms.TITLES,
        measure_bases=measure_forms.BASIS,
        person_options=[(p.id, p.name) for p in persons_of(db, case)],
        list_options=measure_forms.LIST_OPTIONS,
        yes_no=measure_forms.YES_NO,
        retention_attrs=measure_forms.retention_attrs(),
        may_close_premises=case.object_type in ("woning", "bedrijfspand"),
        grounds_options=[(code, g.article) for code, g in GROUNDS.items() if code != "175"],
        may_write=scope.user.may("decision:write"),
        today=local(moment).date().isoformat(),  # the Dutch date: after midnight, not UTC's
    )
