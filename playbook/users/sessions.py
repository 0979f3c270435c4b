"""Server-side sign-in sessions: the cookie holds a random token, the `sessie` row decides.

A session ends on logout, on a password change or deactivation, after an idle period and after
an absolute lifetime; a replayed cookie of an ended session signs no one in.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from playbook.storage.tables import User, WebSession

# last_seen_at is written at most this often, so reading pages does not write on every request.
TOUCH_EVERY = timedelta(seconds=60)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, user: User, now: datetime, user_agent: str | None) -> str:
    """A new session for `user`; returns the token for the cookie (stored only as a hash)."""
    token = secrets.token_urlsafe(32)
    session.add(WebSession(token_hash=_hash(token), user_id=user.id, created_at=now,  # type: ignore[arg-type]
                           last_seen_at=now, user_agent=(user_agent or "")[:200] or None))
    return token


def find(session: Session, token: str) -> WebSession | None:
    return session.exec(select(WebSession).where(WebSession.token_hash == _hash(token))).first()


def expired(row: WebSession, now: datetime, idle: timedelta, lifetime: timedelta) -> str | None:
    """Why the session no longer counts, or None while it is valid."""
    if row.ended_at is not None:
        return row.ended_reason or "beëindigd"
    if now - row.last_seen_at > idle:
        return "verlopen (inactief)"
    if now - row.created_at > lifetime:
        return "verlopen (maximale duur)"
    return None


def needs_touch(row: WebSession, now: datetime) -> bool:
    return now - row.last_seen_at > TOUCH_EVERY


def end(row: WebSession, now: datetime, reason: str) -> None:
    if row.ended_at is None:
        row.ended_at, row.ended_reason = now, reason


def end_all(session: Session, user_id: int, now: datetime, reason: str,
            keep: int | None = None) -> int:
    """End every open session of a user (except `keep`); returns how many were ended."""
    rows = session.exec(select(WebSession).where(WebSession.user_id == user_id,
                                                 col(WebSession.ended_at).is_(None))).all()
    ended = 0
    for row in rows:
        if row.id != keep:
            end(row, now, reason)
            session.add(row)
            ended += 1
    return ended


def open_sessions(session: Session, user_id: int) -> list[WebSession]:
    return list(session.exec(select(WebSession).where(
        WebSession.user_id == user_id, col(WebSession.ended_at).is_(None))
        .order_by(col(WebSession.last_seen_at).desc())))
