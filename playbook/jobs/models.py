"""The `taak` table: one row per background job, with its progress and outcome."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from playbook.storage.types import UTCDateTime


class TaskStatus(StrEnum):
    waiting = "wachtend"
    running = "bezig"
    done = "klaar"
    failed = "mislukt"


FINISHED = frozenset({TaskStatus.done, TaskStatus.failed})


class TaskKind(StrEnum):
    resident_letters = "bewonersbrieven"
    daily_reminders = "herinneringen"


def _json() -> Any:
    return Field(default=None, sa_column=Column(JSON().with_variant(JSONB(), "postgresql"),
                                                nullable=True))


class Task(SQLModel, table=True):
    __tablename__ = "taak"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    case_id: int | None = Field(default=None, foreign_key="zaak.id", index=True)
    municipality_code: str | None = Field(default=None, max_length=6)
    requested_by: str
    status: str = Field(default=TaskStatus.waiting.value, index=True, max_length=16)
    done: int = 0
    failed: int = 0
    total: int = 0
    # Dutch, for the user: what went wrong (the first failed item, and how many failed).
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # The job's input, fixed when it was requested (for letters: the rendered contexts).
    params: dict[str, Any] | None = _json()
    # Failed items by index with their Dutch message: a redelivered item never counts twice.
    failures: dict[str, str] | None = _json()
    # A daily job's key (kind + date): a second planner cannot start the same day twice.
    dedupe_key: str | None = Field(default=None, unique=True, index=True, max_length=64)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    started_at: datetime | None = Field(default=None,
                                        sa_column=Column(UTCDateTime(), nullable=True))
    finished_at: datetime | None = Field(default=None,
                                         sa_column=Column(UTCDateTime(), nullable=True))
