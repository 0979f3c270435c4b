"""A user's calendar (ICS) of legal deadlines, behind a secret, revocable address.

Every deadline is an all-day event on its last day (DTEND is the next day, RFC 5545 3.6.1),
with a UID built from the decision or bezwaar it belongs to, so a calendar that polls again
updates the event instead of adding a copy. Only the SHA-256 of the secret is stored."""

import hashlib
import secrets
from datetime import datetime, timedelta

from icalendar import Calendar, Event
from sqlmodel import Session, col, select

from playbook.cases.audit import record
from playbook.reminders import audience
from playbook.reminders.legal import legal_dates
from playbook.storage.tables import User
from playbook.storage.tables_reminders import CalendarFeed

PRODID = "-//playbook//wettelijke termijnen//NL"


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def feed_url(base_url: str, secret: str) -> str:
    return f"{base_url.rstrip('/')}/agenda/{secret}.ics"


def create(session: Session, user: User, actor: str, now: datetime) -> str:
    """A new secret address; any earlier one of the user stops working. Returns the secret
    (shown once, like an API token)."""
    revoke(session, user, actor, now, audit=False)
    secret = secrets.token_urlsafe(32)
    session.add(CalendarFeed(user_id=user.id, secret_hash=secret_hash(secret), created_at=now))  # type: ignore[arg-type]
    record(session, None, actor=actor, action="agenda-adres-gemaakt", at=now,
           subject=user.username)
    return secret


def revoke(session: Session, user: User, actor: str, now: datetime, *, audit: bool = True) -> int:
    rows = list(session.exec(select(CalendarFeed).where(
        CalendarFeed.user_id == user.id, col(CalendarFeed.revoked_at).is_(None))))
    for row in rows:
        row.revoked_at = now
        session.add(row)
    if rows and audit:
        record(session, None, actor=actor, action="agenda-adres-ingetrokken", at=now,
               subject=user.username)
    return len(rows)


def active(session: Session, user: User) -> CalendarFeed | None:
    return session.exec(select(CalendarFeed).where(
        CalendarFeed.user_id == user.id, col(CalendarFeed.revoked_at).is_(None))).first()


def owner(session: Session, secret: str) -> User | None:
    """The active user behind a live secret, or None (unknown, revoked, deactivated)."""
    if not 20 <= len(secret) <= 100:
        return None
    row = session.exec(select(CalendarFeed).where(
        CalendarFeed.secret_hash == secret_hash(secret))).first()
    if row is None or row.revoked_at is not None:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.active else None


def ics(session: Session, user: User, base_url: str, now: datetime) -> bytes:
    """The user's legal deadlines as an iCalendar file."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Wettelijke termijnen (playbook)")
    for item in legal_dates(session, user.municipality_code, audience.legal_kinds(user)):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now)
        event.add("summary", f"{item.title}: {item.address}")
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        link = audience.case_link(user, base_url, item.reference)
        settled = " Afgehandeld." if item.settled else ""
        event.add("description", f"{item.title} ({item.rule}).{settled} {link}")
        event.add("url", link)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
