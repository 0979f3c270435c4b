"""What every command shares: clock, user, database session, output helpers."""

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from typing import Annotated

import typer
from sqlmodel import Session

from playbook.config import get_settings
from playbook.errors import InvalidInput
from playbook.storage.db import unit_of_work

UserOption = Annotated[
    str | None, typer.Option("--gebruiker", help="Wie de handeling doet (standaard: PLAYBOOK_USER)")
]


def actor(user: str | None) -> str:
    return (user or os.environ.get("PLAYBOOK_USER") or getpass.getuser()).strip()


def now() -> datetime:
    return datetime.now(UTC)


@cache
def _schema_ready(url: str) -> None:
    from playbook.storage.migrate import upgrade

    upgrade(url)


@contextmanager
def transaction() -> Iterator[Session]:
    """One unit of work against the configured database, migrated to the latest schema first.
    When the operator (PLAYBOOK_USER) is a registered account, the session sees only the
    municipalities that account may read and changes only its own (issue 9)."""
    from playbook.users.scope import account_scope, restrict

    _schema_ready(get_settings().database_url)
    with unit_of_work() as session:
        scope = account_scope(session, actor(None))
        if scope is not None:
            restrict(session, scope)
        yield session



def yes_no(value: str | None, field: str) -> bool | None:
    if value is None:
        return None
    answer = value.strip().lower()
    if answer in ("ja", "j", "yes", "true", "1"):
        return True
    if answer in ("nee", "n", "no", "false", "0"):
        return False
    raise InvalidInput([f"{field}: '{value}' moet ja of nee zijn"])


def out(text: str = "") -> None:
    typer.echo(text)


def table(rows: list[list[str]], headers: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(r: list[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])

