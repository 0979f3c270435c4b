"""The access matrix's world, built once per database and restored before every cell.

Building it (eight users, two cases, five letters, eight logins) took most of each cell's time;
restoring a snapshot takes a file copy on SQLite and one transaction of `INSERT ... SELECT` on
PostgreSQL. Every cell still starts from exactly the same rows, sessions included, so a cell
that writes (or is refused and must not write) cannot affect the next one.
"""

import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from playbook.storage.db import make_engine, unit_of_work
from playbook.storage.migrate import upgrade
from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES, postgres_sequences, postgres_tables
from tests.web.conftest import (
    ACCOUNTS,
    ANONYMOUS,
    ELSEWHERE,
    FAST_HASHER,
    PERSONS,
    SECRET,
    Browser,
    log_in,
    new_client,
    person_id,
    render_each_template_once,
    utcnow,
    wall_clock,
)


class Snapshot:
    """Save the cell database's rows once; put them back before each cell."""

    def save(self) -> None:
        raise NotImplementedError

    def restore(self) -> None:
        raise NotImplementedError


class SqliteSnapshot(Snapshot):
    def __init__(self, engine: Engine, path: Path) -> None:
        self.engine, self.path, self.saved = engine, path, path.with_suffix(".saved")

    def save(self) -> None:
        self.engine.dispose()  # the last connection closing checkpoints the WAL into the file
        shutil.copy(self.path, self.saved)

    def restore(self) -> None:
        self.engine.dispose()
        for extra in ("-wal", "-shm"):
            Path(f"{self.path}{extra}").unlink(missing_ok=True)
        shutil.copy(self.saved, self.path)


class PostgresSnapshot(Snapshot):
    """The rows are copied into a sibling schema once and back before each cell, in one script
    (one round trip). DELETE, not TRUNCATE: TRUNCATE makes new files for every table and took
    1.5 s per cell on a loaded machine, the DELETE script takes milliseconds. Triggers are off
    for the copy (the append-only audit refuses deletes otherwise; foreign keys are triggers
    too), and the serial sequences follow the restored ids."""

    def __init__(self, engine: Engine, schema: str) -> None:
        self.engine, self.schema, self.saved = engine, schema, f"{schema}_saved"
        self.script = ""

    def save(self) -> None:
        with self.engine.begin() as conn:
            tables = postgres_tables(conn)
            sequences = postgres_sequences(conn)
            conn.execute(text(f"CREATE SCHEMA {self.saved}"))
            for table in tables:
                conn.execute(text(f"CREATE TABLE {self.saved}.{table} "
                                  f"(LIKE {self.schema}.{table} INCLUDING DEFAULTS)"))
                conn.execute(text(f"INSERT INTO {self.saved}.{table} SELECT * FROM {self.schema}.{table}"))
        target = self.schema
        self.script = (
            "SET LOCAL session_replication_role = replica;"
            + "".join(f"DELETE FROM {target}.{table};" for table in tables)
            + "".join(f"INSERT INTO {target}.{table} SELECT * FROM {self.saved}.{table};"
                      for table in tables)
            + "".join(f"SELECT setval('{sequence}', coalesce(max({column}), 0) + 1, false) "
                      f"FROM {target}.{table};" for table, column, sequence in sequences))

    def restore(self) -> None:
        with self.engine.begin() as conn:
            conn.exec_driver_sql(self.script)


@dataclass
class World:
    engine: Engine
    snapshot: Snapshot
    app: object
    users: dict[str, str]
    case_ref: str
    other_ref: str
    docs: dict[str, list[int]]
    cookies: dict[str, dict[str, str]]
    csrf: dict[str, str]

    def uow(self) -> AbstractContextManager[Session]:
        return unit_of_work(self.engine)


class SavedBrowsers:
    """`browsers[actor]`: a fresh client carrying the session cookie saved with the world."""

    def __init__(self, world: World) -> None:
        self.world, self._open = world, {}  # type: ignore[var-annotated]

    def __getitem__(self, key: str) -> Browser:
        if key not in self._open:
            client = new_client(self.world.app)
            client.cookies.update(self.world.cookies[key])
            self._open[key] = Browser(client, self.world.users.get(key), self.world.csrf[key])
        return self._open[key]

    def fresh(self, key: str) -> Browser:
        """A second, independent browser for the same user (another tab on another machine)."""
        return log_in(self.world.app, self.world.users[key])


def _build(engine: Engine, playbook, settings_factory: Callable[[], object]) -> World:  # type: ignore[no-untyped-def]
    """The world, made through the services and the login form. The module-scoped build runs
    before the function-scoped fixtures, so it sets the cheap password hashing itself, and
    renders each letter template once per worker (the matrix asks who may open a document, not
    what it says; letter content has its own tests)."""
    from playbook.users import service as users_service

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users_service, "_hasher", FAST_HASHER)
        render_each_template_once(patch, resident_letters=True)
        return _build_world(engine, playbook, settings_factory)


def _build_world(engine: Engine, playbook, settings_factory: Callable[[], object]) -> World:  # type: ignore[no-untyped-def]
    from playbook.cases import service as cases
    from playbook.information import service as information
    from playbook.letters.service import generate
    from playbook.users.service import create_user
    from playbook.web.app import create_app
    from tests.integration.helpers import create

    moment = utcnow()
    with unit_of_work(engine) as s:
        for username, role, partner, municipality in ACCOUNTS.values():
            create_user(session=s, username=username, full_name=username.replace(".", " ").title(),
                        role=role, partner=partner, password="geheim-wachtwoord-1",
                        municipality_code=municipality, actor="beheer", now=moment)
    users = {key: account[0] for key, account in ACCOUNTS.items()}
    other_playbook = playbook.model_copy(update={
        "municipality": playbook.municipality.model_copy(update={"cbs_code": ELSEWHERE})})
    with unit_of_work(engine) as s:
        case_ref = create(s, playbook, moment, occurred_at=wall_clock(moment - timedelta(hours=3)),
                          persons=PERSONS).reference
        other_ref = create(s, other_playbook, moment,
                           occurred_at=wall_clock(moment - timedelta(hours=2)), street="Kerkweg",
                           house_number="3", house_suffix=None, postcode="1234 AB",
                           city="Andersdorp", persons=[]).reference
    with unit_of_work(engine) as s:
        generate(session=s, reference=case_ref, kind="bewonersbrief", actor="oov.anna", now=moment,
                 addresses=["Havenstraat 12, 9999 AB Rivierstad", "Havenstraat 16, 9999 AB Rivierstad"])
        generate(session=s, reference=case_ref, kind="opdracht-nazorgteam", actor="oov.anna",
                 now=moment, addresses=["Havenstraat 12, 9999 AB Rivierstad"])
        person = person_id(s, case_ref, "Mevrouw A. de Boer")
        cases.record_consent(session=s, reference=case_ref, person_id=person, actor="oov.anna",
                             now=moment)
    with unit_of_work(engine) as s:
        generate(session=s, reference=case_ref, kind="verwijzing-slachtofferhulp",
                 actor="oov.anna", now=moment, person_id=person)
        for kind in ("bestuurlijke-rapportage", "39f"):
            information.request(session=s, reference=case_ref, kind=kind, actor="oov.anna", now=moment)
        generate(session=s, reference=case_ref, kind="verzoek-bestuurlijke-rapportage",
                 actor="oov.anna", now=moment)
        generate(session=s, reference=case_ref, kind="verzoek-39f", actor="oov.anna", now=moment)
    from sqlmodel import col, select

    from playbook.cases.repository import get_case
    from playbook.storage.tables import Document

    with Session(engine) as s:
        case = get_case(s, case_ref)
        docs: dict[str, list[int]] = {}
        for row in s.exec(select(Document).where(Document.case_id == case.id)
                          .order_by(col(Document.id))):
            docs.setdefault(row.kind, []).append(row.id)  # type: ignore[arg-type]
    app = create_app(engine, settings_factory())
    cookies, csrf = {}, {}
    for key, username in [*users.items(), (ANONYMOUS, None)]:
        if username is None:
            browser = Browser(new_client(app), None)
            browser.refresh_csrf()
        else:
            browser = log_in(app, username, "geheim-wachtwoord-1")
        cookies[key] = dict(browser.client.cookies.items())
        csrf[key] = browser.csrf
    return World(engine, None, app, users, case_ref, other_ref, docs, cookies, csrf)  # type: ignore[arg-type]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
          sqlite_template: Path, playbook) -> Iterator[World]:  # type: ignore[no-untyped-def]
    from playbook.config import Settings

    def settings() -> Settings:
        return Settings(secure_cookies=False, secret_key=SECRET)

    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("world") / "cell.db"
        shutil.copy(sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
        built = _build(engine, playbook, settings)
        built.snapshot = SqliteSnapshot(engine, path)
        built.snapshot.save()
        yield built
        engine.dispose()
        return
    schema = f"pb_world_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:
        admin.dispose()
        message = f"PostgreSQL niet bereikbaar op {POSTGRES_URL}: {type(exc).__name__}"
        if REQUIRE_POSTGRES:
            pytest.fail(message + " (PLAYBOOK_REQUIRE_POSTGRES=1)")
        pytest.skip(message)
    sep = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    upgrade(url)
    engine = make_engine(url)
    built = _build(engine, playbook, settings)
    built.snapshot = PostgresSnapshot(engine, schema)
    built.snapshot.save()
    yield built
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        conn.execute(text(f"DROP SCHEMA {schema}_saved CASCADE"))
    admin.dispose()


@pytest.fixture
def cell(world: World) -> World:
    """The world as it was built, for one cell of the matrix."""
    world.snapshot.restore()
    return world
