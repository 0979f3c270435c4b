"""Migration 0011_readmodels backfills the read model of cases that existed before it."""

from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import Engine
from sqlmodel import Session, select

from playbook.cases.repository import get_case
from playbook.definition.models import Playbook
from playbook.storage.migrate import alembic_config, upgrade
from playbook.storage.tables import StepState
from playbook.storage.tables_readmodels import SearchTerm, WorkItem
from tests.conftest import local
from tests.integration.helpers import create


def test_upgrade_backfills_existing_cases(engine: Engine, uow, playbook: Playbook) -> None:  # type: ignore[no-untyped-def]
    if engine.dialect.name == "sqlite":
        # A batch downgrade rebuilds `zaak`, which SQLite refuses while other rows refer to it
        # (foreign keys on); the upgrade path itself runs in every SQLite test's template.
        pytest.skip("downgrade met gegevens kan alleen op PostgreSQL")
    now = local("2026-03-07 04:00")
    with uow() as s:
        ref = create(s, playbook, now, occurred_at="2026-03-07 02:40").reference
    with Session(engine) as s:
        case = get_case(s, ref)
        before = (case.next_due_at, case.phase_title, case.open_mandatory)
        work = len(s.exec(select(WorkItem)).all())
    assert before[0] is not None and work > 0
    url = engine.url.render_as_string(hide_password=False)
    config = alembic_config(url)
    # Back to before the parallel 0011 changes, then up again the way `playbook db upgrade`
    # and the app do it: the upgrade ends by filling every read model still empty.
    command.downgrade(config, "0010")
    upgrade(url)
    with Session(engine) as s:
        case = get_case(s, ref)
        assert (case.next_due_at, case.phase_title, case.open_mandatory) == before
        assert len(s.exec(select(WorkItem)).all()) == work
        assert s.exec(select(SearchTerm).where(SearchTerm.term == "9999ab")).first()
        assert all(r.due_at is not None for r in s.exec(select(StepState)) if r.status == "open")
    assert before[0] < now + timedelta(days=30)
