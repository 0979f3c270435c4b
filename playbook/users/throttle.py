"""Sign-in throttling per account and per address, with backoff.

Failures are counted in `inlogpoging`, one row per key (account or address), never one row per
guess. ACCOUNT_LIMIT failures within WINDOW lock the key; each further lock-out doubles the
lock, up to MAX_LOCK. While locked, even the right password is refused. A successful sign-in
clears the account's count. Stale rows are removed as new failures arrive, so the table stays
bounded by the number of keys that failed recently.
"""

from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, select

from playbook.storage.tables import LoginThrottle

WINDOW = timedelta(minutes=15)
ACCOUNT_LIMIT = 10  # the eleventh attempt within the window is refused
ADDRESS_LIMIT = 50  # an office behind one NAT address has many users
BASE_LOCK = timedelta(minutes=15)
MAX_LOCK = timedelta(hours=24)


def keys(username: str, address: str | None) -> list[str]:
    return [f"account:{username.strip().lower()[:64]}", f"adres:{(address or 'onbekend')[:64]}"]


def _limit(key: str) -> int:
    return ACCOUNT_LIMIT if key.startswith("account:") else ADDRESS_LIMIT


def locked_until(session: Session, keys_: list[str], now: datetime) -> datetime | None:
    rows = session.exec(select(LoginThrottle).where(col(LoginThrottle.key).in_(keys_))).all()
    until = [r.locked_until for r in rows if r.locked_until and r.locked_until > now]
    return max(until) if until else None


def failed(session: Session, keys_: list[str], now: datetime) -> list[str]:
    """Count one failure for each key; return the keys that became locked just now."""
    session.exec(delete(LoginThrottle).where(
        col(LoginThrottle.window_start) < now - MAX_LOCK - WINDOW,
        col(LoginThrottle.locked_until).is_(None) | (col(LoginThrottle.locked_until) < now)))
    newly = []
    for key in keys_:
        row = session.get(LoginThrottle, key) or LoginThrottle(key=key, window_start=now)
        if now - row.window_start > WINDOW:
            row.failures, row.window_start = 0, now
        row.failures += 1
        if row.failures >= _limit(key):
            row.locked_until = now + min(BASE_LOCK * 2**row.lockouts, MAX_LOCK)
            row.lockouts += 1
            row.failures, row.window_start = 0, now
            newly.append(key)
        session.add(row)
    return newly


def succeeded(session: Session, username: str) -> None:
    row = session.get(LoginThrottle, keys(username, None)[0])
    if row is not None:
        session.delete(row)
