"""Fixtures for the job queue: the real Redis, real worker processes, both databases.

Redis tests skip with a visible reason when Redis is down, unless PLAYBOOK_REQUIRE_REDIS=1
(set by .ci/run), which makes them fail. Each test session uses its own Redis key namespace,
so engineers sharing the machine never consume each other's messages."""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from playbook.config import USER_TZ, get_settings
from playbook.definition.models import Playbook
from playbook.jobs.letters import request_resident_letters
from playbook.jobs.models import Task
from playbook.jobs.service import TaskView, read_view
from playbook.storage.db import unit_of_work
from playbook.storage.tables import Document
from tests.conftest import clean_env
from tests.integration.helpers import create

REDIS_URL = os.environ.get("PLAYBOOK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REQUIRE_REDIS = os.environ.get("PLAYBOOK_REQUIRE_REDIS") == "1"
NAMESPACE = f"pbtest-{uuid.uuid4().hex[:10]}"
QUEUE_ENV = {"PLAYBOOK_BROKER_URL": REDIS_URL, "PLAYBOOK_BROKER_NAMESPACE": NAMESPACE,
             "PLAYBOOK_JOB_HEARTBEAT_SECONDS": "2", "PLAYBOOK_JOB_REQUEUE_CHECK": "1"}


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:
        message = f"Redis niet bereikbaar op {REDIS_URL}: {type(exc).__name__}"
        if REQUIRE_REDIS:
            pytest.fail(message + " (PLAYBOOK_REQUIRE_REDIS=1)")
        pytest.skip(message)
    return REDIS_URL


def _clear_namespace(url: str) -> None:
    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(f"{NAMESPACE}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set PLAYBOOK_* variables for the test process; settings are re-read before and after."""
    get_settings.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture
def queue(redis_url: str, settings_env: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """This process sends to the real Redis (a private namespace, emptied around the test)."""
    for key, value in QUEUE_ENV.items():
        settings_env.setenv(key, value)
    settings_env.setenv("PLAYBOOK_JOB_CHUNK_SIZE", "3")
    get_settings.cache_clear()
    _clear_namespace(redis_url)
    yield dict(QUEUE_ENV)
    _clear_namespace(redis_url)


class Workers:
    """`playbook taak worker` processes, each in its own process group."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self, engine: Engine, processes: int = 1, threads: int = 1,
              log: Path | None = None) -> subprocess.Popen[bytes]:
        env = clean_env(**QUEUE_ENV, PLAYBOOK_DATABASE_URL=url_of(engine))
        out = Path(log).open("ab") if log else subprocess.DEVNULL  # noqa: SIM115
        proc = subprocess.Popen(
            [sys.executable, "-m", "playbook.cli.main", "taak", "worker", "--processen",
             str(processes), "--threads", str(threads)],
            env=env, stdout=out, stderr=out, start_new_session=True)
        self.started.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        """SIGKILL the whole group: the dramatiq master and its worker processes, no goodbye."""
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)

    def stop_all(self) -> None:
        """After the test: SIGKILL, not a graceful stop (dramatiq waits over a second for its
        threads and heartbeat). Nothing of the workers is checked any more, and their
        namespace in Redis and the database are emptied before the next test."""
        for proc in self.started:
            if proc.poll() is None:
                self.kill(proc)


@pytest.fixture
def workers() -> Iterator[Workers]:
    pool = Workers()
    yield pool
    pool.stop_all()


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_case(engine: Engine, playbook: Playbook) -> str:
    moment = utcnow()
    with unit_of_work(engine) as session:
        occurred = (moment - timedelta(hours=3)).astimezone(USER_TZ).strftime("%Y-%m-%d %H:%M")
        return create(session, playbook, moment, occurred_at=occurred).reference


def request(engine: Engine, reference: str, addresses: list[str],
            actor: str = "oov.anna") -> Task:
    with unit_of_work(engine) as session:
        return request_resident_letters(session=session, reference=reference, actor=actor,
                                        now=utcnow(), addresses=addresses)


def wait_finished(engine: Engine, task_id: int, timeout: float = 180) -> TaskView:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        view = read_view(engine, task_id)
        if view.finished:
            return view
        time.sleep(0.1)
    raise AssertionError(f"taak {task_id} niet klaar binnen {timeout} s: {view}")


def job_documents(engine: Engine, task_id: int) -> list[Document]:
    with Session(engine) as session:
        return list(session.exec(select(Document).where(
            col(Document.job_key).startswith(f"taak-{task_id}-")).order_by(col(Document.id))))
