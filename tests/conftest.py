"""Shared fixtures: the shipped playbook, and a migrated database on SQLite and on PostgreSQL.

PostgreSQL tests skip with a visible reason when the server is unreachable, unless
PLAYBOOK_REQUIRE_POSTGRES=1 (set by .ci/run), which turns that into a failure.
"""

import fcntl
import logging
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text
from sqlmodel import Session

from playbook.cases import kept_versions
from playbook.config import USER_TZ
from playbook.definition.loader import load_playbook
from playbook.definition.models import Playbook
from playbook.resources import data_dir
from playbook.storage.db import make_engine, unit_of_work
from playbook.storage.migrate import upgrade
from tests.render_cache import cached_command
from tests.render_cache import install as render_cache_install

POSTGRES_URL = os.environ.get(
    "PLAYBOOK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("PLAYBOOK_REQUIRE_POSTGRES") == "1"


def pytest_configure(config: pytest.Config) -> None:
    """Let this run keep compiled modules (`__pycache__`, ignored by git) when the machine says
    not to (PYTHONDONTWRITEBYTECODE=1, as here): otherwise each xdist worker and each process a
    test starts (the demo, CLI commands, servers, queue workers) compiles the package from source
    again, and pytest rewrites every test module's asserts again (collection took 6.8 s against
    3.9 s per worker, a CLI start 0.2 s more; docs/tests.md, twelfth session). The xdist workers
    start after this hook and inherit the environment."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False


def _tables() -> tuple[str, ...]:
    """Every table the models declare, so a new table is reset between tests without a list here."""
    from sqlmodel import SQLModel

    import playbook.jobs.models  # the job queue's table lives outside storage.tables
    import playbook.storage.tables  # noqa: F401 - registers the tables on the metadata

    return tuple(t.name for t in SQLModel.metadata.sorted_tables)


TABLES = _tables()


def local(text_: str) -> datetime:
    """A Dutch wall-clock time, as users type it."""
    return datetime.fromisoformat(text_).replace(tzinfo=USER_TZ)


@pytest.fixture(scope="session")
def playbook() -> Playbook:
    return load_playbook(data_dir("phases"), data_dir("municipalities") / "voorbeeld.yaml")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


def postgres_tables(conn: Connection) -> list[str]:
    """Every table the migrations made in the connection's schema (not alembic's own)."""
    rows = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                             "AND tablename <> 'alembic_version' ORDER BY tablename"))
    return [name for (name,) in rows]


def postgres_sequences(conn: Connection) -> list[tuple[str, str, str]]:
    """(table, column, sequence) for every serial or identity column in the connection's schema."""
    rows = conn.execute(text(
        "SELECT c.table_name, c.column_name, pg_get_serial_sequence(quote_ident(c.table_schema) "
        "|| '.' || quote_ident(c.table_name), c.column_name) FROM information_schema.columns c "
        "WHERE c.table_schema = current_schema() ORDER BY 1, 2"))
    return [(t, c, s) for t, c, s in rows if s]


def postgres_reset_sql(conn: Connection) -> str:
    """One script that empties every table and restarts every id sequence, like
    `TRUNCATE ... RESTART IDENTITY` but about a hundred times faster on small tables: TRUNCATE
    makes new files for every table (1.5 s for 40 tables on a loaded machine), DELETE on a
    handful of rows takes milliseconds. The replica role skips the triggers, so the
    append-only audit trigger and the foreign keys (triggers too) do not object."""
    sequences = postgres_sequences(conn)
    return ("SET LOCAL session_replication_role = replica;"
            + "".join(f"DELETE FROM {table};" for table in postgres_tables(conn))
            + ("SELECT " + ", ".join(f"setval('{seq}', 1, false)" for _, _, seq in sequences) + ";"
               if sequences else ""))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A private schema per test session, so parallel runs on the shared `test` database never meet."""
    schema = f"pb_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:  # any connection failure means: no server here
        admin.dispose()
        message = f"PostgreSQL niet bereikbaar op {POSTGRES_URL}: {type(exc).__name__}"
        if REQUIRE_POSTGRES:
            pytest.fail(message + " (PLAYBOOK_REQUIRE_POSTGRES=1)")
        pytest.skip(message)
    sep = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    upgrade(url)
    yield url
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        path = tmp_path / "playbook.db"
        shutil.copy(sqlite_template, path)
        eng = make_engine(f"sqlite:///{path}")
        yield eng
        eng.dispose()
        return
    eng = make_engine(request.getfixturevalue("postgres_url"))
    reset = request.getfixturevalue("postgres_reset")
    with eng.begin() as conn:
        conn.exec_driver_sql(reset)  # a script of statements: no parameters, one round trip
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def postgres_reset(postgres_url: str) -> str:
    """The reset script for the session's schema, read from its catalog once."""
    eng = make_engine(postgres_url)
    try:
        with eng.connect() as conn:
            return postgres_reset_sql(conn)
    finally:
        eng.dispose()


@pytest.fixture
def uow(engine: Engine) -> Callable[[], AbstractContextManager[Session]]:
    return lambda: unit_of_work(engine)


def run_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder for the whole test run, shared by its xdist workers: in the run's own base
    folder (an xdist worker's base is a subfolder of it), so pytest cleans it up with the run."""
    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / name


@pytest.fixture(scope="session")
def render_cache(tmp_path_factory: pytest.TempPathFactory, testrun_uid: str) -> Path:
    """This test run's renders, one file per distinct HTML (tests/render_cache.py)."""
    return run_folder(tmp_path_factory, f"pdf-renders-{testrun_uid}")


@pytest.fixture(scope="session", autouse=True)
def render_each_html_once(render_cache: Path) -> Iterator[None]:
    """Every render in the test processes goes through this run's cache: many tests make the
    same letter from the same case at the same clock (tests/render_cache.py)."""
    undo = render_cache_install(render_cache)
    yield
    undo()


def clean_env(**extra: str) -> dict[str, str]:
    """The caller's environment without any PLAYBOOK_* setting, plus `extra`: what a process a
    test starts gets, so the test's own settings never leak into it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYBOOK_")}
    env.update(extra)
    return env


@dataclass(frozen=True)
class DemoRun:
    """One `playbook demo` as a user runs it: its output folder (PDFs, audit CSV, `demo.db`)
    and what it printed."""

    folder: Path
    stdout: str

    @property
    def reference(self) -> str:
        found = re.search(r"^Zaak (\S+) gesloten", self.stdout, re.MULTILINE)
        assert found, self.stdout
        return found.group(1)

    @property
    def files(self) -> list[Path]:
        """The files it wrote, in the order it made them (as it lists them)."""
        listed = self.stdout.split(" gesloten. Uitvoer in ", 1)[1].splitlines()[1:]
        return [self.folder / line.strip() for line in listed if line.startswith("  ")]


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory, testrun_uid: str,
             render_cache: Path) -> DemoRun:
    """`playbook demo` once per test run, in a process of its own (as the README's main job
    runs), shared by every xdist worker of the run through a file lock: the letters read its
    PDFs, the browser layout serves its database, and the installed wheel's demo compares its
    bytes with it. Nothing may change the folder."""
    root = run_folder(tmp_path_factory, f"demo-{testrun_uid}")
    root.mkdir(exist_ok=True)
    printed = root / "stdout.txt"
    with (root / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker runs it, the others wait for it
        if not printed.exists():
            # Its renders go into the run's cache, where later demos in other processes find
            # them; the installed wheel's demo renders for itself and compares the bytes.
            command, env = cached_command(render_cache, clean_env())
            result = subprocess.run([*command, "demo", "--uitvoer", str(root / "uitvoer")],
                                    cwd=root, env=env, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                pytest.fail(f"playbook demo faalde ({result.returncode}):\n{result.stderr}")
            part = root / "stdout.part"
            part.write_text(result.stdout, encoding="utf-8")
            part.replace(printed)
    return DemoRun(root / "uitvoer", printed.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def forget_kept_rows() -> None:
    """Tests reset databases to the same ids and versions, which a running process never sees:
    drop the rows each process keeps per case version (cases/snapshots.py)."""
    kept_versions.forget_committed()


@pytest.fixture(autouse=True)
def fail_on_weasyprint_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """WeasyPrint only logs problems such as a missing lang; make them fail the test."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield
    errors = [r.getMessage() for r in caplog.records
              if r.name.startswith("weasyprint") and r.levelno >= logging.ERROR]
    assert not errors, f"WeasyPrint logde fouten: {errors}"


# Files that start first under xdist (`--dist loadfile` in pyproject): each file runs on one
# worker, so a file that builds an expensive module fixture (a server with the demo case, the
# access matrix's world, a wheel) builds it once; and the long files start first, so no worker
# is left with one long file while the other is idle at the end. The rest follows, largest first.
SLOW_FILES = (
    "tests/web/test_access.py",
    "tests/browser/test_layout.py",
    "tests/browser/test_flow.py",
    "tests/e2e/test_packaging.py",
    "tests/e2e/test_cli_decisions.py",
    "tests/integration/test_letters.py",
    "tests/legal/test_rules.py",
    "tests/integration/test_decisions.py",
    "tests/e2e/test_cli.py",
    # Few lines but long (a demo in its own process, a browser job, worker processes): left to
    # the size order they came last and kept one worker busy alone for 1.5 minutes.
    "tests/browser/test_officer_job.py",
    "tests/e2e/test_demo_app.py",
    "tests/e2e/test_demo_walks_playbook.py",
    "tests/browser/test_legal_job.py",
    "tests/browser/test_measures_job.py",
    "tests/jobs/test_cli.py",
    "tests/jobs/test_queue.py",
    "tests/jobs/test_serve.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    files = [item.nodeid.split("::", 1)[0] for item in items]
    sizes: dict[str, int] = {}
    for file in files:
        sizes[file] = sizes.get(file, 0) + 1

    def rank(index: int) -> tuple[int, int, int]:
        file = files[index]
        first = SLOW_FILES.index(file) if file in SLOW_FILES else len(SLOW_FILES)
        return first, -sizes[file], index

    order = sorted(range(len(items)), key=rank)
    items[:] = [items[i] for i in order]
