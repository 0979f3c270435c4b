"""Checklists: labels and display names, headers on every page, the threat's own time."""

import io

import pdfplumber

from playbook.cases import service
from playbook.definition.enums import StepStatus
from playbook.documents.service import make_checklist
from playbook.storage.tables import User
from tests.conftest import local
from tests.integration.helpers import create, finish_phase
from tests.integration.pdf import pdf_text

T0 = local("2025-03-07 09:00")
HEADER = ["Stap", "Status", "Wie", "Uiterlijk", "Grondslag"]


def test_threat_case_shows_the_time_of_the_threat(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0, incident_kind="dreiging")
        doc = make_checklist(
            session=s, reference=case.reference, whole_case=False, actor="oov", now=T0
        )
    text = pdf_text(doc.content)
    assert "Tijdstip dreiging" in text and "Tijdstip incident" not in text
    assert "Woning; dreiging" in text


def test_whole_case_checklist_repeats_headers_and_prints_no_codes_or_logins(uow, playbook) -> None:
    with uow() as s:
        s.add(
            User(
                username="oov.j.bakker",
                full_name="J. Bakker",
                role="oov",
                municipality_code="GM9999",
                password_hash="!",
                created_at=T0,
            )
        )
        case = create(s, playbook, T0)
        service.set_step(
            session=s,
            reference=case.reference,
            step_id="evacuatie-opvang",
            status=StepStatus.skipped,
            reason="Bewoners opgevangen door familie",
            actor="oov.j.bakker",
            now=T0,
        )
        finish_phase(s, case.reference, local("2025-03-07 10:00"), actor="oov.j.bakker")
        doc = make_checklist(
            session=s,
            reference=case.reference,
            whole_case=True,
            actor="oov",
            now=local("2025-03-07 11:00"),
        )
    text = pdf_text(doc.content)
    for code in ("niet-van-toepassing", "oov.j.bakker", "woning;", "aanslag bij"):
        assert code not in text, code
    assert "J. Bakker" in text and "niet van toepassing" in text
    with pdfplumber.open(io.BytesIO(doc.content)) as pdf:
        assert len(pdf.pages) > 2
        for page in pdf.pages[1:]:
            tables = page.extract_tables()
            if tables:  # a page that continues a phase table starts with its header row
                words = (page.extract_text() or "").split()
                assert all(h in words for h in HEADER), page.page_number
