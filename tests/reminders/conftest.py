"""A real SMTP server per test (aiosmtpd on a free port), the settings that point at it, users
with e-mail addresses, and two cases whose decisions carry every kind of legal deadline.

Dates: the cases play in November 2026 and the reminders run on Monday 30 November 2026 at
07:00 (Europe/Amsterdam), so every expected date below is fixed."""

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session

from playbook.cases.intake import parse_intake
from playbook.cases.service import create_case
from playbook.config import get_settings
from playbook.decisions import objections
from playbook.decisions import service as decisions
from playbook.definition.models import Playbook
from playbook.reminders.service import set_email
from playbook.users.service import create_user
from tests.conftest import local
from tests.legal import builders as b

Uow = Callable[[], AbstractContextManager[Session]]
NOW = local("2026-11-30 07:00")
HOME, ELSEWHERE = "GM9999", "GM0001"
POSTCODES = {"14": "9999 AB", "3": "9999 CD"}  # two buildings: two cases, not a repeat
# key -> (username, role, partner, municipality, e-mail)
ACCOUNTS: dict[str, tuple[str, str, str | None, str, str | None]] = {
    "oov": ("oov.anna", "oov", None, HOME, "anna@gemeente.example"),
    "juridisch": ("jur.bram", "juridisch", None, HOME, "bram@gemeente.example"),
    "politie": ("politie.dirk", "partner", "politie", HOME, "dirk@politie.example"),
    "slachtofferhulp": ("shn.frank", "partner", "slachtofferhulp", HOME, "frank@shn.example"),
    "om": ("om.gerda", "partner", "om", HOME, None),  # no address: no mail
    "oov-elders": ("oov.elders", "oov", None, ELSEWHERE, "elders@andere.example"),
}
PASSWORD = "geheim-wachtwoord-1"


@dataclass
class Inbox:
    """What the SMTP server received: each mail with its envelope recipients."""

    mails: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        mail = message_from_bytes(envelope.original_content or envelope.content,
                                  policy=policy.default)
        with self.arrived:
            self.mails.append((list(envelope.rcpt_tos), mail))
            self.arrived.notify_all()
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpt, m in self.mails if address in rcpt]

    def wait_for(self, count: int, timeout: float = 15.0) -> bool:
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.mails) >= count, timeout)


def text_of(mail: EmailMessage) -> str:
    body = mail.get_body(("plain",))
    assert body is not None
    return str(body.get_content()).replace("\r\n", "\n")


def html_of(mail: EmailMessage) -> str:
    body = mail.get_body(("html",))
    assert body is not None
    return str(body.get_content())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def mail_settings(monkeypatch: pytest.MonkeyPatch, smtp_port: int) -> Iterator[None]:
    """The app's settings point at the test's SMTP server (plain SMTP on localhost)."""
    for name, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port), "SMTP_TLS": "geen",
                        "SMTP_SENDER": "playbook@gemeente.example",
                        "PUBLIC_URL": "https://playbook.gemeente.example",
                        "NOTIFY_AFTER_COMMIT": "0"}.items():
        monkeypatch.setenv(f"PLAYBOOK_{name}", value)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def smtp(mail_settings: None, smtp_port: int) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture
def accounts(uow: Uow, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    from argon2 import PasswordHasher

    from playbook.users import service as users_service

    monkeypatch.setattr(users_service, "_hasher",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    with uow() as s:
        for username, role, partner, municipality, email in ACCOUNTS.values():
            create_user(session=s, username=username, full_name=username.replace(".", " ").title(),
                        role=role, partner=partner, password=PASSWORD,
                        municipality_code=municipality, actor="beheer", now=NOW)
            if email:
                set_email(session=s, username=username, email=email, actor="beheer", now=NOW)
    return {key: account[4] or "" for key, account in ACCOUNTS.items()}


HOUSEHOLD = [{"name": "Mevrouw J. Jansen", "role": "doelwit", "birth_date": "1988-02-03"},
             b.CORPORATION]


@dataclass(frozen=True)
class LegalCases:
    closed: str  # urgent closure made known, with a bezwaar
    intended: str  # a closure in voornemen: the zienswijze term runs


def _prepared(uow: Uow, playbook: Playbook, occurred: str, street: str, number: str) -> str:
    with uow() as s:
        intake = parse_intake({"street": street, "house_number": number,
                               "postcode": POSTCODES[number], "city": "Rivierstad",
                               "object_type": "woning",
                               "incident_kind": "aanslag", "occurred_at": occurred,
                               "publicly_accessible": "nee", "persons": HOUSEHOLD},
                              local(occurred).replace(minute=59))
        case, _ = create_case(session=s, intake=intake, playbook=playbook, actor="oov",
                              now=local(occurred).replace(minute=59))
        reference = case.reference
    day = occurred[:10]
    b.rapportage(uow, reference, f"{day} 10:00", "Explosief tegen de voordeur; ravage.",
                 "Ernstige vrees voor herhaling volgens de politie.")
    b.threat(uow, reference, f"{day} 10:30")
    b.housing(uow, reference, f"{day} 10:45")
    return reference


@pytest.fixture
def legal_cases(uow: Uow, playbook: Playbook) -> LegalCases:
    # Case 1, Friday 20 November 2026: an urgent closure of 14 days from 18:00, made known the
    # same day. Last day of the closure: Thursday 3 December 2026.
    closed = _prepared(uow, playbook, "2026-11-20 03:00", "Havenstraat", "14")
    decision = b.draft(uow, closed, "2026-11-20 11:00", duration_days=14,
                       start_date="2026-11-20", start_time="18:00")
    b.urgent_closure(uow, closed, decision, "2026-11-20 12:00")
    b.make_known(uow, closed, decision, "2026-11-20 13:00")
    with uow() as s:
        objections.register(session=s, reference=closed, decision_id=decision,
                            submitted_by="Mevrouw J. Jansen",
                            received_on=local("2026-11-25 09:00").date(), actor="juridisch",
                            now=local("2026-11-25 09:00"))
    # Case 2, Thursday 26 November 2026: a voornemen handed over on Friday 27 November with a
    # zienswijze term of seven days: it ends on Friday 4 December 2026.
    intended = _prepared(uow, playbook, "2026-11-26 02:00", "Kerkweg", "3")
    decision = b.draft(uow, intended, "2026-11-26 11:00", duration_days=30,
                       start_date="2026-12-07", start_time="12:00")
    b.intent(uow, intended, decision, "2026-11-27 10:00", days=7)
    return LegalCases(closed, intended)


def decision_of(uow: Uow, reference: str) -> int:
    with uow() as s:
        return decisions.decisions_of(s, b.get_case(s, reference))[0].id  # type: ignore[return-value]


def at(text: str) -> datetime:
    return local(text)
