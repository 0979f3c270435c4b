"""The decision workspace page: every decision of a case (closures and the measures of issue 13)
with what is missing, its terms, letters, addressees and objections, and the forms for what can
happen next. `failed` re-fills the one form that was refused, so nothing typed is lost."""

from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from playbook.cases.persons import persons_of
from playbook.decisions import measures, service
from playbook.decisions.common import LABELS
from playbook.decisions.grounds import GROUNDS
from playbook.documents.service import list_documents
from playbook.storage.tables import Case, Decision
from playbook.web import measure_forms
from playbook.web.app import now, page
from playbook.web.case_context import DOCUMENT_TITLES
from playbook.web.decision_forms import (
    DRAFT_FIELDS,
    DRAFT_FORM,
    KIND_TITLES,
    STATUS_TITLES,
    missing_link,
)
from playbook.web.deps import Scoped, field_errors

# Actions whose form belongs to one decision (re-filled there after a refusal).
ON_DECISION = ("wijzig", "verleng", "maatregel-wijzig")


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


def _measure(db: Session, d: Decision, row: dict[str, Any]) -> None:
    """What a measure adds to its row: its own fields, end, incidents and links."""
    details = measures.details_of(db, d)
    row["fields"] = measure_forms.stored(d, details)
    row["details"] = details
    row["incidents"] = measures.incidents_of(db, d)
    row["end"] = details.end_date or row["end"]
    row["basis"] = measure_forms.BASIS[d.kind]
    row["afterwards"] = measure_forms.AFTERWARDS[d.kind]
    if details.extension_number:
        row["title"] += f", verlenging {details.extension_number}"


def _row(
    db: Session, case: Case, d: Decision, moment: datetime, documents: dict[str, list[Any]]
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
        "addressee_options": [(a.id, f"{a.name} ({a.capacity})") for a in addressees],
        "unreached_options": [
            (a.id, f"{a.name} ({a.capacity})") for a in addressees if a.made_known_on is None
        ],
        "documents": sorted(
            documents.get(f"besluit-{d.id}", []), key=lambda x: (x.kind, -x.version)
        ),
        "objections": _objections(db, case, d),
        "title": KIND_TITLES.get(d.kind, d.kind),
        "status": STATUS_TITLES.get(d.status, d.status),
    }
    if is_measure:
        _measure(db, d, row)
    return row


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
        row = _row(db, case, d, moment, documents)
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
        document_titles=DOCUMENT_TITLES,
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
        today=moment.date().isoformat(),
    )
