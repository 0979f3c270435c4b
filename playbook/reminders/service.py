"""One function per reminder action, used by the CLI, the web pages and the daily job alike."""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete
from sqlmodel import Session, col, select

from playbook.cases.audit import record
from playbook.config import USER_TZ, Settings
from playbook.errors import Conflict, InvalidInput
from playbook.reminders import calendar_feed, digest, notices
from playbook.reminders.mail import MailError, send
from playbook.storage.db import read_session, unit_of_work
from playbook.storage.tables import User
from playbook.storage.tables_reminders import DigestSent
from playbook.users.accounts import by_name

# Deliberately loose (RFC 5321 allows far more); it catches typing errors, the server the rest.
EMAIL = re.compile(r"^[^@\s<>\"]{1,64}@[^@\s<>\"]+\.[^@\s<>\"]{2,}$")


def set_email(*, session: Session, username: str, email: str | None, actor: str,
              now: datetime) -> User:
    """Where a user's reminders go; None or empty removes the address (no more mail)."""
    user = by_name(session, username)
    address = (email or "").strip() or None
    if address is not None and (len(address) > 254 or not EMAIL.match(address)):
        raise InvalidInput([f"e-mailadres: '{address[:60]}' is geen geldig e-mailadres"])
    if address != user.email:
        user.email = address
        session.add(user)
        # The address itself stays out of the audit trail: it is contact data, not history.
        record(session, None, actor=actor, action="email-gewijzigd", at=now,
               subject=user.username, new="ingesteld" if address else "verwijderd")
    return user


def create_feed(*, session: Session, username: str, actor: str, now: datetime) -> str:
    return calendar_feed.create(session, by_name(session, username), actor, now)


def revoke_feed(*, session: Session, username: str, actor: str, now: datetime) -> int:
    return calendar_feed.revoke(session, by_name(session, username), actor, now)


def feed(*, session: Session, secret: str, settings: Settings, now: datetime) -> bytes | None:
    """The ICS file behind a secret, or None when the secret is unknown or revoked."""
    user = calendar_feed.owner(session, secret)
    return None if user is None else calendar_feed.ics(session, user, settings.public_url, now)


def preview(*, session: Session, username: str, settings: Settings,
            now: datetime) -> digest.Digest:
    return digest.build(session, by_name(session, username), now, settings.public_url)


@dataclass(frozen=True)
class Report:
    digests: int
    digests_failed: int
    notices: notices.Outcome

    def lines(self) -> list[str]:
        n = self.notices
        result = [f"Dagoverzichten verstuurd: {self.digests}.",
                  f"Meldingen verstuurd: {n.sent} (in {n.mails} e-mails)."]
        if self.digests_failed or n.failed:
            result.append(f"Niet gelukt (volgende run probeert opnieuw): {self.digests_failed} "
                          f"dagoverzichten, {n.failed} meldingen.")
        return result


def _claim_day(engine: Engine, user: User, items: int, now: datetime) -> bool:
    try:
        with unit_of_work(engine) as session:
            session.add(DigestSent(user_id=user.id, day=now.astimezone(USER_TZ).date(),  # type: ignore[arg-type]
                                   items=items, sent_at=now))
    except Conflict:  # another run sends (or sent) today's digest
        return False
    return True


def _release_day(engine: Engine, user: User, now: datetime) -> None:
    with unit_of_work(engine) as session:
        session.execute(delete(DigestSent).where(
            col(DigestSent.user_id) == user.id,
            col(DigestSent.day) == now.astimezone(USER_TZ).date()))


def send_digests(engine: Engine, now: datetime, settings: Settings) -> tuple[int, int]:
    """Each active user with an e-mail address gets today's digest once, if it holds anything.
    Returns (sent, failed); a failed one is released so a later run that day sends it."""
    today = now.astimezone(USER_TZ).date()
    with read_session(engine) as session:
        done = set(session.exec(select(DigestSent.user_id).where(DigestSent.day == today)))
        users = [u for u in session.exec(select(User).where(
            User.active == True, col(User.email).is_not(None)).order_by(col(User.id)))  # noqa: E712
            if u.id not in done]
        digests = [digest.build(session, u, now, settings.public_url) for u in users]
    sent = failed = 0
    for item in digests:
        if item.empty or not _claim_day(engine, item.user, item.size, now):
            continue
        try:
            send(settings, digest.message(item, settings.smtp_sender, settings.public_url))
        except MailError:
            _release_day(engine, item.user, now)
            failed += 1
            continue
        sent += 1
    return sent, failed


def run(engine: Engine, now: datetime, settings: Settings) -> Report:
    """Everything due: first the waiting notices, then today's digests once it is
    PLAYBOOK_DAILY_JOBS_AT (so cron may call this every few minutes). Safe to repeat."""
    from playbook.jobs.daily import due

    outcome = notices.send_pending(engine, now, settings)
    sent, failed = send_digests(engine, now, settings) if due(now) else (0, 0)
    return Report(sent, failed, outcome)
