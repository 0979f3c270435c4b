"""`playbook demo`: the README's main job; `--serveer` then shows the same case in the web app."""

import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine

from playbook.cli.common import out


def demo(uitvoer: Annotated[Path, typer.Option(help="Map voor de uitvoer")] = Path("uitvoer/demo"),
         serveer: Annotated[bool, typer.Option(
             "--serveer", help="Start daarna de web-app met deze zaak en drie demogebruikers "
                               "(crisisofficier, juridisch, politie)")] = False,
         poort: Annotated[int, typer.Option(min=1, max=65535, help="Poort van de web-app")] = 8000,
         ) -> None:
    """Speel één realistische zaak van dreiging tot sluiting af en schrijf de PDF's en het
    auditspoor; met --serveer daarna dezelfde zaak in de web-app."""
    from playbook.definition.loader import load_from_settings
    from playbook.demo import run_demo
    from playbook.storage.db import make_engine
    from playbook.storage.migrate import upgrade

    # A database of its own in the output folder: re-running gives the same case and bytes.
    database = uitvoer / "demo.db"
    for stale in (database, database.with_name("demo.db-wal"), database.with_name("demo.db-shm")):
        stale.unlink(missing_ok=True)
    uitvoer.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{database.resolve()}"
    upgrade(url)
    engine = make_engine(url)
    result = run_demo(engine, load_from_settings(), uitvoer, say=out)
    out(f"\nZaak {result.reference} gesloten. Uitvoer in {result.output.resolve()}:")
    for path in result.files:
        out(f"  {path.name}")
    if not serveer:
        engine.dispose()
        out("\nDeze zaak in de web-app bekijken: playbook demo --serveer")
        return
    _serve(engine, url, result.reference, poort)


def _serve(engine: Engine, url: str, reference: str, port: int) -> None:
    """The demo database is a complete app database: add demo users and serve it, on this
    machine only (127.0.0.1), in development mode (plain http, a key for this run only)."""
    from playbook.cases.repository import get_case
    from playbook.config import get_settings
    from playbook.demo.users import create_demo_users
    from playbook.storage.db import read_session
    from playbook.web.server import serve

    with read_session(engine) as session:
        municipality = get_case(session, reference).municipality_code
    logins = create_demo_users(engine, municipality, datetime.now(UTC))
    engine.dispose()
    os.environ.update(PLAYBOOK_DATABASE_URL=url, PLAYBOOK_DEVELOPMENT="true",
                      PLAYBOOK_SECURE_COOKIES="false",
                      PLAYBOOK_SECRET_KEY=secrets.token_urlsafe(48))
    get_settings.cache_clear()
    address = f"http://127.0.0.1:{port}"
    out(f"\nWeb-app met deze zaak: {address}/zaken/{reference}  (stoppen: Ctrl+C)")
    out("Demogebruikers (wachtwoorden gelden alleen voor deze demodatabase):")
    width = max(len(login.username) for login in logins)
    for login in logins:
        out(f"  {login.username.ljust(width)}  wachtwoord {login.password}  ({login.description})")
    serve(get_settings(), "127.0.0.1", port, 1)
