"""`zaak audit --csv` neutralises cells a spreadsheet would run as a formula."""

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from playbook.cases.export import safe_cell, write_audit_csv
from playbook.storage.tables import AuditEvent


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+31 6 1234", "-2+3", "@SUM(A1)",
                                   "\tverborgen", "\rregel"])
def test_formula_starts_become_plain_text(value: str) -> None:
    assert safe_cell(value) == "'" + value


def test_ordinary_text_is_unchanged() -> None:
    assert safe_cell("Mevrouw A. de Boer") == "Mevrouw A. de Boer"
    assert safe_cell(None) == ""


def test_exported_file_has_no_formula_cell(tmp_path: Path) -> None:
    event = AuditEvent(id=1, at=datetime(2025, 3, 7, 2, 40, tzinfo=UTC), actor="=cmd|'/c calc'!A0",
                       action="stap-gewijzigd", subject="@evil", reason="-1+1")
    path = tmp_path / "audit.csv"
    write_audit_csv([event], path)
    rows = list(csv.reader(path.open(encoding="utf-8")))
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert rows[1][2] == "'=cmd|'/c calc'!A0"
