"""Which municipalities a user may see. Every list, search, export and case page asks here.

A user belongs to one municipality and works its cases. A regional user (RIEC, veiligheidsregio)
may in addition READ the cases of other municipalities, only those an administrator granted
(`playbook gebruiker inzage`, or on /beheer/inzage for their own municipality: users/grants.py).
Grants never allow changing another municipality's cases.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import ColumnElement, event
from sqlmodel import Session, col, delete, select

from playbook.cases.audit import record
from playbook.errors import InvalidInput, NotAllowed
from playbook.storage.tables import Case, User
from playbook.storage.tables_grants import MunicipalityGrant

# Partners read documents addressed to them in their own municipality only (their inbox).
REGIONAL_ROLES = frozenset({"oov", "juridisch", "admin"})


class Member(Protocol):
    """Anything that names a user's municipality and grants (a web Principal, say)."""

    @property
    def municipality_code(self) -> str: ...

    @property
    def grants(self) -> frozenset[str]: ...


def granted(session: Session, user_id: int) -> frozenset[str]:
    """The extra municipalities this user may read."""
    return frozenset(session.exec(select(MunicipalityGrant.municipality_code)
                                  .where(MunicipalityGrant.user_id == user_id)))


def visible_municipalities(user: Member) -> frozenset[str]:
    """Every municipality whose cases this user may read: their own plus any granted."""
    return frozenset({user.municipality_code}) | user.grants


def cases_visible_to(user: Member) -> ColumnElement[bool]:
    """A WHERE clause for `select(Case)`: the cases this user may read. Every list, search,
    due list and export of cases uses it, so a new query cannot forget the scope."""
    return col(Case.municipality_code).in_(sorted(visible_municipalities(user)))


def may_read(user: Member, municipality_code: str) -> bool:
    return municipality_code in visible_municipalities(user)


def may_change(user: Member, municipality_code: str) -> bool:
    """Only a user's own municipality: a grant is for reading."""
    return municipality_code == user.municipality_code


def set_grants(*, session: Session, username: str, codes: Iterable[str], known: Iterable[str],
               actor: str, now: datetime) -> frozenset[str]:
    """Replace the user's read grants with `codes` (empty: none); audited."""
    from playbook.users.accounts import by_name

    user = by_name(session, username)
    wanted = frozenset(c.strip().upper() for c in codes)
    configured = frozenset(known)
    problems = [f"gemeente: '{c[:12]}' is geen CBS-code zoals GM0599" for c in sorted(wanted)
                if not re.fullmatch(r"GM\d{4}", c)]
    problems += [f"gemeente: {c} is in deze installatie niet ingesteld" for c in sorted(wanted)
                 if re.fullmatch(r"GM\d{4}", c) and c not in configured]
    if wanted and user.role not in REGIONAL_ROLES:
        from playbook.users.service import ROLES

        problems.append(f"rol: {user.username} is {ROLES.get(user.role, user.role).lower()} en "
                        "kan geen andere gemeenten inzien; alleen een crisisfunctionaris OOV, "
                        "het bureau burgemeester (juridisch) en een beheerder")
    wanted -= {user.municipality_code}  # their own municipality needs no grant
    if problems:
        raise InvalidInput(problems)
    before = granted(session, user.id)  # type: ignore[arg-type]
    if before == wanted:
        return before
    session.exec(delete(MunicipalityGrant).where(
        col(MunicipalityGrant.user_id) == user.id,
        col(MunicipalityGrant.municipality_code).not_in(wanted)))
    for code in sorted(wanted - before):
        session.add(MunicipalityGrant(user_id=user.id, municipality_code=code,  # type: ignore[arg-type]
                                      granted_by=actor, granted_at=now))
    record(session, None, actor=actor, action="gemeente-inzage-gewijzigd", at=now,
           subject=user.username, old=", ".join(sorted(before)) or None,
           new=", ".join(sorted(wanted)) or None)
    return wanted


def grants_of(session: Session, username: str) -> tuple[User, frozenset[str]]:
    from playbook.users.accounts import by_name

    user = by_name(session, username)
    return user, granted(session, user.id)  # type: ignore[arg-type]


# --- Acting for one account outside the web app (the CLI) ---

# Session key read by `cases.repository.get_case`: a case outside this set does not exist.
VISIBLE_KEY = "visible_municipalities"
OWN_KEY = "own_municipality"  # where this session's new cases go


@dataclass(frozen=True)
class AccountScope:
    """A registered account's reach, detached from any session."""

    username: str
    municipality_code: str
    grants: frozenset[str]


def account_scope(session: Session, username: str) -> AccountScope | None:
    """The reach of a registered account, or None when `username` is no account (an
    operator's own login on the server keeps full reach, as with one municipality)."""
    user = session.exec(select(User).where(User.username == username.strip().lower())).first()
    if user is None:
        return None
    return AccountScope(user.username, user.municipality_code, granted(session, user.id))  # type: ignore[arg-type]


def restrict(session: Session, scope: Member) -> None:
    """From now on this session finds only cases `scope` may read, and refuses to store a
    change to a case of another municipality than its own (checked before every flush)."""
    session.info[VISIBLE_KEY] = visible_municipalities(scope)
    session.info[OWN_KEY] = scope.municipality_code

    def own_cases_only(session: Session, _context: object, _instances: object) -> None:
        for row in (*session.new, *session.dirty):
            if isinstance(row, Case) and not may_change(scope, row.municipality_code):
                raise NotAllowed("U kunt zaken van een andere gemeente alleen inzien; er is "
                                 "niets opgeslagen.")

    event.listen(session, "before_flush", own_cases_only)
