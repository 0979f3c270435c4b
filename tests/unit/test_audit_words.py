"""How the case page words an audit value: Dutch dates and local times, names for codes. The
stored row (and its hash) keeps the machine form; only the reader's words change."""

import pytest

from playbook.web.case_context import readable


@pytest.mark.parametrize(("stored", "shown"), [
    ("antwoord uiterlijk 2026-12-02", "antwoord uiterlijk 02-12-2026"),
    ("ronde 1; 2026-03-29", "ronde 1; 29-03-2026"),
    # A moment stored in UTC reads in Dutch time, across the change to summer time.
    ("2026-03-29T00:30:00+00:00", "29-03-2026 01:30"),
    ("2026-03-29T01:30:00+00:00", "29-03-2026 03:30"),
    ("bestuurlijke-rapportage", "Bestuurlijke rapportage (politie)"),
    ("GM9999-2026-0001", "GM9999-2026-0001"),  # a case number is no date
    ("Mevrouw A. de Boer", "Mevrouw A. de Boer"),
])
def test_audit_values_read_as_a_person_writes_them(stored: str, shown: str) -> None:
    assert readable(stored) == shown
