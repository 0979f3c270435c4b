"""A partner hears that a document waits in its inbox: the mail holds only a link, no name,
address or reference. The notice is written with the document (outbox), survives a mail server
that is down, and a later run sends it exactly once."""

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from playbook.config import get_settings
from playbook.definition.models import Playbook
from playbook.letters.service import generate
from playbook.reminders import notices
from playbook.storage.tables_reminders import Notice
from tests.reminders.conftest import NOW, Inbox, Uow, at, html_of, text_of
from tests.reminders.conftest import _prepared as prepared

INBOX = "https://playbook.gemeente.example/inbox"
SUBJECT = "Nieuw document in uw inbox"


def _letter(uow: Uow, reference: str) -> None:
    """A briefing for the aftercare team: addressed to the police and the housing corporation."""
    with uow() as s:
        generate(session=s, reference=reference, kind="opdracht-nazorgteam", actor="oov.anna",
                 now=NOW, addresses=["Havenstraat 10"])


def _rows(uow: Uow) -> list[Notice]:
    with uow() as s:
        return list(s.exec(select(Notice).order_by(Notice.id)))  # type: ignore[arg-type]


@pytest.fixture
def reference(uow: Uow, playbook: Playbook, accounts: dict[str, str]) -> str:
    return prepared(uow, playbook, "2026-11-28 03:00", "Havenstraat", "14")


def test_the_partner_notice_holds_only_a_link(engine: Engine, uow: Uow, smtp: Inbox,
                                              accounts: dict[str, str], reference: str) -> None:
    _letter(uow, reference)
    rows = _rows(uow)
    assert len(rows) == 1 and rows[0].sent_at is None  # politie; no housing-corporation user
    outcome = notices.send_pending(engine, NOW, get_settings())
    assert (outcome.sent, outcome.mails, outcome.failed) == (1, 1, 0)
    [mail] = smtp.to(accounts["politie"])
    assert str(mail["Subject"]) == SUBJECT
    text, html = text_of(mail), html_of(mail)
    assert INBOX in text and f'href="{INBOX}"' in html
    for secret in ("Havenstraat", "Jansen", reference, "GM9999", "nazorg", "Rivierstad"):
        assert secret not in text and secret not in html and secret not in str(mail["Subject"])
    # Not to partners it is not addressed to, nor to anyone else.
    assert [rcpt for rcpt, _ in smtp.mails] == [[accounts["politie"]]]
    assert _rows(uow)[0].sent_at is not None
    assert notices.send_pending(engine, at("2026-11-30 08:00"), get_settings()).mails == 0


def test_mail_server_down_keeps_the_notice_and_a_later_run_sends_it_once(
        engine: Engine, uow: Uow, mail_settings: None, smtp_port: int,
        accounts: dict[str, str], reference: str) -> None:
    from aiosmtpd.controller import Controller

    _letter(uow, reference)
    down = notices.send_pending(engine, NOW, get_settings())
    assert (down.sent, down.failed) == (0, 1)
    [row] = _rows(uow)
    assert row.sent_at is None and row.attempts == 1 and "niet bereikbaar" in (row.last_error or "")
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        later = notices.send_pending(engine, at("2026-11-30 07:10"), get_settings())
        again = notices.send_pending(engine, at("2026-11-30 07:20"), get_settings())
    finally:
        controller.stop()
    assert (later.sent, later.failed, again.mails) == (1, 0, 0)
    assert len(inbox.to(accounts["politie"])) == 1
    [row] = _rows(uow)
    assert row.sent_at is not None and row.attempts == 2


def test_several_documents_make_one_mail(engine: Engine, uow: Uow, smtp: Inbox,
                                         accounts: dict[str, str], reference: str) -> None:
    """Resident letters for several addresses reach three partners; each reads one mail."""
    with uow() as s:
        generate(session=s, reference=reference, kind="bewonersbrief", actor="oov.anna", now=NOW,
                 addresses=["Havenstraat 10", "Havenstraat 12"])
    outcome = notices.send_pending(engine, NOW, get_settings())
    assert outcome.mails == 2 and outcome.sent == len(_rows(uow)) >= 4  # politie and SHN
    for key in ("politie", "slachtofferhulp"):
        [mail] = smtp.to(accounts[key])
        assert "nieuwe documenten voor uw organisatie" in text_of(mail)


def test_the_notice_goes_out_right_after_the_commit(
        engine: Engine, uow: Uow, smtp: Inbox, accounts: dict[str, str], reference: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_NOTIFY_AFTER_COMMIT", "1")
    get_settings.cache_clear()
    _letter(uow, reference)  # no send call: the commit starts the sender
    assert smtp.wait_for(1), "de melding kwam niet aan"
    assert smtp.to(accounts["politie"]) and str(smtp.mails[0][1]["Subject"]) == SUBJECT


def test_no_notice_without_the_document(uow: Uow, smtp: Inbox, reference: str) -> None:
    """The notice is part of the document's transaction: a failed letter leaves neither."""
    with pytest.raises(RuntimeError), uow() as s:
        generate(session=s, reference=reference, kind="opdracht-nazorgteam", actor="oov.anna",
                 now=NOW, addresses=["Havenstraat 10"])
        raise RuntimeError("iets anders in dezelfde transactie mislukt")
    assert _rows(uow) == []
