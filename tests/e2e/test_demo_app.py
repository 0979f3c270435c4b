"""`playbook demo --serveer`: the demo case in the web app at once, with a user per role whose
password the command prints."""

import re
import socket
import subprocess
import time
from pathlib import Path

import httpx

from tests.conftest import clean_env
from tests.render_cache import cached_command

REPO = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _log_in(base: str, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=10)
    token = CSRF.search(client.get("/login").text)
    assert token
    response = client.post("/login", data={"gebruikersnaam": username, "wachtwoord": password,
                                           "csrf_token": token[1]})
    assert response.status_code == 303, response.text[:500]
    return client


def test_demo_serves_its_case_with_demo_users(tmp_path: Path, render_cache: Path) -> None:
    port = _free_port()
    # The demo's letters as this run's demo rendered them: this test is about the server.
    command, env = cached_command(render_cache,
                                  clean_env(PLAYBOOK_STATIC_DIR=str(REPO / "node_modules")))
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*command, "demo", "--uitvoer", str(tmp_path / "demo"), "--serveer", "--poort",
             str(port)],
            cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 240
        while "Uvicorn running" not in log.read_text(errors="replace"):
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        text = log.read_text()
        logins = dict(re.findall(r"^  (demo\.\w+)\s+wachtwoord (\w+)", text, re.MULTILINE))
        assert set(logins) == {"demo.oov", "demo.juridisch", "demo.politie"}, text
        url = re.search(rf"http://127\.0\.0\.1:{port}/zaken/(GM\d{{4}}-\d{{4}}-\d{{4}})", text)
        assert url, text
        base, reference = f"http://127.0.0.1:{port}", url[1]

        officer = _log_in(base, "demo.oov", logins["demo.oov"])
        case = officer.get(f"/zaken/{reference}")
        assert case.status_code == 200 and "Havenstraat 14" in case.text
        lawyer = _log_in(base, "demo.juridisch", logins["demo.juridisch"])
        decisions = lawyer.get(f"/zaken/{reference}/besluiten")
        assert decisions.status_code == 200 and reference in decisions.text
        police = _log_in(base, "demo.politie", logins["demo.politie"])
        inbox = police.get("/inbox")
        assert inbox.status_code == 200 and "Besluit tot sluiting" in inbox.text
        # Passwords are only for this demo database: wrong ones are refused as anywhere else.
        wrong = httpx.Client(base_url=base, timeout=10)
        token = CSRF.search(wrong.get("/login").text)
        assert token
        refused = wrong.post("/login", data={
            "gebruikersnaam": "demo.oov", "wachtwoord": "demo-demo-demo", "csrf_token": token[1]})
        assert refused.status_code != 303
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    assert "Traceback" not in log.read_text()
    # Nothing outside the output folder: no var/secret_key in the working directory.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo", "demo.log"]
