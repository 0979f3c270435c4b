"""The reminders as a daily job (playbook/jobs/daily.py): imported there, so every worker and
planner knows it. Safe to run twice a day: digests are logged per user and day, notices
are marked sent."""

import logging
from datetime import datetime

from sqlalchemy import Engine

from playbook.config import get_settings
from playbook.jobs.daily import reminder

log = logging.getLogger("playbook.reminders")


@reminder
def daily_reminders(engine: Engine, now: datetime) -> None:
    from playbook.reminders.service import run

    settings = get_settings()
    if not settings.smtp_host:
        log.info("geen mailserver ingesteld (PLAYBOOK_SMTP_HOST): geen herinneringen verstuurd")
        return
    report = run(engine, now, settings)
    log.info("herinneringen: " + " ".join(report.lines()))
