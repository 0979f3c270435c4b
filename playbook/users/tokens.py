"""API tokens: named, scoped (lezen/schrijven), expiring and revocable. Only the SHA-256 of a
token is stored; the secret is shown once, when it is made."""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from playbook.cases.audit import record
from playbook.errors import InvalidInput, NotFound
from playbook.storage.tables import ApiToken, User

SCOPES = {"lezen": "alleen opvragen (GET)", "schrijven": "opvragen en wijzigen"}
MAX_DAYS = 365


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(*, session: Session, user: User, name: str, scope: str, days: int, actor: str,
          now: datetime) -> tuple[ApiToken, str]:
    problems = []
    if not 1 <= len(name.strip()) <= 64:
        problems.append("naam: 1 tot 64 tekens")
    if scope not in SCOPES:
        problems.append(f"scope: '{scope[:20]}' is onbekend; kies {' of '.join(SCOPES)}")
    if not 1 <= days <= MAX_DAYS:
        problems.append(f"geldigheid: 1 tot {MAX_DAYS} dagen")
    if problems:
        raise InvalidInput(problems)
    secret = secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name.strip(), scope=scope, token_hash=token_hash(secret),  # type: ignore[arg-type]
                   created_at=now, expires_at=now + timedelta(days=days))
    session.add(row)
    record(session, None, actor=actor, action="api-token-uitgegeven", at=now,
           subject=user.username, new=f"{row.name} ({scope}, {days} dagen)")
    return row, secret


def find(session: Session, secret: str, now: datetime) -> tuple[ApiToken, User] | None:
    """The live token and its active user, or None (unknown, revoked, expired, deactivated)."""
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == token_hash(secret))).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    user = session.get(User, row.user_id)
    return (row, user) if user is not None and user.active else None


def of_user(session: Session, user_id: int) -> list[ApiToken]:
    return list(session.exec(select(ApiToken).where(ApiToken.user_id == user_id)
                             .order_by(col(ApiToken.id))))


def revoke(*, session: Session, token_id: int, actor: str, now: datetime,
           owner: int | None = None) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None or (owner is not None and row.user_id != owner):
        raise NotFound(f"Token {token_id} bestaat niet.")
    if row.revoked_at is None:
        row.revoked_at = now
        session.add(row)
        user = session.get(User, row.user_id)
        record(session, None, actor=actor, action="api-token-ingetrokken", at=now,
               subject=user.username if user else None, old=row.name)
    return row


def revoke_all(session: Session, user_id: int, now: datetime) -> int:
    count = 0
    for row in of_user(session, user_id):
        if row.revoked_at is None:
            row.revoked_at = now
            session.add(row)
            count += 1
    return count
