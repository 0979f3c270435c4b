"""`playbook herinneringen ...` as cron and an administrator use it, on both databases."""

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from tests.e2e.test_cli import Cli, clean_env
from tests.reminders.conftest import Inbox, LegalCases
from tests.reminders.test_calendar import BASE, client

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

__all__ = ["client"]


def _cli(engine: Engine, tmp_path: Path, **extra: str) -> Cli:
    env = clean_env(PLAYBOOK_DATABASE_URL=engine.url.render_as_string(hide_password=False),
                    PLAYBOOK_USER="beheer", PLAYBOOK_PUBLIC_URL=BASE, **extra)
    return Cli(cwd=tmp_path, db=tmp_path / "unused.db", output=tmp_path, env=env)


def test_cron_sends_the_reminders_once_a_day(engine: Engine, tmp_path: Path, smtp: Inbox,
                                             smtp_port: int, accounts: dict[str, str],
                                             legal_cases: LegalCases) -> None:
    cli = _cli(engine, tmp_path, PLAYBOOK_SMTP_HOST="127.0.0.1", PLAYBOOK_SMTP_PORT=str(smtp_port),
               PLAYBOOK_SMTP_TLS="geen", PLAYBOOK_NOTIFY_AFTER_COMMIT="0",
               PLAYBOOK_DAILY_JOBS_AT="00:00")
    first = cli("herinneringen", "verstuur").stdout
    digests = int(re.search(r"Dagoverzichten verstuurd: (\d+)", first)[1])  # type: ignore[index]
    assert digests == len([m for _, m in smtp.mails if str(m["Subject"]).startswith("Herinnering")])
    assert digests >= 1
    again = cli("herinneringen", "verstuur").stdout
    assert "Dagoverzichten verstuurd: 0." in again and "Meldingen verstuurd: 0" in again
    preview = cli("herinneringen", "toon", "jur.bram").stdout
    assert "Beste Jur Bram," in preview or "Niets te melden vandaag." in preview


def test_without_a_mail_server_the_command_refuses_in_dutch(
        engine: Engine, tmp_path: Path, accounts: dict[str, str]) -> None:
    message = _cli(engine, tmp_path).fails("herinneringen", "verstuur")
    assert "PLAYBOOK_SMTP_HOST" in message


def test_an_administrator_sets_the_address_and_makes_and_revokes_a_calendar(
        engine: Engine, tmp_path: Path, accounts: dict[str, str],
        client: "TestClient") -> None:
    cli = _cli(engine, tmp_path)
    assert "gaan naar anna@elders.example" in cli("herinneringen", "email", "oov.anna",
                                                   "anna@elders.example").stdout
    assert "geen geldig e-mailadres" in cli.fails("herinneringen", "email", "oov.anna", "anna")
    made = cli("herinneringen", "agenda", "maak", "oov.anna").stdout
    url = re.search(rf"{BASE}(/agenda/\S+\.ics)", made)
    assert url, made
    assert client.get(url[1]).status_code == 200
    assert cli("herinneringen", "agenda", "intrek", "oov.anna").stdout.strip() == \
        "Agenda-adres ingetrokken."
    assert client.get(url[1]).status_code == 404
    assert "bestaat niet" in cli.fails("herinneringen", "agenda", "maak", "niemand")
