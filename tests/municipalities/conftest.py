"""Two municipalities of region Rivierland in one instance: Rivierstad (GM9999, the default)
and Beekdal (GM9998), both shipped in `municipalities/`. Users of each, and two regional
officers of Rivierstad: one granted Beekdal, one not."""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine
from sqlmodel import Session

from playbook.config import Settings, get_settings
from playbook.definition.municipalities import Municipalities, municipalities
from playbook.resources import data_dir
from playbook.users import service as users_service
from playbook.users.scope import set_grants
from playbook.users.service import create_user, issue_api_token
from playbook.web.app import create_app
from tests.web.conftest import PASSWORD, SECRET, Browser, bearer, log_in

RIVIERSTAD, BEEKDAL = "GM9999", "GM9998"
# key -> (username, role, partner, municipality)
ACCOUNTS: dict[str, tuple[str, str, str | None, str]] = {
    "a": ("oov.rivierstad", "oov", None, RIVIERSTAD),
    "b": ("oov.beekdal", "oov", None, BEEKDAL),
    "politie-b": ("politie.beekdal", "partner", "politie", BEEKDAL),
    "regio": ("regio.met", "oov", None, RIVIERSTAD),
    "regio-zonder": ("regio.zonder", "oov", None, RIVIERSTAD),
}


def utcnow() -> datetime:
    return datetime.now(UTC)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users_service, "_hasher",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def two(monkeypatch: pytest.MonkeyPatch) -> Iterator[Municipalities]:
    """The instance configured with the shipped folder of municipality files."""
    monkeypatch.setenv("PLAYBOOK_MUNICIPALITIES_DIR", str(data_dir("municipalities")))
    monkeypatch.setenv("PLAYBOOK_DEFAULT_MUNICIPALITY", RIVIERSTAD)
    get_settings.cache_clear()
    yield municipalities()
    get_settings.cache_clear()


@pytest.fixture
def app(engine: Engine, two: Municipalities) -> Any:
    return create_app(engine, Settings(secure_cookies=False, secret_key=SECRET))


@pytest.fixture
def users(uow: Callable[[], AbstractContextManager[Session]],
          two: Municipalities) -> dict[str, str]:
    with uow() as s:
        for username, role, partner, code in ACCOUNTS.values():
            create_user(session=s, username=username, full_name=username.title(), role=role,
                        partner=partner, password=PASSWORD, municipality_code=code,
                        actor="beheer", now=utcnow())
        s.flush()
        set_grants(session=s, username="regio.met", codes=[BEEKDAL], known=two.by_code,
                   actor="beheer", now=utcnow())
    return {key: account[0] for key, account in ACCOUNTS.items()}


@pytest.fixture
def web(app: Any, users: dict[str, str]) -> Callable[[str], Browser]:
    """`web("b")`: that user's signed-in browser."""
    opened: dict[str, Browser] = {}

    def get(key: str) -> Browser:
        if key not in opened:
            opened[key] = log_in(app, users[key])
        return opened[key]
    return get


@pytest.fixture
def api(app: Any, users: dict[str, str], uow: Any) -> Callable[[str], Browser]:
    """`api("b")`: a cookieless client with that user's bearer token."""
    opened: dict[str, Browser] = {}

    def get(key: str) -> Browser:
        if key not in opened:
            with uow() as s:
                token = issue_api_token(session=s, username=users[key], actor="beheer",
                                        now=utcnow())
            opened[key] = bearer(app, token)
        return opened[key]
    return get
