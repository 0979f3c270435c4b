"""Retention reaches the measures: a gebiedsverbod addressed to someone who is no person of the
case leaves no trace of that name once the case is past its retention period (AVG art. 5)."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import select

from playbook.cases.audit import verify
from playbook.definition.models import Playbook
from playbook.retention.policy import RetentionPolicy
from playbook.retention.service import apply
from playbook.storage.db import unit_of_work
from playbook.storage.tables import Case
from tests.measures.helpers import Uow, made_known_ban
from tests.security.test_retention import _texts_mentioning

NOW = datetime(2032, 6, 1, 12, 0, tzinfo=UTC)
NAME = "De heer P. Verstoorder"


def test_a_ban_addressee_has_no_name_left_after_retention(
    engine: Engine, uow: Uow, playbook: Playbook
) -> None:
    reference, _ = made_known_ban(uow, playbook)
    assert _texts_mentioning(engine, (NAME,))
    with unit_of_work(engine) as s:
        row = s.exec(select(Case).where(Case.reference == reference)).one()
        row.phase, row.closed_at = "gesloten", NOW - timedelta(days=6 * 365)
    with unit_of_work(engine) as s:
        apply(session=s, now=NOW, actor="beheer", policy=RetentionPolicy(persons_years=5))
    assert _texts_mentioning(engine, (NAME,)) == []
    with unit_of_work(engine) as s:
        _, broken = verify(s)
    assert broken == []
