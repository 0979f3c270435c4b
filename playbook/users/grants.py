"""An administrator of one municipality lets a regional user of another read its cases, and
takes that back. One grant at a time on top of `scope.set_grants` (the CLI's replace-the-list
call), so the rules and the audit event (`gemeente-inzage-gewijzigd`) are the same."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from playbook.errors import Conflict, InvalidInput
from playbook.storage.tables import User
from playbook.storage.tables_grants import MunicipalityGrant
from playbook.users.accounts import by_name
from playbook.users.scope import REGIONAL_ROLES, granted, set_grants


@dataclass(frozen=True)
class Grant:
    """One user of another municipality who may read this municipality's cases."""

    username: str
    full_name: str
    role: str
    home: str  # the CBS code of the user's own municipality
    granted_by: str
    granted_at: datetime


def grants_into(session: Session, municipality_code: str) -> list[Grant]:
    """Who may read this municipality's cases through a grant, oldest grant first."""
    rows = session.exec(
        select(MunicipalityGrant, User)
        .join(User, col(User.id) == col(MunicipalityGrant.user_id))
        .where(MunicipalityGrant.municipality_code == municipality_code)
        .order_by(col(MunicipalityGrant.granted_at), col(User.username)))
    return [Grant(u.username, u.full_name, u.role, u.municipality_code, g.granted_by,
                  g.granted_at) for g, u in rows]


def candidates(session: Session, municipality_code: str) -> list[User]:
    """Active accounts of other municipalities that could be granted reading this one and
    are not yet: the choices an administrator picks from."""
    holders = select(MunicipalityGrant.user_id).where(
        MunicipalityGrant.municipality_code == municipality_code)
    return list(session.exec(
        select(User)
        .where(User.municipality_code != municipality_code, col(User.active).is_(True),
               col(User.role).in_(sorted(REGIONAL_ROLES)), col(User.id).not_in(holders))
        .order_by(col(User.municipality_code), col(User.full_name), col(User.username))))


def grant(*, session: Session, username: str, municipality_code: str, known: Iterable[str],
          actor: str, now: datetime) -> frozenset[str]:
    """Let `username` (of another municipality) read `municipality_code`'s cases; audited."""
    user = by_name(session, username)  # NotFound: 404
    if user.municipality_code == municipality_code:
        raise InvalidInput([f"gebruikersnaam: {user.username} werkt al in deze gemeente en "
                            "heeft geen inzage nodig"])
    if not user.active:
        raise InvalidInput([f"gebruikersnaam: het account {user.username} is gedeactiveerd"])
    before = granted(session, user.id)  # type: ignore[arg-type]
    if municipality_code in before:
        raise Conflict(f"{user.full_name} ({user.username}) mag de zaken van deze gemeente al "
                       "inzien.")
    return set_grants(session=session, username=user.username,
                      codes=before | {municipality_code}, known=known, actor=actor, now=now)


def revoke(*, session: Session, username: str, municipality_code: str, actor: str,
           now: datetime) -> frozenset[str]:
    """Take back `username`'s reading of `municipality_code`; their other grants stay."""
    user = by_name(session, username)
    before = granted(session, user.id)  # type: ignore[arg-type]
    if municipality_code not in before:
        raise Conflict(f"{user.full_name} ({user.username}) heeft geen inzage in de zaken van "
                       "deze gemeente; er is niets ingetrokken.")
    # What was granted earlier stays valid even if its municipality file has since gone.
    return set_grants(session=session, username=user.username,
                      codes=before - {municipality_code}, known=before, actor=actor, now=now)
