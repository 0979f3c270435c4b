"""Retention under the AVG: a case past its retention period has no name left anywhere in the
database, the audit chain still verifies, a dry run changes nothing, and one person's data can
be exported (art. 15). On SQLite and PostgreSQL."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, LargeBinary, MetaData, select
from sqlmodel import Session

from playbook.cases import service
from playbook.cases.audit import verify
from playbook.definition.enums import StepStatus
from playbook.definition.models import Playbook
from playbook.errors import DefinitionError
from playbook.retention.export import person_export
from playbook.retention.policy import RetentionPolicy, load_policy
from playbook.retention.service import apply
from playbook.storage.db import unit_of_work
from playbook.storage.tables import Case, Person
from tests.conftest import clean_env
from tests.e2e.test_cli import run_playbook
from tests.integration.helpers import create

NOW = datetime(2032, 6, 1, 12, 0, tzinfo=UTC)
NAMES = ("Mevrouw A. de Boer", "Buurman J. Smit")
RECENT_NAMES = ("Meneer P. Bakker", "Buurvrouw L. Visser")


def _persons(names: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"name": names[0], "role": "bewoner", "self_reliant": "nee", "contact": "06-12345678"},
            {"name": names[1], "role": "omwonende", "address": "Havenstraat 16, 9999 AB Rivierstad",
             "needs": f"{names[1]} wil graag gebeld worden"}]


def _closed_case(engine: Engine, playbook: Playbook, closed: datetime, street: str,
                 names: tuple[str, ...] = NAMES) -> str:
    moment = datetime(2025, 3, 7, 3, 0, tzinfo=UTC)
    with unit_of_work(engine) as s:
        case = create(s, playbook, moment, persons=_persons(names), street=street,
                      house_number=str(len(street)), postcode=f"99{len(street):02d} AB")
        reference = case.reference
        boer = s.exec(select(Person.id).where(Person.name == names[0],  # type: ignore[call-overload]
                                              Person.case_id == case.id)).scalar_one()
    with unit_of_work(engine) as s:
        service.set_step(session=s, reference=reference, step_id="noodbevel-overwegen",
                         status=StepStatus.skipped, reason=f"{names[0]} logeert bij haar zus",
                         actor="oov", now=moment)
        service.record_consent(session=s, reference=reference, person_id=boer, actor="oov",
                               now=moment)
    with unit_of_work(engine) as s:  # closed by hand: the phase flow is tested elsewhere
        row = s.exec(select(Case).where(Case.reference == reference)).scalar_one()
        row.phase, row.closed_at = "gesloten", closed
    return reference


def _texts_mentioning(engine: Engine, needles: tuple[str, ...]) -> list[str]:
    """Every text (and JSON) value of every table that contains one of the needles."""
    meta = MetaData()
    meta.reflect(engine)
    found = []
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            columns = [c for c in table.columns if not isinstance(c.type, LargeBinary)]
            for row in conn.execute(select(*columns)):
                for column, value in zip(columns, row, strict=True):
                    text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) \
                        else str(value)
                    if any(n in text for n in needles):
                        found.append(f"{table.name}.{column.name}: {text[:80]}")
    return found


def test_a_case_past_retention_has_no_name_left(engine: Engine, playbook: Playbook) -> None:
    old = _closed_case(engine, playbook, NOW - timedelta(days=6 * 365), "Havenstraat")
    recent = _closed_case(engine, playbook, NOW - timedelta(days=365), "Dijkstraat", RECENT_NAMES)
    assert _texts_mentioning(engine, NAMES)  # the names are there before
    policy = RetentionPolicy(persons_years=5)

    with unit_of_work(engine) as s:
        dry = apply(session=s, now=NOW, actor="beheer", policy=policy, dry_run=True)
    assert [c.reference for c in dry.cases] == [old] and dry.persons == 2
    with unit_of_work(engine) as s:
        report = apply(session=s, now=NOW, actor="beheer", policy=policy)
    assert [c.reference for c in report.cases] == [old]

    assert _texts_mentioning(engine, NAMES) == []  # nowhere, in no table, in no column
    assert _texts_mentioning(engine, RECENT_NAMES)  # the recent case is within its period
    with Session(engine) as s:
        recent_id = s.exec(select(Case.id).where(Case.reference == recent)).scalar_one()  # type: ignore[call-overload]
        old_persons = s.exec(select(Person).where(Person.case_id != recent_id)).scalars().all()  # type: ignore[call-overload]
        assert all(p.name.endswith("(gepseudonimiseerd)") and p.contact is None
                   and p.address is None and p.needs is None for p in old_persons)
        _count, broken = verify(s)
    assert broken == [], "pseudonymisation must not break the audit chain"

    with unit_of_work(engine) as s:  # a second run finds nothing more to do
        again = apply(session=s, now=NOW, actor="beheer", policy=policy)
    assert again.cases == []


def test_a_dry_run_changes_nothing(engine: Engine, playbook: Playbook) -> None:
    _closed_case(engine, playbook, NOW - timedelta(days=6 * 365), "Havenstraat")
    before = _texts_mentioning(engine, NAMES)
    with unit_of_work(engine) as s:
        apply(session=s, now=NOW, actor="beheer", policy=RetentionPolicy(), dry_run=True)
    assert _texts_mentioning(engine, NAMES) == before


def test_one_persons_data_exports_as_json(engine: Engine, playbook: Playbook) -> None:
    reference = _closed_case(engine, playbook, NOW, "Havenstraat")
    with Session(engine) as s:
        person_id = s.exec(select(Person.id).where(Person.name == NAMES[0])).scalar_one()  # type: ignore[call-overload]
        data = person_export(s, person_id)
    assert data["persoon"]["name"] == NAMES[0] and data["zaak"]["zaaknummer"] == reference
    assert {e["wat"] for e in data["gebeurtenissen"]} == {"persoon-toegevoegd",
                                                        "toestemming-vastgelegd"}
    json.dumps(data)  # serialisable as it is


def test_the_retention_block_is_validated_in_dutch(tmp_path: Path) -> None:
    path = tmp_path / "gemeente.yaml"
    path.write_text("name: X\nretention:\n  persons_years: 0\n  sessies: 3\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as exc:
        load_policy(path)
    assert "veld 'retention.persons_years': moet minstens 1 zijn" in exc.value.message
    assert "veld 'retention.sessies': onbekend veld" in exc.value.message


def test_cli_dry_run_and_export(tmp_path: Path) -> None:
    env = clean_env(PLAYBOOK_DATABASE_URL=f"sqlite:///{tmp_path / 'p.db'}",
                    PLAYBOOK_USER="beheer")
    run = lambda *a: run_playbook(*a, env=env, cwd=tmp_path)  # noqa: E731
    made = run("zaak", "nieuw", "--straat", "Kade", "--huisnummer", "5", "--postcode", "3011 AB",
               "--plaats", "Rivierstad", "--objecttype", "woning", "--soort", "aanslag",
               "--tijdstip", "2025-03-07 02:40", "--persoon", "naam=Fatima B.;rol=bewoner")
    assert made.returncode == 0, made.stderr
    dry = run("bewaartermijnen", "toepassen", "--droog")
    assert dry.returncode == 0 and "Droge run: niets gewijzigd. 0 zaak/zaken" in dry.stdout
    exported = run("persoon", "export", "1")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["persoon"]["name"] == "Fatima B."
    missing = run("persoon", "export", "99")
    assert missing.returncode == 2 and "Persoon 99 bestaat niet" in missing.stderr
