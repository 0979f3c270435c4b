"""Create users and check credentials. Passwords are argon2 hashes; API tokens are stored as SHA-256."""

import hashlib
import re
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from playbook.cases.audit import record
from playbook.definition.enums import Partner
from playbook.errors import Conflict, InvalidInput
from playbook.storage.tables import User

ROLES = {"oov": "Crisisfunctionaris OOV", "juridisch": "Bureau burgemeester (juridisch)",
         "partner": "Partner (alleen lezen)", "admin": "Beheerder"}
PARTNERS = (Partner.politie, Partner.woningcorporatie, Partner.slachtofferhulp, Partner.om)
_hasher = PasswordHasher()
# Compared against when a username does not exist, so timing does not reveal which names exist.
_DUMMY = _hasher.hash("not-a-real-password")


def create_user(*, session: Session, username: str, full_name: str, role: str, password: str,
                municipality_code: str, partner: str | None = None, actor: str, now: datetime) -> User:
    problems = []
    if not re.fullmatch(r"[a-z0-9._-]{3,64}", username):
        problems.append("gebruikersnaam: 3-64 tekens, kleine letters, cijfers, punt, streep")
    if role not in ROLES:
        problems.append(f"rol: '{role}' is onbekend; kies {', '.join(ROLES)}")
    if role == "partner" and partner not in {p.value for p in PARTNERS}:
        problems.append(f"partner: kies {', '.join(p.value for p in PARTNERS)}")
    if role != "partner" and partner:
        problems.append("partner: alleen bij de rol partner")
    if len(password) < 12:
        problems.append("wachtwoord: minstens 12 tekens")
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


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_api_token(*, session: Session, username: str, actor: str, now: datetime) -> str:
    """A new bearer token for the JSON API; only its hash is stored, the old one stops working."""
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise InvalidInput([f"gebruiker: '{username}' bestaat niet"])
    token = secrets.token_urlsafe(32)
    user.api_token_hash = _token_hash(token)
    session.add(user)
    record(session, None, actor=actor, action="api-token-uitgegeven", at=now, subject=username)
    return token


def user_by_token(session: Session, token: str) -> User | None:
    user = session.exec(select(User).where(User.api_token_hash == _token_hash(token))).first()
    return user if user and user.active else None
