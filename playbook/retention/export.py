"""Everything the system holds about one person (art. 15 AVG, right of access), as JSON."""

from typing import Any

from sqlmodel import Session, col, select

from playbook.errors import NotFound
from playbook.storage.tables import AuditEvent, Case, Document, Person


def person_export(session: Session, person_id: int) -> dict[str, Any]:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"Persoon {person_id} bestaat niet.")
    case = session.get(Case, person.case_id)
    events = session.exec(select(AuditEvent).where(AuditEvent.person_id == person_id)
                          .order_by(col(AuditEvent.id))).all()
    documents = session.exec(select(Document).where(
        Document.case_id == person.case_id, Document.scope == str(person_id))).all()
    return {
        "persoon": person.model_dump(mode="json"),
        "zaak": {"zaaknummer": case.reference, "gemeente": case.municipality_code,
                 "adres": f"{case.street} {case.house_number}"
                          f"{'-' + case.house_suffix if case.house_suffix else ''}, "
                          f"{case.postcode} {case.city}",
                 "fase": case.phase} if case else None,
        "gebeurtenissen": [{"wanneer": e.at.isoformat(), "wie": e.actor, "wat": e.action,
                            "reden": e.reason} for e in events],
        "documenten": [{"soort": d.kind, "bestand": d.filename, "versie": d.version,
                        "gemaakt": d.created_at.isoformat(), "sha256": d.sha256}
                       for d in documents],
    }
