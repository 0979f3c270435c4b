"""Column helpers shared by the table modules."""

from typing import Any

from sqlalchemy import Column
from sqlmodel import Field

from playbook.storage.types import UTCDateTime


def _at(**kwargs: Any) -> Any:
    """A timestamp column that keeps UTC on SQLite too (see storage/types.py)."""
    return Field(sa_column=Column(UTCDateTime(), **kwargs))
