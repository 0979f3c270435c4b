"""Browser tests: the real `playbook serve` in a subprocess, driven by Debian's chromium.

Each test module gets its own SQLite database and server, so the modules never see each
other's cases. Without /usr/bin/chromium the tests skip with a visible reason, unless
PLAYBOOK_REQUIRE_BROWSER=1 (set by .ci/run), which turns that into a failure.
Never run `playwright install`: the browser comes from Debian.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from playbook.config import USER_TZ
from tests.conftest import clean_env

if TYPE_CHECKING:
    from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("PLAYBOOK_CHROMIUM", "/usr/bin/chromium"))  # Debian's package
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REQUIRE_BROWSER = os.environ.get("PLAYBOOK_REQUIRE_BROWSER") == "1"
MUNICIPALITY = "GM9999"  # the shipped municipalities/voorbeeld.yaml
PASSWORD = "correct-horse-battery-staple"
USERS = {
    # username: (role, partner, full name)
    "oov.test": ("oov", None, "Olga Oov"),
    "jur.test": ("juridisch", None, "Jan Juridisch"),
    "politie.test": ("partner", "politie", "Piet Politie"),
    "shn.test": ("partner", "slachtofferhulp", "Sanne Slachtofferhulp"),
}
SERVER_START_SECONDS = 60


@dataclass
class Server:
    base_url: str
    database_url: str
    tmp: Path
    log: Path
    env: dict[str, str] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base_url + path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _create_users(database_url: str) -> None:
    from playbook.storage.db import make_engine, unit_of_work
    from playbook.users.service import create_user

    engine = make_engine(database_url)
    try:
        with unit_of_work(engine) as session:
            for username, (role, partner, name) in USERS.items():
                create_user(session=session, username=username, full_name=name, role=role,
                            password=PASSWORD, municipality_code=MUNICIPALITY, partner=partner,
                            actor="test", now=datetime.now(UTC))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def users_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with one user per role, made once per worker: each module's server
    starts from a copy of it, so its cases stay its own."""
    from playbook.storage.migrate import upgrade

    path = tmp_path_factory.mktemp("browser-users") / "playbook.db"
    upgrade(f"sqlite:///{path}")
    _create_users(f"sqlite:///{path}")  # its engine is disposed: the WAL is in the file
    return path


@pytest.fixture(scope="module")
def server(browser, tmp_path_factory: pytest.TempPathFactory,  # type: ignore[no-untyped-def]
           request: pytest.FixtureRequest, users_database: Path) -> Iterator[Server]:
    """A migrated database with one user per role, and the real server on a free port.
    Asks for the browser first, so nothing starts when the tests are skipped. A module with
    SERVE_THE_DEMO = True gets the demo case in it (a copy of this run's `demo_run`)."""
    from playbook.storage.migrate import upgrade

    tmp = tmp_path_factory.mktemp(f"browser-{request.module.__name__.rsplit('.', 1)[-1]}")
    database_url = f"sqlite:///{tmp / 'playbook.db'}"
    if getattr(request.module, "SERVE_THE_DEMO", False):  # start from this run's demo database
        shutil.copy(request.getfixturevalue("demo_run").folder / "demo.db", tmp / "playbook.db")
        upgrade(database_url)
        _create_users(database_url)
    else:
        shutil.copy(users_database, tmp / "playbook.db")
    port = _free_port()
    alphabet = string.ascii_letters + string.digits
    env = {
        **clean_env(),
        "PLAYBOOK_DATABASE_URL": database_url,
        "PLAYBOOK_SECURE_COOKIES": "false",  # plain http in tests
        "PLAYBOOK_DEVELOPMENT": "true",  # which only development mode allows
        "PLAYBOOK_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(40)),
        "PLAYBOOK_OUTPUT_DIR": str(tmp / "uitvoer"),
        "PLAYBOOK_STATIC_DIR": str(REPO / "node_modules"),
    }
    log = tmp / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "playbook.cli.main", "serve", "--port", str(port)],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            if proc.poll() is not None:
                pytest.fail(f"playbook serve stopte meteen (code {proc.returncode}):\n{log.read_text()}")
            try:
                with urllib.request.urlopen(base_url + "/login", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"playbook serve antwoordt niet op /login:\n{log.read_text()}")
            time.sleep(0.2)
        yield Server(base_url=base_url, database_url=database_url, tmp=tmp, log=log, env=env)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    # Whatever the tests clicked, the server must never have answered with a 5xx.
    crashes = [line for line in log.read_text(errors="replace").splitlines()
               if "Traceback" in line or re.search(r'" 5\d\d ', line)]
    assert not crashes, f"serverfouten in {log}:\n" + "\n".join(crashes[:20])


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} ontbreekt: browsertests overgeslagen (apt-get install chromium)"
        if REQUIRE_BROWSER:
            pytest.fail(message + " (PLAYBOOK_REQUIRE_BROWSER=1)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def new_context(browser, server: Server) -> Iterator:  # type: ignore[no-untyped-def]
    """Make fresh browser contexts (one per user, like separate browsers); all closed at the end."""
    contexts = []

    def make():  # type: ignore[no-untyped-def]
        context = browser.new_context(base_url=server.base_url, accept_downloads=True,
                                      locale="nl-NL", timezone_id="Europe/Amsterdam")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def login(context, server: Server, username: str):  # type: ignore[no-untyped-def]
    """Log in through the login form, as a user would; returns the page it lands on."""
    page = context.new_page()
    page.goto(server.url("/login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, f"inloggen als {username} mislukte: {page.content()[:2000]}"
    return page


def local_now() -> datetime:
    return datetime.now(USER_TZ)


def fill_intake(page: Page, *, street: str, postcode: str, hours_ago: int = 3) -> None:
    """Fill the intake form for an attack on a house with one resident who is not self-reliant."""
    page.get_by_label("Straat", exact=True).fill(street)
    page.get_by_label("Huisnummer", exact=True).fill("12")
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_label("Plaats", exact=True).fill("Rivierstad")
    page.get_by_label("Objecttype").select_option("woning")
    page.get_by_label("Soort incident").select_option("aanslag")
    when = local_now() - timedelta(hours=hours_ago)
    page.get_by_label("Datum en tijd (Nederlandse tijd)").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Schade (optioneel)").fill("voordeur en ramen vernield")
    page.get_by_label("Naam persoon 1").fill("Mevrouw A. Jansen")
    page.get_by_label("Rol persoon 1").select_option("bewoner")
    page.get_by_label("Zelfredzaam persoon 1").select_option("nee")


def click_and_wait(page: Page, button) -> int:  # type: ignore[no-untyped-def]
    """Submit a form through its button; returns the status of the page the browser lands on."""
    with page.expect_navigation() as nav:
        button.click()
    response = nav.value
    assert response is not None
    assert response.status < 500, f"serverfout {response.status} op {page.url}: {page.content()[:3000]}"
    return response.status


# --- shared checks for every page state (tests/browser/test_layout.py, test_partner_inbox.py) ---

VIEWPORTS = {"telefoon": (390, 844), "laptop": (1366, 768)}
AXE_BLOCKING = ("serious", "critical")


def watch_console(page: Page) -> list[str]:
    """Collect the page's console errors and uncaught exceptions from now on (a CSP refusal, a
    missing favicon and a broken script all land here). Attach before navigating."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console: {m.text} ({m.location.get('url', '')})")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"script: {e}"))
    return errors


def page_width(page: Page) -> tuple[int, int]:
    """(document width, viewport width): the page scrolls sideways when the first is larger."""
    scroll, inner = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]")
    return int(scroll), int(inner)


def too_wide(page: Page, limit: int = 5) -> list[str]:
    """The elements that stick out past the right edge of the viewport, for the failure text."""
    found: list[str] = page.evaluate(
        """(limit) => {
             const out = [];
             for (const el of document.querySelectorAll('body *')) {
               const r = el.getBoundingClientRect();
               if (r.right > window.innerWidth + 1 && r.width > 0) {
                 const cls = typeof el.className === 'string' ? el.className.trim() : '';
                 out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                          (cls ? '.' + cls.split(/\\s+/).join('.') : '') +
                          ' right=' + Math.round(r.right));
                 if (out.length >= limit) break;
               }
             }
             return out; }""", limit)
    return found


def axe_blocking(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each (empty: none)."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [f"{v['id']} [{v.get('impact')}] {v.get('help')}: "
            f"{(v.get('nodes') or [{}])[0].get('target')}"
            for v in violations if v.get("impact") in AXE_BLOCKING]


def screenshot_dir(server: Server) -> Path:
    """Where the layout tests put their screenshots: PLAYBOOK_SCREENSHOTS, or the server's tmp."""
    folder = Path(os.environ.get("PLAYBOOK_SCREENSHOTS") or server.tmp / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
