"""The map of a gebiedsverbod: the letter sends its addressee to it, so it goes with the
letter as its bijlage, it is part of the decision (fixed once taken), and an extension keeps it."""

import io
import subprocess
import tempfile

import pikepdf
import pytest
from sqlmodel import col, select

from playbook.cases.repository import get_case
from playbook.decisions import measures
from playbook.decisions import service as decisions
from playbook.definition.models import Playbook
from playbook.errors import InvalidInput, NotAllowed
from playbook.storage.tables import AuditEvent
from tests.conftest import local
from tests.integration.pdf import pdf_text
from tests.measures.helpers import BAN, Uow, attach_map, ban_case, draft, made_known_ban, map_png


def _images(content: bytes) -> list[tuple[int, int, int]]:
    """(page, width, height) of every image drawn, as poppler's pdfimages lists them (page
    resources may be shared, so the page an image is drawn on is what counts)."""
    listing = subprocess.run(["pdfimages", "-list", "-", ""], input=content,
                             capture_output=True, check=False)
    if listing.returncode != 0:  # older poppler reads no stdin: go through a file
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(content)
            pdf.flush()
            listing = subprocess.run(["pdfimages", "-list", pdf.name], capture_output=True,
                                     check=True)
    rows = [line.split() for line in listing.stdout.decode().splitlines()[2:]]
    return [(int(r[0]), int(r[3]), int(r[4])) for r in rows if r]


def _pages(content: bytes) -> int:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return len(pdf.pages)


def test_the_ban_letter_prints_the_map_on_a_page_of_its_own(uow: Uow,
                                                              playbook: Playbook) -> None:
    reference, decision_id = made_known_ban(uow, playbook)
    with uow() as s:
        from playbook.decisions.measures_letters import letter_for

        content = letter_for(session=s, reference=reference, decision_id=decision_id,
                             actor="oov", now=local("2026-03-06 16:00")).content
    pages = _pages(content)
    assert _images(content) == [(pages, 800, 600)]  # the map as uploaded, on the last page
    last = subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), "-", "-"],
                          input=content, capture_output=True, check=True).stdout.decode()
    assert last.lstrip().startswith("Bijlage 1, kaart gebiedsverbod Havenkwartier")
    assert "Het gebied staat op de kaart: Bijlage 1" in pdf_text(content)


@pytest.mark.parametrize(("content", "expected"), [
    (b"%PDF-1.7 not an image", "alleen een afbeelding in PNG of JPEG"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "geen leesbare afbeelding"),
    ("small", "de kortste zijde moet minstens 300"),
    (b"", "kies een bestand"),
])
def test_a_map_that_cannot_be_printed_is_refused_and_nothing_is_stored(
        uow: Uow, playbook: Playbook, content: object, expected: str) -> None:
    reference = ban_case(uow, playbook)
    decision_id = draft(uow, reference, "gebiedsverbod", "2026-03-02 08:00", with_map=False,
                        **BAN)
    data = map_png(200, 150) if content == "small" else content
    with pytest.raises(InvalidInput, match=expected):
        attach_map(uow, reference, decision_id, "2026-03-02 08:30", content=data)  # type: ignore[arg-type]
    with uow() as s:
        case = get_case(s, reference)
        assert measures.check(session=s, reference=reference, decision_id=decision_id,
                              now=local("2026-03-02 09:00"))[0].startswith("kaart:")
        assert not s.exec(select(AuditEvent).where(AuditEvent.case_id == case.id,
                                                   AuditEvent.action == "kaart-toegevoegd")).all()


def test_the_map_is_replaced_while_a_draft_audited_and_fixed_once_taken(
        uow: Uow, playbook: Playbook) -> None:
    reference, decision_id = made_known_ban(uow, playbook)
    with uow() as s:
        case = get_case(s, reference)
        rows = s.exec(select(AuditEvent).where(AuditEvent.case_id == case.id,
                                               AuditEvent.action == "kaart-toegevoegd")
                      .order_by(col(AuditEvent.id))).all()
        assert [(r.new, len(r.details["sha256"])) for r in rows] == [("kaart.png", 64)]  # type: ignore[index]
    with pytest.raises(NotAllowed, match="na het nemen kan zij niet meer veranderen"):
        attach_map(uow, reference, decision_id, "2026-03-07 09:00", filename="ander.png")

    # The extension is a new decision for the same area: it carries the same map.
    with uow() as s:
        extension = measures.extend(session=s, reference=reference, decision_id=decision_id,
                                    end_date=local("2026-09-09 00:00").date(),
                                    reasons="Opnieuw intimidatie gemeld; de vrees blijft.",
                                    actor="juridisch", now=local("2026-06-01 09:00"))
        from playbook.decisions.measures_map import map_of

        original = map_of(s, decisions.get_decision(s, get_case(s, reference), decision_id))
        copied = map_of(s, extension)
        assert original is not None and copied is not None
        assert copied.sha256 == original.sha256 and copied.decision_id != original.decision_id
