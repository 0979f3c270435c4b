"""The municipality files: loaded once, each with its own letterhead and retention; one bad
file or two files for the same municipality stop the server and the CLI with a Dutch message
naming the file and the field."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from playbook.config import Settings, get_settings
from playbook.definition.enums import ObjectType
from playbook.definition.loader import load_from_settings
from playbook.definition.municipalities import Municipalities, municipalities, playbook_for
from playbook.errors import DefinitionError, InvalidInput
from playbook.resources import data_dir
from playbook.retention.policy import policy_from_settings
from playbook.web.app import create_app
from tests.conftest import clean_env
from tests.municipalities.conftest import BEEKDAL, RIVIERSTAD

COMMAND = [sys.executable, "-m", "playbook.cli.main"]


def test_without_settings_the_example_municipality_is_the_only_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PLAYBOOK_MUNICIPALITIES_DIR", "PLAYBOOK_MUNICIPALITY_FILE",
                 "PLAYBOOK_DEFAULT_MUNICIPALITY"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    try:
        loaded = municipalities()
        assert [m.cbs_code for m in loaded] == [RIVIERSTAD]
        assert loaded.default.path == data_dir("municipalities") / "voorbeeld.yaml"
        assert load_from_settings().municipality.name == "Gemeente Rivierstad"
        # Parsed once per process: the same object on every call, never re-read per request.
        assert load_from_settings() is load_from_settings() is playbook_for(RIVIERSTAD)
        assert policy_from_settings().persons_years == 5
    finally:
        get_settings.cache_clear()


def test_a_folder_serves_each_municipality_with_its_own_file(two: Municipalities) -> None:
    assert sorted(m.cbs_code for m in two) == [BEEKDAL, RIVIERSTAD]
    assert two.default.cbs_code == RIVIERSTAD
    beekdal = two.get(BEEKDAL)
    assert beekdal.playbook.municipality.mayor == "drs. C.M. Bakker-Öztürk"
    assert beekdal.playbook.municipality.region is not None  # the shared region file
    assert beekdal.playbook.municipality.region.police_unit == "Politie eenheid Rivierland"
    assert beekdal.playbook.municipality.closure_max_days[ObjectType.woning] == 60
    # Beekdal has no overlay steps; Rivierstad's local steps stay Rivierstad's.
    assert playbook_for(RIVIERSTAD).step("zvh-casusoverleg") is not None
    assert playbook_for(BEEKDAL).step("zvh-casusoverleg") is None
    # Retention per municipality.
    assert policy_from_settings(BEEKDAL).persons_years == 3
    assert policy_from_settings(RIVIERSTAD).persons_years == 5
    # The file path, for per-municipality letter wording next to it.
    assert beekdal.path.name == "beekdal.yaml"
    assert beekdal.resources_dir == beekdal.path.parent / "beekdal"


def test_an_unknown_municipality_is_named_in_dutch(two: Municipalities) -> None:
    with pytest.raises(InvalidInput, match="'GM1234' is in deze installatie niet ingesteld"):
        playbook_for("GM1234")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "municipalities"
    folder.mkdir()
    for name in ("voorbeeld.yaml", "beekdal.yaml"):
        shutil.copy(data_dir("municipalities") / name, folder / name)
    shutil.copytree(data_dir("regions"), tmp_path / "regions")
    return folder


def _use(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv("PLAYBOOK_MUNICIPALITIES_DIR", str(folder))
    monkeypatch.delenv("PLAYBOOK_DEFAULT_MUNICIPALITY", raising=False)
    monkeypatch.delenv("PLAYBOOK_MUNICIPALITY_FILE", raising=False)
    get_settings.cache_clear()


def _break(folder: Path) -> None:
    path = folder / "beekdal.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("postcode: 9998 BK", "postcode: 99")
                    .replace("persons_years: 3", "persons_years: nul"), encoding="utf-8")


def _duplicate(folder: Path) -> None:
    text = (folder / "beekdal.yaml").read_text(encoding="utf-8")
    (folder / "beekdal-kopie.yaml").write_text(text.replace("Gemeente Beekdal", "Beekdal bis"),
                                               encoding="utf-8")


def test_one_bad_file_stops_loading_naming_file_and_fields(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    _break(folder)
    _use(monkeypatch, folder)
    try:
        with pytest.raises(DefinitionError) as caught:
            municipalities()
        message = caught.value.message
        assert "De gemeentebestanden zijn ongeldig" in message
        assert f"{folder / 'beekdal.yaml'}, veld 'postcode'" in message, message
        assert "retention.persons_years" in message
        assert "voorbeeld.yaml" not in message  # the good file is not blamed
        # The web app refuses to be built at all.
        with pytest.raises(DefinitionError):
            create_app(None, Settings(secure_cookies=False, secret_key="k" * 40))
    finally:
        get_settings.cache_clear()


def test_two_files_for_one_municipality_are_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    _duplicate(folder)
    _use(monkeypatch, folder)
    try:
        with pytest.raises(DefinitionError) as caught:
            municipalities()
        message = caught.value.message
        assert "veld 'cbs_code': GM9998 staat ook in" in message
        assert "beekdal.yaml" in message and "beekdal-kopie.yaml" in message
    finally:
        get_settings.cache_clear()


def _run(tmp_path: Path, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = clean_env(PLAYBOOK_MUNICIPALITIES_DIR=str(folder), PLAYBOOK_DEVELOPMENT="1",
                    PLAYBOOK_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}", PLAYBOOK_USER="beheer",
                    PLAYBOOK_PORT="1")  # were it to start anyway, it could not bind
    return subprocess.run([*COMMAND, *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("problem", [_break, _duplicate], ids=["ongeldig", "dubbel"])
def test_server_and_cli_refuse_to_start(tmp_path: Path, problem, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = _folder(tmp_path)
    problem(folder)
    for args in (["serve"], ["zaak", "nieuw", "--straat", "Beekweg", "--huisnummer", "3",
                             "--postcode", "9998 AB", "--plaats", "Beekdal", "--objecttype",
                             "woning", "--soort", "aanslag", "--tijdstip", "2025-03-07 02:40"]):
        result = _run(tmp_path, folder, *args)
        assert result.returncode == 2, result
        assert result.stderr.startswith("Fout: De gemeentebestanden zijn ongeldig"), result.stderr
        assert "beekdal" in result.stderr and "Traceback" not in result.stderr
        assert result.stdout == ""
    assert not (tmp_path / "x.db").exists()  # refused before the database was touched
