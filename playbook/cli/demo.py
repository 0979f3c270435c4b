"""`playbook demo`: the README's main job."""

from pathlib import Path
from typing import Annotated

import typer

from playbook.cli.common import out


def demo(uitvoer: Annotated[Path, typer.Option(help="Map voor de uitvoer")] = Path("uitvoer/demo")) -> None:
    """Speel één realistische zaak van dreiging tot sluiting af en schrijf de PDF's en het auditspoor."""
    from playbook.definition.loader import load_from_settings
    from playbook.demo import run_demo
    from playbook.storage.db import make_engine
    from playbook.storage.migrate import upgrade

    # A database of its own in the output folder: re-running gives the same case and bytes.
    database = uitvoer / "demo.db"
    for stale in (database, database.with_name("demo.db-wal"), database.with_name("demo.db-shm")):
        stale.unlink(missing_ok=True)
    uitvoer.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{database}"
    upgrade(url)
    engine = make_engine(url)
    result = run_demo(engine, load_from_settings(), uitvoer, say=out)
    engine.dispose()
    out(f"\nZaak {result.reference} gesloten. Uitvoer in {result.output.resolve()}:")
    for path in result.files:
        out(f"  {path.name}")
