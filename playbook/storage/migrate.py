"""Run Alembic programmatically, so an installed wheel can create and check its own schema."""

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    command.upgrade(alembic_config(url), "head")
    _complete_read_models(url)


def _complete_read_models(url: str) -> None:
    """A migration that adds read-model columns cannot always fill them (a sibling migration
    may add a column the application reads later in the same upgrade), so the upgrade ends by
    computing every case whose summary is still empty, with the application's own code."""
    from datetime import UTC, datetime

    from sqlalchemy import text
    from sqlmodel import Session

    from playbook.cases.readmodel import refresh_summary
    from playbook.storage.db import make_engine
    from playbook.storage.tables import Case

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            empty = text("SELECT id FROM zaak WHERE summary_at IS NULL")
            ids = list(session.execute(empty).scalars())
            for case_id in ids:
                case = session.get(Case, case_id)
                if case is not None:
                    refresh_summary(session, case, datetime.now(UTC))
            if ids:
                session.commit()
    finally:
        engine.dispose()


def check(url: str) -> None:
    """Raise when the models and the migrations disagree (run in CI)."""
    command.check(alembic_config(url))
