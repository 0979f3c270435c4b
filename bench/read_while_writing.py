"""How long a case read takes on SQLite while another connection holds the write lock.

Before issue 12 every transaction began with BEGIN IMMEDIATE, so a read waited for the writer
(12 s behind one bulk letter run, then "database is locked"). Now reads begin deferred and, in
WAL mode, do not wait. Run: `.venv/bin/python bench/read_while_writing.py [--hold 2]`.
"""

import argparse
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from playbook.cases.repository import get_case
from playbook.definition.loader import load_from_settings
from playbook.storage.db import WRITE_OPTION, make_engine, read_session, unit_of_work
from playbook.storage.migrate import upgrade


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hold", type=float, default=2.0, help="seconds the writer holds the lock")
    parser.add_argument("--reads", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        engine = make_engine(url)
        from tests.integration.helpers import create  # the same builder as the tests

        with unit_of_work(engine) as s:
            reference = create(s, load_from_settings(), datetime.now(UTC)).reference
        locked = threading.Event()

        def writer() -> None:
            with engine.execution_options(**{WRITE_OPTION: True}).connect() as conn:
                conn.exec_driver_sql("UPDATE zaak SET updated_at = updated_at")
                locked.set()
                time.sleep(args.hold)
                conn.rollback()

        thread = threading.Thread(target=writer)
        thread.start()
        locked.wait()
        timings = []
        for _ in range(args.reads):
            started = time.perf_counter()
            with read_session(engine) as s:
                get_case(s, reference)
            timings.append((time.perf_counter() - started) * 1000)
        thread.join()
        timings.sort()
        print(f"{args.reads} reads while the write lock was held for {args.hold:.1f} s: "
              f"median {timings[len(timings) // 2]:.2f} ms, max {timings[-1]:.2f} ms")


if __name__ == "__main__":
    main()
