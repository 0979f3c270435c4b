"""The CLI acting for a registered account (PLAYBOOK_USER) sees what that account may read and
changes only its own municipality; an administrator grants regional reading with
`playbook gebruiker inzage`. Against the same SQLite or PostgreSQL database as the web tests."""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from playbook.resources import data_dir
from tests.municipalities.conftest import BEEKDAL, RIVIERSTAD, utcnow

ADDRESS = {RIVIERSTAD: ["--straat", "Havenstraat", "--huisnummer", "14", "--postcode", "9999 AB",
                        "--plaats", "Rivierstad"],
           BEEKDAL: ["--straat", "Beekweg", "--huisnummer", "3", "--postcode", "9998 AB",
                     "--plaats", "Beekdal"]}
INCIDENT = ["--objecttype", "woning", "--soort", "aanslag", "--tijdstip", "2025-03-07 02:40"]


@dataclass
class Cli:
    url: str
    cwd: Path

    def __call__(self, user: str, *args: str, expect: int = 0) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYBOOK_")}
        env.update(PLAYBOOK_DATABASE_URL=self.url, PLAYBOOK_USER=user,
                   PLAYBOOK_MUNICIPALITIES_DIR=str(data_dir("municipalities")),
                   PLAYBOOK_DEFAULT_MUNICIPALITY=RIVIERSTAD)
        proc = subprocess.run([sys.executable, "-m", "playbook.cli.main", *args], cwd=self.cwd,
                              env=env, capture_output=True, text=True, timeout=180)
        assert proc.returncode == expect, (args, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr
        return proc.stdout if expect == 0 else proc.stderr


@pytest.fixture
def cli(engine: Engine, users: dict[str, str], tmp_path: Path) -> Cli:
    return Cli(engine.url.render_as_string(hide_password=False), tmp_path)


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
