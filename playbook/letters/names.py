"""How a login reads in a document: the user's full name, never the login itself when known."""

from collections.abc import Iterable

from sqlmodel import Session, col, select

from playbook.storage.tables import User

SYSTEM_NAME = "automatisch (systeem)"


def display_names(session: Session, logins: Iterable[str]) -> dict[str, str]:
    wanted = set(logins)
    names = {"systeem": SYSTEM_NAME} if "systeem" in wanted else {}
    if wanted:
        rows = session.exec(
            select(User.username, User.full_name).where(col(User.username).in_(sorted(wanted)))
        )
        names.update(dict(rows.all()))
    return names
