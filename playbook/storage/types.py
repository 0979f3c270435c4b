"""Column types that behave the same on SQLite and PostgreSQL."""

from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import DateTime, Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Always aware UTC in Python.

    SQLite would silently drop the offset, so store naive UTC there.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: give a timezone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if getattr(dialect, "name", "") == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        generic = super().result_processor(dialect, coltype)
        if dialect.name != "sqlite" or generic is None:
            return generic
        parse = datetime.fromisoformat

        def process(value: Any) -> datetime | None:
            # SQLite returns the naive UTC text stored above: read it as UTC in one C call
            # (0.3 us; parsing and then datetime.replace cost 4 us a value, and a list page
            # reads 50-100 of them, bench/lists.py). The result is tz-aware timezone.utc.
            if value is None:
                return None
            try:
                found = parse(value + "+00:00")
            except (TypeError, ValueError):  # other text (with an offset): the long way
                return generic(value)
            return found if found.tzinfo is UTC else generic(value)  # a date only: naive

        return process


class HasId(Protocol):
    id: int | None


def id_of(row: HasId) -> int:
    """The primary key of a row that has been flushed (SQLModel types ids as optional)."""
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no id yet: flush it first")
    return row.id
