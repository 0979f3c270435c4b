"""An administrator and a regional officer of another municipality in a browser test server's
database, for the admin pages (users, regional grants). Made through the services."""

from datetime import UTC, datetime

from sqlmodel import select

from tests.browser.conftest import MUNICIPALITY, PASSWORD, Server

ADMIN = "beheer.test"
REGIONAL = "regio.test"  # an OOV officer of another municipality (GM9998, Beekdal)


def add_admin_and_regional(server: Server) -> None:
    from playbook.storage.db import make_engine, unit_of_work
    from playbook.storage.tables import User
    from playbook.users.service import create_user

    engine = make_engine(server.database_url)
    try:
        with unit_of_work(engine) as session:
            if session.exec(select(User).where(User.username == ADMIN)).first():
                return
            for username, role, name, code in ((ADMIN, "admin", "Bea Beheer", MUNICIPALITY),
                                               (REGIONAL, "oov", "Rita Regio", "GM9998")):
                create_user(session=session, username=username, full_name=name, role=role,
                            password=PASSWORD, municipality_code=code, actor="test",
                            now=datetime.now(UTC))
    finally:
        engine.dispose()
