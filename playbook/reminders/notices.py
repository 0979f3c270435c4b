"""A partner hears by e-mail that a document is waiting in their inbox.

Outbox pattern: `queue_for_document` writes one `melding` row per partner user in the same
transaction that stores the document, so a notice exists exactly when the document does. After
the commit a sender (a thread right away, and every run of `playbook herinneringen verstuur` or
the daily job) claims the rows, sends one mail per user and marks them sent. A failed send
leaves the rows unsent for the next run. The mail holds no personal data: a link, nothing else.
"""

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import Engine, event, update
from sqlmodel import Session, col, select

from playbook.config import Settings, get_settings
from playbook.reminders.audience import addressed_partners
from playbook.reminders.mail import MailError, send
from playbook.storage.db import unit_of_work
from playbook.storage.tables import Case, Document, User
from playbook.storage.tables_reminders import Notice

log = logging.getLogger("playbook.reminders")
STALE_CLAIM = timedelta(minutes=15)  # a sender that died mid-send; its rows are free again
_KICKED = "playbook_notice_kick"


def queue_for_document(session: Session, case: Case, document: Document, now: datetime) -> int:
    """Record the notices a new document owes (inside the caller's transaction); returns how
    many. Partners without an e-mail address are not noticed: their inbox still shows it."""
    partners = addressed_partners(document.kind)
    if not partners:
        return 0
    session.flush()  # the document's id
    users = session.exec(select(User).where(
        User.role == "partner", col(User.partner).in_(partners), User.active == True,  # noqa: E712
        User.municipality_code == case.municipality_code, col(User.email).is_not(None)))
    count = 0
    for user in users:
        session.add(Notice(user_id=user.id, document_id=document.id, created_at=now))  # type: ignore[arg-type]
        count += 1
    if count:
        _send_after_commit(session)
    return count


def _send_after_commit(session: Session) -> None:
    """Never inside the write transaction: start a sender once the commit has happened."""
    settings = get_settings()
    if not settings.smtp_host or not settings.notify_after_commit or session.info.get(_KICKED):
        return
    session.info[_KICKED] = True
    engine = session.get_bind()

    def kick(_session: Session) -> None:
        session.info.pop(_KICKED, None)
        threading.Thread(target=_send_quietly, args=(engine, settings), daemon=True,
                         name="playbook-meldingen").start()

    event.listen(session, "after_commit", kick, once=True)


def _send_quietly(engine: Engine, settings: Settings) -> None:
    try:
        send_pending(engine, datetime.now(UTC), settings)
    except Exception:  # the outbox keeps the rows; the next run retries
        log.exception("meldingen niet verstuurd; de volgende run probeert het opnieuw")


def message(user: User, count: int, settings: Settings) -> EmailMessage:
    """No name, address, reference or document kind: only that something waits, and where."""
    inbox = settings.public_url.rstrip("/") + "/inbox"
    what = "Er staat een nieuw document" if count == 1 else f"Er staan {count} nieuwe documenten"
    text = (f"{what} voor uw organisatie klaar in playbook.\n\nOpen uw inbox: {inbox}\n\n"
            "Deze melding bevat bewust geen gegevens over de zaak.\n")
    mail = EmailMessage()
    mail["Subject"] = "Nieuw document in uw inbox"
    mail["From"] = settings.smtp_sender
    mail["To"] = user.email or ""
    mail.set_content(text)
    mail.add_alternative(
        f'<!doctype html><html lang="nl"><body><p>{what} voor uw organisatie klaar in playbook.'
        f'</p><p><a href="{inbox}">Open uw inbox</a></p><p>Deze melding bevat bewust geen '
        "gegevens over de zaak.</p></body></html>", subtype="html")
    return mail


@dataclass(frozen=True)
class Outcome:
    sent: int  # notices (rows) delivered
    mails: int
    failed: int  # rows that stay in the outbox


def _claim(engine: Engine, user_id: int, now: datetime) -> list[int]:
    """Take this user's unsent rows; an empty list when another sender holds them."""
    with unit_of_work(engine) as session:
        free = (col(Notice.claimed_at).is_(None)) | (col(Notice.claimed_at) < now - STALE_CLAIM)
        ids = list(session.exec(select(Notice.id).where(
            Notice.user_id == user_id, col(Notice.sent_at).is_(None), free)))
        if not ids:
            return []
        taken = session.execute(update(Notice).where(
            col(Notice.id).in_(ids), col(Notice.sent_at).is_(None), free)
            .values(claimed_at=now)).rowcount  # type: ignore[attr-defined]
        if taken != len(ids):  # a concurrent sender won part of them: leave all to it
            session.rollback()
            return []
        return [i for i in ids if i is not None]


def _settle(engine: Engine, ids: list[int], now: datetime, error: str | None) -> None:
    with unit_of_work(engine) as session:
        for row in session.exec(select(Notice).where(col(Notice.id).in_(ids))):
            row.attempts += 1
            if error is None:
                row.sent_at = now
            else:
                row.claimed_at, row.last_error = None, error[:200]
            session.add(row)


def send_pending(engine: Engine, now: datetime, settings: Settings) -> Outcome:
    """Send every unsent notice, one mail per user; safe to run from several places at once."""
    with unit_of_work(engine, write=False) as session:
        users = {u.id: u for u in session.exec(
            select(User).join(Notice, col(Notice.user_id) == col(User.id))
            .where(col(Notice.sent_at).is_(None)).distinct())}
    sent = mails = failed = 0
    for user_id, user in users.items():
        ids = _claim(engine, user_id, now)  # type: ignore[arg-type]
        if not ids:
            continue
        if not user.active or not user.email:
            _settle(engine, ids, now, "geen actief account met e-mailadres")
            failed += len(ids)
            continue
        try:
            send(settings, message(user, len(ids), settings))
        except MailError as exc:
            _settle(engine, ids, now, exc.message)
            failed += len(ids)
            continue
        _settle(engine, ids, now, None)
        sent, mails = sent + len(ids), mails + 1
    return Outcome(sent, mails, failed)


def pending(session: Session) -> int:
    return len(list(session.exec(select(Notice.id).where(col(Notice.sent_at).is_(None)))))
