"""Account lifecycle: password policy, password change, admin reset, deactivation.

Every change that affects who can sign in also ends the user's sessions (and, on
deactivation, revokes their API tokens), and is recorded in the audit trail.
"""

from datetime import datetime

from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from playbook.cases.audit import record
from playbook.errors import InvalidInput, NotFound
from playbook.storage.tables import User
from playbook.users import service, sessions, tokens

MIN_LENGTH, MAX_LENGTH = 12, 256
# The most used passwords that pass the length rule; a longer list belongs in a file.
COMMON = {"welkom123456", "wachtwoord12", "wachtwoord123", "password1234", "123456789012",
          "qwertyuiop12", "gemeente1234", "voorjaar2026!", "zomer2026!!!", "winter2026!!!"}


def password_problems(password: str, username: str) -> list[str]:
    """What is wrong with a new password, in Dutch (empty: acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"wachtwoord: minstens {MIN_LENGTH} tekens")
    if len(password) > MAX_LENGTH:
        problems.append(f"wachtwoord: hoogstens {MAX_LENGTH} tekens")
    if username and username.lower() in password.lower():
        problems.append("wachtwoord: mag uw gebruikersnaam niet bevatten")
    if len(set(password)) < 5:
        problems.append("wachtwoord: gebruik minstens 5 verschillende tekens")
    if password.lower() in COMMON:
        problems.append("wachtwoord: dit wachtwoord is te bekend; kies een ander")
    return problems


def by_name(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username.strip().lower())).first()
    if user is None:
        raise NotFound(f"Gebruiker '{username[:64]}' bestaat niet.")
    return user


def _set_password(user: User, password: str, now: datetime) -> None:
    problems = password_problems(password, user.username)
    if problems:
        raise InvalidInput(problems)
    user.password_hash = service._hasher.hash(password)
    user.password_changed_at = now


def change_password(*, session: Session, user_id: int, current: str, new: str, now: datetime,
                    keep_session: int | None = None) -> User:
    """The user changes their own password; every other session of theirs ends."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise NotFound("Uw account bestaat niet meer of is gedeactiveerd.")
    try:
        service._hasher.verify(user.password_hash, current)
    except (VerificationError, InvalidHashError):
        raise InvalidInput(["huidig wachtwoord: klopt niet"]) from None
    if current == new:
        raise InvalidInput(["nieuw wachtwoord: moet anders zijn dan het huidige"])
    _set_password(user, new, now)
    session.add(user)
    ended = sessions.end_all(session, user.id, now, "wachtwoord gewijzigd", keep=keep_session)  # type: ignore[arg-type]
    record(session, None, actor=user.username, action="wachtwoord-gewijzigd", at=now,
           subject=user.username, details={"sessies_beeindigd": ended})
    return user


def reset_password(*, session: Session, username: str, new: str, actor: str,
                   now: datetime) -> User:
    """An administrator sets a new password; all the user's sessions end."""
    user = by_name(session, username)
    _set_password(user, new, now)
    session.add(user)
    ended = sessions.end_all(session, user.id, now, "wachtwoord opnieuw ingesteld")  # type: ignore[arg-type]
    record(session, None, actor=actor, action="wachtwoord-hersteld", at=now,
           subject=user.username, details={"sessies_beeindigd": ended})
    return user


def deactivate(*, session: Session, username: str, actor: str, now: datetime) -> User:
    """The user can no longer sign in or use a token; history stays attributed to them."""
    user = by_name(session, username)
    user.active = False
    session.add(user)
    ended = sessions.end_all(session, user.id, now, "account gedeactiveerd")  # type: ignore[arg-type]
    revoked = tokens.revoke_all(session, user.id, now)  # type: ignore[arg-type]
    record(session, None, actor=actor, action="gebruiker-gedeactiveerd", at=now,
           subject=user.username,
           details={"sessies_beeindigd": ended, "tokens_ingetrokken": revoked})
    return user
