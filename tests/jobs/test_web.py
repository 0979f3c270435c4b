"""Job progress, health and request logs in the web app, on SQLite and PostgreSQL."""

import json
import logging

import pytest
from sqlalchemy import Engine

from playbook.config import Settings
from playbook.definition.models import Playbook
from playbook.jobs.queue import dispatch
from playbook.logs import JsonFormatter
from playbook.storage.db import make_engine
from playbook.web.app import create_app
from tests.jobs.conftest import new_case, request, wait_finished
from tests.web.conftest import (  # noqa: F401
    SECRET,
    Browsers,
    app,
    browsers,
    fast_password_hashing,
    new_client,
    settings,
    users,
)


@pytest.fixture
def finished_task(engine: Engine, playbook: Playbook, users: dict[str, str],
                  settings_env: pytest.MonkeyPatch) -> int:
    settings_env.delenv("PLAYBOOK_BROKER_URL", raising=False)
    task = request(engine, new_case(engine, playbook), ["Havenstraat 9"], actor=users["oov"])
    for future in dispatch(engine, task):
        future.result(timeout=120)
    return wait_finished(engine, task.id).id  # type: ignore[arg-type]


def test_the_requester_sees_progress_as_json_and_as_a_fragment(
        browsers: Browsers, finished_task: int) -> None:
    response = browsers["oov"].get(f"/api/taken/{finished_task}")
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("status", "done", "failed", "total", "percent", "finished",
                                 "label", "requested_by")} == {
        "status": "klaar", "done": 2, "failed": 0, "total": 2, "percent": 100, "finished": True,
        "label": "bewonersbrieven maken", "requested_by": "oov.anna"}
    assert body["case"].startswith("GM9999-")
    fragment = browsers["oov"].get(f"/taken/{finished_task}/status")
    assert fragment.status_code == 200
    assert "klaar: 2 van 2 gelukt" in fragment.text
    assert 'value="2"' in fragment.text and "hx-get" not in fragment.text  # polling stops


def test_others_may_not_see_the_job(browsers: Browsers, finished_task: int) -> None:
    assert browsers["admin"].get(f"/api/taken/{finished_task}").status_code == 200
    for who in ("juridisch", "politie", "oov-elders"):
        response = browsers[who].get(f"/api/taken/{finished_task}")
        assert response.status_code == 403, who
        assert response.json()["detail"] == \
            "Deze taak is niet van u of hoort bij een andere gemeente."
    assert browsers["anoniem"].get(f"/api/taken/{finished_task}").status_code == 401
    assert browsers["oov"].get("/api/taken/999").json()["detail"] == "Taak 999 bestaat niet."
    assert browsers["oov"].get("/api/taken/99999999999").status_code == 422


def test_health_names_the_failing_part_in_dutch(engine: Engine, redis_url: str) -> None:
    base = {"secure_cookies": False, "secret_key": SECRET}
    healthy = new_client(create_app(engine, Settings(**base))).get("/gezond")
    assert healthy.status_code == 200
    assert healthy.json() == {"status": "gezond", "database": "ok", "wachtrij": "ingebouwd",
                              "problemen": []}
    with_queue = new_client(create_app(engine, Settings(**base, broker_url=redis_url)))
    assert with_queue.get("/gezond").json()["wachtrij"] == "ok"

    no_redis = new_client(create_app(engine, Settings(**base, broker_url="redis://127.0.0.1:1/0")))
    response = no_redis.get("/gezond")
    assert response.status_code == 503
    assert response.json()["problemen"] == ["wachtrij (Redis): niet bereikbaar"]
    dead_db = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/test")
    response = new_client(create_app(dead_db, Settings(**base))).get("/gezond")
    assert response.status_code == 503
    assert response.json() == {"status": "ongezond", "database": "fout", "wachtrij": "ingebouwd",
                               "problemen": ["database: niet bereikbaar"]}


def test_requests_get_an_id_and_a_json_log_line_without_query_string(
        engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    client = new_client(create_app(engine, Settings(secure_cookies=False, secret_key=SECRET)))
    caplog.set_level(logging.INFO, logger="playbook.web")
    kept = client.get("/gezond", headers={"X-Request-ID": "proxy-4f2a9c1e"})
    assert kept.headers["X-Request-ID"] == "proxy-4f2a9c1e"
    replaced = client.get("/zaken?zoek=Mevrouw+de+Boer",
                          headers={"X-Request-ID": "<script>alert(1)</script>"})
    new_id = replaced.headers["X-Request-ID"]
    assert len(new_id) == 32 and new_id.isalnum()
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records
             if r.name == "playbook.web" and r.getMessage() == "verzoek"]
    assert [(line["request_id"], line["path"], line["status"]) for line in lines] == [
        ("proxy-4f2a9c1e", "/gezond", 200), (new_id, "/zaken", 303)]
    assert "Boer" not in json.dumps(lines) and "zoek=" not in json.dumps(lines)
