"""Fixtures for the web app: users for every role, logged-in browsers, cases and documents.

Every test runs against `create_app(engine, ...)` with the shared `engine` fixture, so on
SQLite and on PostgreSQL. Users log in through the real /login form (CSRF token scraped
from the page), exactly like a person with a browser.
"""

import re
import warnings
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from playbook.cases import service as cases
from playbook.cases.overview import overview
from playbook.cases.repository import get_case
from playbook.config import USER_TZ, Settings
from playbook.definition.enums import StepStatus
from playbook.definition.models import Playbook
from playbook.information import service as information
from playbook.letters.service import generate
from playbook.storage.tables import AuditEvent, Case, Document, Person
from playbook.users import service as users_service
from playbook.users.service import create_user, issue_api_token
from playbook.web.app import create_app
from tests.integration.helpers import create

with warnings.catch_warnings():  # starlette's note about httpx2 is not ours to fix
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "geheim-wachtwoord-1"
SECRET = "test-sessiesleutel-" + "x" * 40
HOME = "GM9999"
ELSEWHERE = "GM0001"

# actor key -> (username, role, partner, municipality)
ACCOUNTS: dict[str, tuple[str, str, str | None, str]] = {
    "oov": ("oov.anna", "oov", None, HOME),
    "juridisch": ("jur.bram", "juridisch", None, HOME),
    "admin": ("admin.carla", "admin", None, HOME),
    "politie": ("politie.dirk", "partner", "politie", HOME),
    "woningcorporatie": ("woco.eva", "partner", "woningcorporatie", HOME),
    "slachtofferhulp": ("shn.frank", "partner", "slachtofferhulp", HOME),
    "om": ("om.gerda", "partner", "om", HOME),
    "oov-elders": ("oov.elders", "oov", None, ELSEWHERE),
}
ANONYMOUS = "anoniem"

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/zaken/((?:GM\d{4})-\d{4}-\d{4})"')
DOCUMENT_KINDS = ("bewonersbrief", "opdracht-nazorgteam", "verwijzing-slachtofferhulp",
                  "verzoek-bestuurlijke-rapportage", "verzoek-39f")
PERSONS = [
    {"name": "Mevrouw A. de Boer", "role": "bewoner", "self_reliant": "nee"},
    {"name": "Huishouden K.", "role": "doelwit", "children": "2"},
    {"name": "Buurman J. Smit", "role": "omwonende", "address": "Havenstraat 16, 9999 AB Rivierstad"},
]


def utcnow() -> datetime:
    return datetime.now(UTC)


def wall_clock(moment: datetime) -> str:
    """A moment as a user types it in the intake (Dutch wall-clock time)."""
    return moment.astimezone(USER_TZ).strftime("%Y-%m-%d %H:%M")


def today_nl() -> Any:
    return utcnow().astimezone(USER_TZ).date()


FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 with production cost makes hundreds of logins slow; the algorithm stays the same."""
    monkeypatch.setattr(users_service, "_hasher", FAST_HASHER)


@pytest.fixture
def settings() -> Settings:
    return Settings(secure_cookies=False, secret_key=SECRET)


@pytest.fixture
def app(engine: Engine, settings: Settings):  # type: ignore[no-untyped-def]
    return create_app(engine, settings)


def new_client(app) -> TestClient:  # type: ignore[no-untyped-def]
    # No redirects followed: every status code is asserted exactly. Server errors come back
    # as a 500 response instead of an exception, so a test can say "never a 500".
    return TestClient(app, follow_redirects=False, raise_server_exceptions=False)


def scrape_csrf(response: httpx.Response) -> str:
    match = CSRF_FIELD.search(response.text)
    assert match, f"geen csrf_token in {response.request.url}: {response.text[:300]}"
    return match[1]


@dataclass
class Browser:
    """One person's TestClient with its session cookie and the CSRF token of its session."""

    client: TestClient
    username: str | None
    csrf: str = ""
    extra_headers: dict[str, str] = field(default_factory=dict)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.client.get(url, headers=self.extra_headers, **kwargs)

    def post_form(self, url: str, data: dict[str, Any] | None = None, *, csrf: bool = True,
                  **kwargs: Any) -> httpx.Response:
        form = dict(data or {})
        if csrf:
            form.setdefault("csrf_token", self.csrf)
        return self.client.post(url, data=form, headers=self.extra_headers, **kwargs)

    def post_json(self, url: str, body: Any = None, *, csrf: bool = True,
                  **kwargs: Any) -> httpx.Response:
        headers = dict(self.extra_headers)
        if csrf and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        return self.client.post(url, json=body, headers=headers, **kwargs)

    def refresh_csrf(self, url: str = "/login") -> str:
        self.csrf = scrape_csrf(self.get(url))
        return self.csrf


def log_in(app, username: str, password: str = PASSWORD) -> Browser:  # type: ignore[no-untyped-def]
    browser = Browser(new_client(app), username)
    token = scrape_csrf(browser.get("/login"))
    response = browser.client.post("/login", data={
        "gebruikersnaam": username, "wachtwoord": password, "csrf_token": token})
    assert response.status_code == 303, (response.status_code, response.text[:500])
    browser.refresh_csrf()  # login starts a fresh session (no fixation), so a fresh token
    return browser


@pytest.fixture
def users(uow: Callable[[], AbstractContextManager[Session]]) -> dict[str, str]:
    """Every role in GM9999, plus an OOV officer of another municipality (GM0001)."""
    with uow() as s:
        for username, role, partner, municipality in ACCOUNTS.values():
            create_user(session=s, username=username, full_name=username.replace(".", " ").title(),
                        role=role, partner=partner, password=PASSWORD,
                        municipality_code=municipality, actor="beheer", now=utcnow())
    return {key: account[0] for key, account in ACCOUNTS.items()}


class Browsers:
    """`browsers["oov"]`: that user's logged-in browser, logged in on first use."""

    def __init__(self, app, users: dict[str, str]):  # type: ignore[no-untyped-def]
        self.app, self.users, self._open = app, users, {}  # type: ignore[var-annotated]

    def __getitem__(self, key: str) -> Browser:
        if key not in self._open:
            if key == ANONYMOUS:
                browser = Browser(new_client(self.app), None)
                browser.refresh_csrf()
            else:
                browser = log_in(self.app, self.users[key])
            self._open[key] = browser
        return self._open[key]

    def fresh(self, key: str) -> Browser:
        """A second, independent browser for the same user (another tab on another machine)."""
        return log_in(self.app, self.users[key])


@pytest.fixture
def browsers(app, users: dict[str, str]) -> Browsers:  # type: ignore[no-untyped-def]
    return Browsers(app, users)


@pytest.fixture
def token_for(uow, users: dict[str, str]) -> Callable[[str], str]:  # type: ignore[no-untyped-def]
    def issue(key: str) -> str:
        with uow() as s:
            return issue_api_token(session=s, username=users[key], actor="beheer", now=utcnow())
    return issue


def bearer(app, token: str) -> Browser:  # type: ignore[no-untyped-def]
    """A cookieless API client that authenticates with a bearer token only."""
    return Browser(new_client(app), None, extra_headers={"Authorization": f"Bearer {token}"})


# --- cases -----------------------------------------------------------------------------------

@pytest.fixture
def case_ref(uow, playbook: Playbook) -> str:  # type: ignore[no-untyped-def]
    """A woning case in GM9999, attacked three hours ago: its first-hour steps are overdue."""
    moment = utcnow()
    with uow() as s:
        return create(s, playbook, moment, occurred_at=wall_clock(moment - timedelta(hours=3)),
                      persons=PERSONS).reference


@pytest.fixture
def other_playbook(playbook: Playbook) -> Playbook:
    return playbook.model_copy(update={
        "municipality": playbook.municipality.model_copy(update={"cbs_code": ELSEWHERE})})


@pytest.fixture
def other_case_ref(uow, other_playbook: Playbook) -> str:  # type: ignore[no-untyped-def]
    moment = utcnow()
    with uow() as s:
        case = create(s, other_playbook, moment, occurred_at=wall_clock(moment - timedelta(hours=2)),
                      street="Kerkweg", house_number="3", house_suffix=None, postcode="1234 AB",
                      city="Andersdorp", persons=[])
        assert case.municipality_code == ELSEWHERE
        return case.reference


_PDF_CACHE: dict[str, bytes] = {}


def render_each_template_once(monkeypatch: pytest.MonkeyPatch, *, resident_letters: bool = False) -> None:
    """Letters made while `monkeypatch` holds render each template once per worker process;
    with `resident_letters` the bulk resident letters too."""
    from playbook.letters import bulk
    from playbook.letters import service as letters

    real = letters.render_pdf

    def render_once(template: str, context: dict[str, Any]) -> bytes:
        if template not in _PDF_CACHE:
            _PDF_CACHE[template] = real(template, context)
        return _PDF_CACHE[template]

    monkeypatch.setattr(letters, "render_pdf", render_once)
    if resident_letters:
        monkeypatch.setattr(bulk, "render_pdf", render_once)


@pytest.fixture
def cached_pdf_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render each letter template once per test session. The access tests only care who may
    open a document, not what it says; the letter services still store, audit and complete
    steps for real. (Letter content is tested in tests/integration/test_letters.py.)"""
    render_each_template_once(monkeypatch)


@pytest.fixture
def documents(uow, case_ref: str, cached_pdf_rendering: None) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    """Document ids per kind on the GM9999 case, made through the letter services."""
    moment = utcnow()
    with uow() as s:
        generate(session=s, reference=case_ref, kind="bewonersbrief", actor="oov.anna", now=moment,
                 addresses=["Havenstraat 12, 9999 AB Rivierstad", "Havenstraat 16, 9999 AB Rivierstad"])
        generate(session=s, reference=case_ref, kind="opdracht-nazorgteam", actor="oov.anna",
                 now=moment, addresses=["Havenstraat 12, 9999 AB Rivierstad"])
        person = person_id(s, case_ref, "Mevrouw A. de Boer")
        cases.record_consent(session=s, reference=case_ref, person_id=person, actor="oov.anna",
                             now=moment)
    with uow() as s:
        generate(session=s, reference=case_ref, kind="verwijzing-slachtofferhulp",
                 actor="oov.anna", now=moment, person_id=person)
        for kind in ("bestuurlijke-rapportage", "39f"):
            information.request(session=s, reference=case_ref, kind=kind, actor="oov.anna", now=moment)
        generate(session=s, reference=case_ref, kind="verzoek-bestuurlijke-rapportage",
                 actor="oov.anna", now=moment)
        generate(session=s, reference=case_ref, kind="verzoek-39f", actor="oov.anna", now=moment)
    with uow() as s:
        case = get_case(s, case_ref)
        rows = s.exec(select(Document).where(Document.case_id == case.id)
                      .order_by(col(Document.id))).all()
        found: dict[str, list[int]] = {}
        for row in rows:
            found.setdefault(row.kind, []).append(row.id)  # type: ignore[arg-type]
    assert set(found) == set(DOCUMENT_KINDS), found
    return found


def person_id(session: Session, reference: str, name: str) -> int:
    case = get_case(session, reference)
    return session.exec(select(Person.id).where(Person.case_id == case.id,  # type: ignore[call-overload]
                                                Person.name == name)).one()


def finish_blockers(uow, reference: str, actor: str = "setup") -> None:  # type: ignore[no-untyped-def]
    """Mark every mandatory open step of the current phase done, so the phase may advance."""
    moment = utcnow()
    with uow() as s:
        for item in overview(s, get_case(s, reference), moment).blockers:
            cases.set_step(session=s, reference=reference, step_id=item.step.id,
                           status=StepStatus.done, actor=actor, now=moment)


def blockers(engine: Engine, reference: str) -> list[str]:
    with Session(engine) as s:
        return [i.step.id for i in overview(s, get_case(s, reference), utcnow()).blockers]


def case_version(engine: Engine, reference: str) -> int:
    with Session(engine) as s:
        return get_case(s, reference).version


def step_status(engine: Engine, reference: str, step_id: str) -> str:
    with Session(engine) as s:
        view = overview(s, get_case(s, reference), utcnow(), whole_case=True)
        return next(i.status.value for b in view.blocks for i in b.items if i.step.id == step_id)


def count_rows(engine: Engine, model: type) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def audit_since(engine: Engine, last_id: int) -> list[AuditEvent]:
    with Session(engine) as s:
        return list(s.exec(select(AuditEvent).where(col(AuditEvent.id) > last_id)
                           .order_by(col(AuditEvent.id))))


def full_name(engine: Engine, username: str) -> str:
    """How pages name a user (the login is no name)."""
    from playbook.storage.tables import User

    with Session(engine) as s:
        return s.exec(select(User.full_name).where(User.username == username)).one()


def last_audit_id(engine: Engine) -> int:
    with Session(engine) as s:
        return s.exec(select(func.coalesce(func.max(AuditEvent.id), 0))).one()


def case_count(engine: Engine) -> int:
    return count_rows(engine, Case)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The access matrix on PostgreSQL: only the cells `test_access.postgres_cells` names."""
    from tests.web.test_access import postgres_cells

    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if (item.name.startswith("test_access_matrix[") and params.get("world") == "postgres"
                and params["actor"] not in postgres_cells(params["row"])):
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
