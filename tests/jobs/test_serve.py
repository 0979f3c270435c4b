"""`playbook serve --workers 2` on PostgreSQL: two uvicorn processes, health, JSON log lines."""

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_cli import COMMAND, clean_env
from tests.web.conftest import SECRET


@pytest.mark.postgres
def test_serve_with_two_workers_on_postgres(postgres_url: str, tmp_path: Path,
                                            free_tcp_port: int) -> None:
    env = clean_env(PLAYBOOK_DATABASE_URL=postgres_url, PLAYBOOK_SECRET_KEY=SECRET,
                    PLAYBOOK_SECURE_COOKIES="false", PLAYBOOK_FORWARDED_ALLOW_IPS="127.0.0.1",
                    PLAYBOOK_DEVELOPMENT="1")  # plain http on loopback, as on a laptop
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([*COMMAND, "serve", "--workers", "2", "--port", str(free_tcp_port)],
                                cwd=tmp_path, env=env, stdout=out, stderr=out,
                                start_new_session=True)
    base = f"http://127.0.0.1:{free_tcp_port}"
    try:
        deadline, response = time.monotonic() + 90, None
        while time.monotonic() < deadline:
            try:
                response = httpx.get(f"{base}/gezond", headers={"X-Request-ID": "lb-check-0001"})
                break
            except httpx.TransportError:
                time.sleep(0.3)
        assert response is not None, log.read_text()
        assert response.status_code == 200 and response.json()["database"] == "ok"
        assert response.headers["X-Request-ID"] == "lb-check-0001"
        for _ in range(10):
            assert httpx.get(f"{base}/login").status_code == 200
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    started = {line["proces"] for line in lines
               if line["bericht"].startswith("Started server process")}
    assert len(started) == 2, lines
    requests = [line for line in lines if line["bericht"] == "verzoek"]
    assert len(requests) == 11 and requests[0]["request_id"] == "lb-check-0001"
