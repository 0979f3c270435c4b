"""Reads never wait for a writer: a case page answers while another connection holds the
write lock (SQLite: BEGIN IMMEDIATE, reads run deferred; PostgreSQL: a row lock on the case)."""

import time

from sqlalchemy import Engine, text

from playbook.storage.db import WRITE_OPTION
from tests.web.conftest import Browsers


def test_a_page_read_answers_while_another_connection_holds_the_write_lock(
        browsers: Browsers, case_ref: str, engine: Engine) -> None:
    oov = browsers["oov"]
    oov.get(f"/zaken/{case_ref}")  # signed in and session touched before the lock is taken
    # A write unit of work's connection: on SQLite it begins with BEGIN IMMEDIATE, as the
    # bulk letter run does, and holds the write lock until the rollback below.
    writer = engine.execution_options(**{WRITE_OPTION: True}).connect()
    try:
        if engine.dialect.name == "sqlite":
            writer.exec_driver_sql("UPDATE stap SET reason = reason")
        else:
            writer.execute(text("UPDATE zaak SET updated_at = updated_at"))  # row locks held
        started = time.monotonic()
        page = oov.get(f"/zaken/{case_ref}")
        api = oov.get("/zaken")
        elapsed = time.monotonic() - started
    finally:
        writer.rollback()
        writer.close()
    assert page.status_code == 200 and case_ref in page.text
    assert api.status_code == 200
    assert elapsed < 5, f"reads waited {elapsed:.1f} s for the writer"
