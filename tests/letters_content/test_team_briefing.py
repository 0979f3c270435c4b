"""The aftercare-team briefing: meeting, safety instructions, a contact log to write in."""

import io
from itertools import pairwise

import pdfplumber

from playbook.cases import street
from playbook.letters import service as letters
from tests.conftest import local
from tests.integration.pdf import pdf_text

MM = 72 / 25.4  # PDF points per millimetre


def test_briefing_has_meeting_safety_and_rows_large_enough_to_write_in(uow, case_ref) -> None:
    with uow() as s:
        street.record_news(session=s, reference=case_ref, injured="geen-gewonden", safety="veilig",
                           meeting_at=local("2025-03-13 19:30"), meeting_place="buurthuis De Haven",
                           actor="oov", now=local("2025-03-07 12:00"))
        (doc,) = letters.generate(session=s, reference=case_ref, kind="opdracht-nazorgteam",
                                  actor="oov", now=local("2025-03-07 19:00"),
                                  addresses=["Havenstraat 10", "Havenstraat 12"])
    text = pdf_text(doc.content)
    for expected in ("donderdag 13 maart 2025", "19:30 uur", "buurthuis De Haven",
                     "Veiligheid van het team", "112", "Contactlog", "Toestemming SHN"):
        assert expected in text, expected
    assert "07-03-2025" not in text  # one date format
    with pdfplumber.open(io.BytesIO(doc.content)) as pdf:
        log_page = next(p for p in pdf.pages if "Contactlog" in (p.extract_text() or ""))
        # The rows are drawn as lines under each row: the gaps between them are the row heights.
        ys = sorted({round(e["top"], 1) for e in log_page.edges if e["orientation"] == "h"})
    gaps = [b - a for a, b in pairwise(ys)]
    assert sum(g >= 20 * MM for g in gaps) >= 2 + 4, (ys, gaps)  # addresses plus empty rows
