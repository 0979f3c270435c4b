"""Export the audit trail for archiving and for partners who work in spreadsheets."""

import csv
import json
from pathlib import Path

from playbook.config import USER_TZ
from playbook.storage.tables import AuditEvent


def write_audit_csv(events: list[AuditEvent], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "wanneer", "wie", "wat", "onderwerp", "oud", "nieuw", "reden", "details"])
        for e in events:
            writer.writerow([e.id, e.at.astimezone(USER_TZ).isoformat(), e.actor, e.action,
                             e.subject or "", e.old or "", e.new or "", e.reason or "",
                             json.dumps(e.details, ensure_ascii=False, sort_keys=True) if e.details else ""])
