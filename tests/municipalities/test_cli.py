"""The CLI acting for a registered account (PLAYBOOK_USER) sees what that account may read and
changes only its own municipality; an administrator grants regional reading with
`playbook gebruiker inzage`. Against the same SQLite or PostgreSQL database as the web tests
(the start-up refusals run the CLI as a separate process: test_registry.py)."""

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from playbook.cli.main import run
from playbook.config import get_settings
from playbook.storage.db import engine_for
from tests.municipalities.conftest import BEEKDAL, RIVIERSTAD, utcnow

ADDRESS = {RIVIERSTAD: ["--straat", "Havenstraat", "--huisnummer", "14", "--postcode", "9999 AB",
                        "--plaats", "Rivierstad"],
           BEEKDAL: ["--straat", "Beekweg", "--huisnummer", "3", "--postcode", "9998 AB",
                     "--plaats", "Beekdal"]}
INCIDENT = ["--objecttype", "woning", "--soort", "aanslag", "--tijdstip", "2025-03-07 02:40"]


@dataclass
class Cli:
    """`playbook ...` run in this process (as `run()` does: Dutch errors, exit codes), acting as
    the registered account named by PLAYBOOK_USER."""

    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def __call__(self, user: str, *args: str, expect: int = 0) -> str:
        self.monkeypatch.setenv("PLAYBOOK_USER", user)
        self.monkeypatch.setattr(sys, "argv", ["playbook", *args])
        self.capsys.readouterr()
        with pytest.raises(SystemExit) as exit_:
            run()
        stdout, stderr = self.capsys.readouterr()
        assert exit_.value.code == expect, (args, stdout, stderr)
        assert "Traceback" not in stderr
        return stdout if expect == 0 else stderr


@pytest.fixture
def cli(engine: Engine, users: dict[str, str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("PLAYBOOK_DATABASE_URL", url)
    get_settings.cache_clear()
    yield Cli(monkeypatch, capsys)
    engine_for(url).dispose()
    engine_for.cache_clear()
    get_settings.cache_clear()


def test_cli_keeps_each_account_to_its_municipalities(cli: Cli, tmp_path: Path) -> None:
    year = utcnow().year
    a_ref, b_ref = f"{RIVIERSTAD}-{year}-0001", f"{BEEKDAL}-{year}-0001"
    # Without --gemeente a new case goes to the operator's own municipality.
    assert b_ref in cli("oov.beekdal", "zaak", "nieuw", *ADDRESS[BEEKDAL], *INCIDENT)
    assert a_ref in cli("oov.rivierstad", "zaak", "nieuw", *ADDRESS[RIVIERSTAD], *INCIDENT)
    refused = cli("oov.beekdal", "zaak", "nieuw", "--gemeente", RIVIERSTAD,
                  *ADDRESS[RIVIERSTAD][:-2], "--plaats", "Elders", *INCIDENT, expect=2)
    assert "alleen inzien" in refused

    listing = cli("oov.beekdal", "zaak", "lijst")
    assert b_ref in listing and a_ref not in listing
    assert a_ref not in cli("oov.beekdal", "termijnen")
    missing = cli("oov.beekdal", "zaak", "toon", a_ref, expect=2)
    assert missing == cli("oov.beekdal", "zaak", "toon", f"{RIVIERSTAD}-2020-9999",
                          expect=2).replace(f"{RIVIERSTAD}-2020-9999", a_ref)
    cli("oov.beekdal", "zaak", "audit", a_ref, "--csv", str(tmp_path / "a.csv"), expect=2)
    assert not (tmp_path / "a.csv").exists()

    # Regional reading only when granted by an administrator.
    assert b_ref not in cli("regio.zonder", "zaak", "lijst")
    granted = cli("beheer", "gebruiker", "inzage", "regio.zonder", "--gemeente", BEEKDAL)
    assert "mag daarnaast inzien: Gemeente Beekdal" in granted
    listing = cli("regio.zonder", "zaak", "lijst")
    assert a_ref in listing and b_ref in listing
    assert "Beekweg" in cli("regio.zonder", "zaak", "toon", b_ref)
    changed = cli("regio.zonder", "zaak", "stap", b_ref, "burgemeester-informeren",
                  "--afgerond", expect=2)
    assert "alleen inzien" in changed
    cli("beheer", "gebruiker", "inzage", "regio.zonder", "--geen")
    assert b_ref not in cli("regio.zonder", "zaak", "lijst")
    # A partner account cannot be given other municipalities.
    partner = cli("beheer", "gebruiker", "inzage", "politie.beekdal", "--gemeente", RIVIERSTAD,
                  expect=2)
    assert "kan geen andere gemeenten inzien" in partner
