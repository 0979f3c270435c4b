"""Export the audit trail for archiving and for partners who work in spreadsheets."""

import csv
import json
from pathlib import Path

from playbook.config import USER_TZ
from playbook.storage.tables import AuditEvent

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Text as a spreadsheet shows it, never as a formula: a leading ' makes it plain text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_audit_csv(events: list[AuditEvent], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "wanneer", "wie", "wat", "onderwerp", "oud", "nieuw", "reden",
                         "details"])
        for e in events:
            details = json.dumps(e.details, ensure_ascii=False, sort_keys=True) if e.details else ""
            writer.writerow([safe_cell(v) for v in (
                e.id, e.at.astimezone(USER_TZ).isoformat(), e.actor, e.action, e.subject,
                e.old, e.new, e.reason, details)])
