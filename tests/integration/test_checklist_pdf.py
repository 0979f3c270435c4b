"""Checklist PDFs: what a crisis officer reads, archivable and reproducible."""

from sqlmodel import select

from playbook.cases import service
from playbook.definition.enums import IncidentKind, StepStatus
from playbook.documents.service import make_checklist
from playbook.storage.tables import AuditEvent, Document, User
from tests.conftest import local
from tests.integration.helpers import create, finish_phase
from tests.integration.pdf import column_text, pdf_facts, pdf_text

T0 = local("2025-03-07 09:00")


def test_phase_checklist_reads_back_with_status_partner_due_and_basis(uow, playbook) -> None:
    with uow() as s:
        s.add(User(username="politie.smit", full_name="M. Smit (politie)", role="partner",
                   municipality_code="GM9999", password_hash="!", created_at=T0))
        case = create(s, playbook, T0)
        service.set_step(session=s, reference=case.reference, step_id="alarmering-afzetting",
                         status=StepStatus.done, actor="politie.smit", now=T0)
        service.set_step(session=s, reference=case.reference, step_id="evacuatie-opvang",
                         status=StepStatus.skipped, reason="Bewoners opgevangen door familie",
                         actor="oov.bakker", now=T0)
    with uow() as s:
        doc = make_checklist(session=s, reference=case.reference, whole_case=False,
                             actor="oov.bakker", now=T0)
    text = pdf_text(doc.content)
    for expected in ("Gemeente Rivierstad", "Ons kenmerk: GM9999-2025-0001", "Checklist Incident",
                     "Havenstraat 14-2, 9999 AB Rivierstad", "7 maart 2025 02:40",
                     "Alarmering, afzetting en", "afgerond", "M. Smit (politie)",
                     "Reden: Bewoners opgevangen door familie", "Brandweer",
                     "art. 16 lid 1 sub c Wet politiegegevens", "TE LAAT",
                     "niet van toepassing", "Pagina 1 van"):
        assert expected in text, expected
    assert "politie.smit" not in text and "niet-van-toepassing" not in text  # no logins, no codes
    # Each step's due date and time, in the column under "Uiterlijk" (date above time).
    due = column_text(doc.content, "Uiterlijk")
    assert "7 maart 2025 03:40" in due and "7 maart 2025 08:40" in due, due


def test_whole_case_checklist_covers_every_phase_entered(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0, incident_kind="dreiging")
        service.report_attack(session=s, case=case, occurred_at=local("2025-03-09 02:00"),
                              kind=IncidentKind.aanslag, actor="politie", now=local("2025-03-09 02:30"))
        finish_phase(s, case.reference, local("2025-03-09 08:00"))
    with uow() as s:
        doc = make_checklist(session=s, reference=case.reference, whole_case=True, actor="oov",
                             now=local("2025-03-09 09:00"))
    text = pdf_text(doc.content)
    assert "Checklist hele zaak" in text
    assert "1. Dreiging" in text and "2. Incident" in text
    assert "3. Eerste nazorg en maatregelen (huidige fase)" in text
    # Dreiging steps closed on record, with the attack's moment as a reader writes it.
    assert "Niet afgerond: fase verlaten door aanslag van 9 maart 2025 om 02:00" in text


def test_checklist_is_pdfa_with_embedded_pinned_fonts_and_metadata(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0)
        doc = make_checklist(session=s, reference=case.reference, whole_case=False, actor="oov", now=T0)
    facts = pdf_facts(doc.content)
    assert facts["pdfa"] == "3U" and facts["output_intent"]
    assert facts["fonts"] and all(facts["fonts"].values()), facts["fonts"]  # type: ignore[union-attr]
    assert all("Source-Sans-Pro" in name for name in facts["fonts"])  # pinned, not system fonts
    assert facts["title"] == "Checklist Incident" and facts["author"] == "Gemeente Rivierstad"
    assert case.reference in str(facts["subject"]) and facts["lang"] == "nl"


def test_same_case_same_moment_gives_identical_bytes_and_new_versions(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0)
    with uow() as s:
        first = make_checklist(session=s, reference=case.reference, whole_case=False, actor="oov", now=T0)
    with uow() as s:
        second = make_checklist(session=s, reference=case.reference, whole_case=False, actor="oov", now=T0)
    assert first.content == second.content and first.sha256 == second.sha256
    assert (first.version, second.version) == (1, 2)  # regenerating never overwrites silently
    with uow() as s:
        docs = s.exec(select(Document).order_by(Document.id)).all()  # type: ignore[arg-type]
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "document-gemaakt")).all()
    assert [d.filename for d in docs] == ["GM9999-2025-0001-checklist-incident-v1.pdf",
                                          "GM9999-2025-0001-checklist-incident-v2.pdf"]
    assert len(events) == 2 and events[0].details["sha256"] == first.sha256  # type: ignore[index]
