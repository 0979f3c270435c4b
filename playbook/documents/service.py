"""Store generated documents as new versions, with their audit row in the same transaction."""

from datetime import datetime

from sqlmodel import Session, col, func, select

from playbook.cases.audit import record
from playbook.cases.overview import CaseOverview, overview
from playbook.cases.repository import get_case, touch
from playbook.definition.enums import DocumentKind
from playbook.documents.labels import letter_labels
from playbook.documents.render import pdf_dates, render_pdf, sha256
from playbook.reminders.notices import queue_for_document
from playbook.storage.tables import Case, Document


def store(session: Session, case: Case, *, kind: DocumentKind | str, content: bytes, actor: str,
          now: datetime, scope: str = "", step_id: str | None = None,
          job_key: str | None = None) -> Document:
    """A new version of a document, with its audit row; `job_key` marks a letter a background
    job stored, so a redelivered job never stores it twice (documents are append-only)."""
    kind = str(kind)  # a DocumentKind, or a kind registered in playbook/letters/registry.py
    version = session.exec(
        select(func.coalesce(func.max(Document.version), 0)).where(
            Document.case_id == case.id, Document.kind == kind, Document.scope == scope
        )
    ).one() + 1
    suffix = f"-{scope}" if scope else ""
    document = Document(
        case_id=case.id,  # type: ignore[arg-type]
        kind=kind, scope=scope, version=version, step_id=step_id, job_key=job_key,
        filename=f"{case.reference}-{kind}{suffix}-v{version}.pdf",
        sha256=sha256(content), size=len(content), content=content, actor=actor, created_at=now,
    )
    session.add(document)
    record(session, case, actor=actor, action="document-gemaakt", at=now, subject=kind,
           new=f"{document.filename} (sha256 {document.sha256[:16]}…)",
           details={"versie": version, "sha256": document.sha256, "stap": step_id, "scope": scope})
    queue_for_document(session, case, document, now)  # outbox: partners' inbox notices
    touch(case, now)
    return document


def checklist_context(view: CaseOverview, *, whole_case: bool,
                      names: dict[str, str] | None = None) -> dict[str, object]:
    """`names`: login -> display name of whoever recorded a step (logins are not printed)."""
    from playbook.letters import texts

    case = view.case
    scope = "hele zaak" if whole_case else view.phase_title
    return {
        "status_labels": texts.STATUS_LABELS, "object_label": texts.OBJECT_LABELS.get(
            case.object_type, case.object_type),
        "incident_label": texts.INCIDENT_NL.get(case.incident_kind, case.incident_kind),
        "threat": case.incident_kind == "dreiging", "names": names or {},
        "title": f"Checklist {scope}",
        "subject": f"Checklist ({scope}) voor zaak {case.reference}",
        "reference": case.reference,
        "municipality": view.playbook.municipality,
        "address": view.address,
        "case": case,
        "repeat": view.snapshot.facts.repeat,
        "phase_title": view.phase_title,
        "playbook_title": view.playbook.title,
        "playbook_version": view.playbook.version,
        "partner_names": {p.id: p.name for p in view.playbook.partners},
        "blocks": view.blocks,
        "as_of": view.now,
        "pdf_dates": pdf_dates(view.now),
        "lang": "nl",
        "labels": letter_labels("nl").model_dump(),
    }


def make_checklist(*, session: Session, reference: str, whole_case: bool, actor: str,
                   now: datetime) -> Document:
    case = get_case(session, reference)
    view = overview(session, case, now, whole_case=whole_case)
    from playbook.letters.names import display_names

    actors = {i.record.actor for b in view.blocks for i in b.items if i.record}
    content = render_pdf("checklist.html.j2", checklist_context(
        view, whole_case=whole_case, names=display_names(session, actors)))
    scope = "zaak" if whole_case else case.phase
    return store(session, case, kind=DocumentKind.checklist, content=content, actor=actor,
                 now=now, scope=scope)


def list_documents(session: Session, case: Case) -> list[Document]:
    return list(session.exec(
        select(Document).where(Document.case_id == case.id).order_by(col(Document.id))
    ))
