"""Demo users for the demo case's database: one per role a newcomer wants to try in the app.

Passwords are new and random on every run (printed once by `playbook demo --serveer`): the
demo database sits in a plain folder, and a fixed password would sooner or later guard
something real.
"""

import secrets
import string
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from playbook.storage.db import unit_of_work
from playbook.users.service import create_user

# username, role, partner, full name, what the role does (as printed for the newcomer)
DEMO_USERS = (
    ("demo.oov", "oov", None, "Demo Crisisofficier", "crisisofficier OOV: zaken en stappen"),
    ("demo.juridisch", "juridisch", None, "Demo Juridisch", "bureau burgemeester: besluiten"),
    ("demo.politie", "partner", "politie", "Demo Politie", "partner politie: inbox"),
)


ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    description: str


def create_demo_users(engine: Engine, municipality_code: str, now: datetime) -> list[DemoLogin]:
    logins = []
    with unit_of_work(engine) as session:
        for username, role, partner, name, description in DEMO_USERS:
            # Letters and digits only: copied from a terminal without surprises.
            password = "".join(secrets.choice(ALPHABET) for _ in range(16))
            create_user(session=session, username=username, full_name=name, role=role,
                        password=password, municipality_code=municipality_code,
                        partner=partner, actor="demo", now=now)
            logins.append(DemoLogin(username, password, role, description))
    return logins
