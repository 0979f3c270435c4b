"""Outside development mode `playbook serve` refuses to start without a real key and secure
cookies, and says why in Dutch."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import clean_env

_SCRIPT = Path(sys.executable).with_name("playbook")
COMMAND = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "playbook.cli.main"]
KEY = "k" * 20 + "Q7vX2mP9sL4tR8wZ1yB6"


def _serve(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = clean_env(PLAYBOOK_DATABASE_URL=f"sqlite:///{tmp_path / 'p.db'}")
    return subprocess.run([*COMMAND, "serve", "--port", "1"], env={**clean, **env}, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("env", "named"), [
    ({}, "PLAYBOOK_SECRET_KEY ontbreekt"),
    ({"PLAYBOOK_SECRET_KEY": KEY, "PLAYBOOK_SECURE_COOKIES": "false"}, "PLAYBOOK_SECURE_COOKIES"),
])
def test_serve_refuses_an_unsafe_production_configuration(tmp_path: Path, env: dict[str, str],
                                                          named: str) -> None:
    result = _serve(tmp_path, **env)
    assert result.returncode == 2
    assert "De web-app start niet" in result.stderr and named in result.stderr
    assert "Traceback" not in result.stderr


def test_a_short_key_is_refused_in_dutch(tmp_path: Path) -> None:
    result = _serve(tmp_path, PLAYBOOK_SECRET_KEY="kort")
    assert result.returncode == 2
    assert "PLAYBOOK_SECRET_KEY: PLAYBOOK_SECRET_KEY moet minstens 32" in result.stderr
    assert "Traceback" not in result.stderr
