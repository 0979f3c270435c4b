"""Create users and check credentials.

Passwords are argon2 hashes; API tokens are stored as SHA-256.
"""

import re
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from playbook.cases.audit import record
from playbook.definition.enums import Partner
from playbook.errors import Conflict, InvalidInput
from playbook.storage.tables import User

ROLES = {"oov": "Crisisfunctionaris OOV", "juridisch": "Bureau burgemeester (juridisch)",
         "partner": "Partner (alleen lezen)", "admin": "Beheerder",
         "regio": "Regionale monitor (alleen cijfers)"}
PARTNERS = (Partner.politie, Partner.woningcorporatie, Partner.slachtofferhulp, Partner.om)
_hasher = PasswordHasher()
# Compared against when a username does not exist, so timing does not reveal which names exist.
_DUMMY = _hasher.hash("not-a-real-password")


def create_user(
    *,
    session: Session,
    username: str,
    full_name: str,
    role: str,
    password: str,
    municipality_code: str,
    partner: str | None = None,
    actor: str,
    now: datetime,
) -> User:
    problems = []
    if not re.fullmatch(r"[a-z0-9._-]{3,64}", username):
        problems.append("gebruikersnaam: 3-64 tekens, kleine letters, cijfers, punt, streep")
    if role not in ROLES:
        problems.append(f"rol: '{role}' is onbekend; kies {', '.join(ROLES)}")
    if role == "partner" and partner not in {p.value for p in PARTNERS}:
        problems.append(f"partner: kies {', '.join(p.value for p in PARTNERS)}")
    if role != "partner" and partner:
        problems.append("partner: alleen bij de rol partner")
    from playbook.users.accounts import password_problems

    problems.extend(password_problems(password, username))
    if not re.fullmatch(r"GM\d{4}", municipality_code):
        problems.append("gemeente: CBS-code zoals GM0599")
    if problems:
        raise InvalidInput(problems)
    if session.exec(select(User).where(User.username == username)).first():
        raise Conflict(f"Gebruiker '{username}' bestaat al.")
    user = User(username=username, full_name=full_name.strip() or username, role=role,
                partner=partner, municipality_code=municipality_code,
                password_hash=_hasher.hash(password), created_at=now)
    session.add(user)
    record(session, None, actor=actor, action="gebruiker-aangemaakt", at=now, subject=username,
           new=role, details={"gemeente": municipality_code, "partner": partner})
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.exec(select(User).where(User.username == username.strip().lower())).first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    return user if user and user.active else None


def issue_api_token(*, session: Session, username: str, actor: str, now: datetime,
                    name: str = "standaard", scope: str = "schrijven", days: int = 90) -> str:
    """A new bearer token for the JSON API, shown once; an earlier live token with the same
    name is revoked, so re-issuing replaces it."""
    from playbook.users import tokens

    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise InvalidInput([f"gebruiker: '{username[:64]}' bestaat niet"])
    for old in tokens.of_user(session, user.id):  # type: ignore[arg-type]
        if old.name == name and old.revoked_at is None:
            tokens.revoke(session=session, token_id=old.id, actor=actor, now=now)  # type: ignore[arg-type]
    _, secret = tokens.issue(session=session, user=user, name=name, scope=scope, days=days,
                             actor=actor, now=now)
    return secret


def user_by_token(session: Session, token: str, now: datetime | None = None) -> User | None:
    from datetime import UTC

    from playbook.users import tokens

    found = tokens.find(session, token, now or datetime.now(UTC))
    return found[1] if found else None
