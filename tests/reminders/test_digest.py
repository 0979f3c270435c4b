"""The daily digest arrives at a real SMTP server: each user reads their own due and overdue
steps and the legal deadlines of the coming week, with their dates; a partner reads only the
steps of their own organisation, and no one reads a person's name."""

import pytest
from sqlalchemy import Engine

from playbook.cases.overview import due_items
from playbook.config import get_settings
from playbook.definition.models import Playbook
from playbook.documents.formatting import short_nl
from playbook.reminders.service import run
from tests.reminders.conftest import HOME, NOW, Inbox, LegalCases, Uow, at, html_of, text_of

DIGEST = "Herinnering 30 november 2026"
BASE = "https://playbook.gemeente.example"


def _step_lines(text: str) -> list[str]:
    """The step lines of a digest (the section before the legal deadlines)."""
    steps = text.split("Wettelijke termijnen")[0]
    return [line[2:] for line in steps.splitlines() if line.startswith("- ")]


def _title_of(line: str) -> str:
    return line.removeprefix("TE LAAT: ").split(" — ")[0]


def _digest(smtp: Inbox, address: str) -> str:
    mails = [m for m in smtp.to(address) if str(m["Subject"]).startswith(DIGEST)]
    assert len(mails) == 1, [str(m["Subject"]) for m in smtp.to(address)]
    return text_of(mails[0])


def test_each_user_reads_their_steps_and_deadlines_with_dates(
        engine: Engine, uow: Uow, playbook: Playbook, smtp: Inbox, accounts: dict[str, str],
        legal_cases: LegalCases) -> None:
    report = run(engine, NOW, get_settings())
    assert report.digests == 3 and report.digests_failed == 0  # oov, juridisch, politie

    oov = _digest(smtp, accounts["oov"])
    # The legal deadlines of the coming week, with the weekday and date a user acts on.
    assert ("- Laatste dag van de sluiting — Havenstraat 14, Rivierstad: donderdag 3 december "
            f"2026\n  {BASE}/zaken/{legal_cases.closed}") in oov
    assert ("- Einde zienswijzetermijn — Kerkweg 3, Rivierstad: vrijdag 4 december 2026\n"
            f"  {BASE}/zaken/{legal_cases.intended}") in oov
    # Further away: not yet in the digest (they are in the calendar feed).
    assert "bezwaar" not in oov.split("Wettelijke termijnen")[1].lower()

    # Every open step with a due time the app shows as overdue or due by tomorrow, with the
    # same due time as the case page.
    with uow() as s:
        expected = {(d.item.step.title, d.case.reference, short_nl(d.item.due), d.item.overdue)
                    for d in due_items(s, NOW, HOME)
                    if d.item.overdue or d.item.due < at("2026-12-02 00:00")}  # type: ignore[operator]
        owners = {d.item.step.title: d.item.step.partner for d in due_items(s, NOW, HOME)}
    lines = _step_lines(oov)
    assert len(lines) == len(expected) > 0
    for title, reference, due, overdue in expected:
        address = "Havenstraat 14" if reference == legal_cases.closed else "Kerkweg 3"
        assert (f"{'TE LAAT: ' if overdue else ''}{title} — {address}, Rivierstad: {due}\n"
                f"  {BASE}/zaken/{reference}") in oov

    # A partner: only its own organisation's steps, links to its inbox, and of the legal
    # deadlines only the end of the closure (the closure decision is addressed to it).
    politie = _digest(smtp, accounts["politie"])
    partner_lines = _step_lines(politie)
    assert partner_lines and {owners[_title_of(line)] for line in partner_lines} == {"politie"}
    assert len(partner_lines) < len(lines)
    assert "/zaken/" not in politie and f"{BASE}/inbox" in politie
    assert "Laatste dag van de sluiting — Havenstraat 14, Rivierstad: donderdag 3 december 2026" \
        in politie
    assert "zienswijze" not in politie.lower()

    # Juridisch: the mayor's steps and every legal deadline.
    juridisch = _digest(smtp, accounts["juridisch"])
    assert {owners[_title_of(line)] for line in _step_lines(juridisch)} <= {"burgemeester"}
    assert "Einde zienswijzetermijn — Kerkweg 3, Rivierstad: vrijdag 4 december 2026" in juridisch

    # Nothing for a user without an address, or of another municipality (no cases there).
    assert smtp.to(accounts["oov-elders"]) == []
    # No person's name, in either part of any mail.
    for _, mail in smtp.mails:
        assert "Jansen" not in text_of(mail) and "Jansen" not in html_of(mail)
    html = html_of(smtp.to(accounts["oov"])[-1])
    assert "<strong>Te laat:</strong>" in html and f'href="{BASE}/zaken/' in html


def test_a_second_run_on_the_same_day_sends_nothing_again(
        engine: Engine, smtp: Inbox, accounts: dict[str, str], legal_cases: LegalCases) -> None:
    first = run(engine, NOW, get_settings())
    count = len(smtp.mails)
    again = run(engine, at("2026-11-30 15:00"), get_settings())
    assert first.digests == 3 and again.digests == 0 and len(smtp.mails) == count
    # Before PLAYBOOK_DAILY_JOBS_AT (07:00) a run sends only notices: cron may run it often.
    assert run(engine, at("2026-12-01 06:55"), get_settings()).digests == 0
    assert run(engine, at("2026-12-01 07:00"), get_settings()).digests == 3  # the next day


def test_a_digest_that_could_not_be_sent_goes_out_on_a_later_run(
        engine: Engine, mail_settings: None, smtp_port: int, accounts: dict[str, str],
        legal_cases: LegalCases) -> None:
    from aiosmtpd.controller import Controller

    down = run(engine, NOW, get_settings())  # nothing listens on the port
    assert (down.digests, down.digests_failed) == (0, 3)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        later = run(engine, at("2026-11-30 08:00"), get_settings())
    finally:
        controller.stop()
    assert (later.digests, later.digests_failed) == (3, 0)
    assert len([m for _, m in inbox.mails if str(m["Subject"]).startswith(DIGEST)]) == 3


def test_the_daily_job_sends_the_digests(
        engine: Engine, smtp: Inbox, accounts: dict[str, str], legal_cases: LegalCases,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Scheduled through the job queue (here its in-process pool): the same run as cron's."""
    from playbook.jobs import daily
    from playbook.jobs.service import read_view
    from tests.jobs.conftest import utcnow

    monkeypatch.delenv("PLAYBOOK_BROKER_URL", raising=False)
    monkeypatch.setenv("PLAYBOOK_DAILY_JOBS_AT", "00:00")
    get_settings.cache_clear()
    task = daily.run_once(engine, utcnow())
    assert task is not None and daily.run_once(engine, utcnow()) is None
    assert read_view(engine, task.id).status == "klaar"  # type: ignore[arg-type]
    digests = [m for _, m in smtp.mails if str(m["Subject"]).startswith("Herinnering")]
    assert digests and smtp.to(accounts["oov"])
