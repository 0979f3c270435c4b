"""UTCDateTime gives back the moment that was stored, as aware UTC, on both databases; on SQLite
also text it did not write itself (another offset, a bare date)."""

from datetime import UTC, datetime

from sqlalchemy import Column, Engine, Integer, MetaData, Table, insert, select, text

from playbook.config import USER_TZ
from playbook.storage.types import UTCDateTime


def test_a_stored_moment_reads_back_as_the_same_moment_in_utc(engine: Engine) -> None:
    table = Table("t_utc_moment", MetaData(), Column("id", Integer, primary_key=True),
                  Column("at", UTCDateTime()))
    moments = [datetime(2026, 3, 29, 2, 30, tzinfo=UTC),  # the night the clocks go forward
               datetime(2026, 11, 30, 9, 0, 0, 123456, tzinfo=USER_TZ), None]
    table.create(engine)
    try:
        with engine.begin() as conn:
            conn.execute(insert(table), [{"id": i, "at": m} for i, m in enumerate(moments)])
            if engine.dialect.name == "sqlite":  # text written by something else
                conn.execute(text("INSERT INTO t_utc_moment VALUES "
                                  "(10, '2026-11-30T09:00:00+01:00'), (11, '2026-11-30')"))
            read = dict(conn.execute(select(table.c.id, table.c.at)).all())  # type: ignore[arg-type]
    finally:
        table.drop(engine)
    assert [read[i] for i in range(3)] == moments
    assert all(v.tzinfo is UTC for v in read.values() if v is not None)
    if engine.dialect.name == "sqlite":
        assert read[10] == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
        assert read[11] == datetime(2026, 11, 30, 0, 0, tzinfo=UTC)
