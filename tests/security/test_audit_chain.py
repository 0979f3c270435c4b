"""Tamper evidence: every audit row is chained by SHA-256; a hand-made change is found by
`playbook audit verifieer`. On PostgreSQL TRUNCATE is refused and the app can run as a role
that may only INSERT and SELECT on the history tables."""

import os
import subprocess
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from playbook.cases import service
from playbook.cases.audit import verify
from playbook.definition.enums import StepStatus
from playbook.definition.models import Playbook
from playbook.storage.db import make_engine, unit_of_work
from playbook.storage.roles import create_app_role
from playbook.storage.tables import AuditEvent
from tests.e2e.test_cli import run_playbook
from tests.integration.helpers import create

NOW = datetime(2025, 3, 7, 3, 0, tzinfo=UTC)


def _history(engine: Engine, playbook: Playbook) -> str:
    with unit_of_work(engine) as s:
        reference = create(s, playbook, NOW).reference
    with unit_of_work(engine) as s:
        service.set_step(session=s, reference=reference, step_id="noodbevel-overwegen",
                         status=StepStatus.skipped, reason="geen acuut gevaar", actor="oov", now=NOW)
    return reference


def _verifieer(engine: Engine) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PLAYBOOK_DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    return run_playbook("audit", "verifieer", env=env)


def _tamper(engine: Engine, statement: str) -> None:
    """What an administrator with superuser rights could do: lift the trigger, change a row."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_no_update")
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_no_delete")
        else:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text(statement))


def _ids(engine: Engine) -> list[int]:
    with Session(engine) as s:
        return list(s.exec(select(AuditEvent.id).order_by(col(AuditEvent.id))))  # type: ignore[call-overload]


def test_an_untouched_trail_verifies(engine: Engine, playbook: Playbook) -> None:
    _history(engine, playbook)
    with Session(engine) as s:
        count, broken = verify(s)
    assert count >= 3 and broken == []
    result = _verifieer(engine)
    assert result.returncode == 0, result.stderr
    assert "Auditspoor in orde" in result.stdout


@pytest.mark.parametrize("change", [
    "UPDATE audit SET new = 'iemand anders' WHERE id = {id}",
    "UPDATE audit SET at = at WHERE id = {id}; UPDATE audit SET actor = 'beheer' WHERE id = {id}",
    "DELETE FROM audit WHERE id = {id}",
])
def test_a_hand_made_change_is_found_and_named(engine: Engine, playbook: Playbook,
                                               change: str) -> None:
    reference = _history(engine, playbook)
    target = _ids(engine)[1]
    for statement in change.format(id=target).split("; "):
        _tamper(engine, statement)
    result = _verifieer(engine)
    assert result.returncode == 1, result.stdout
    assert "het auditspoor is gewijzigd" in result.stderr
    # The first broken row: the changed row itself, or the one after a deleted row.
    named = target if "DELETE" not in change else _ids(engine)[1]
    assert f"zaak {reference}: eerste gebroken rij is audit-id {named}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("newest", [1, 2, "all"])
def test_rows_deleted_at_the_end_of_a_chain_are_found(engine: Engine, playbook: Playbook,
                                                       newest: int | str) -> None:
    """Deleting the newest rows leaves a shorter chain that verifies row by row; the case
    still names the hash its chain ended with."""
    reference = _history(engine, playbook)
    with Session(engine) as s:
        rows = list(s.exec(select(AuditEvent).where(col(AuditEvent.case_id).is_not(None))
                           .order_by(col(AuditEvent.id))))
    gone = rows if newest == "all" else rows[-int(newest):]
    _tamper(engine, f"DELETE FROM audit WHERE id IN ({', '.join(str(r.id) for r in gone)})")
    with Session(engine) as s:
        _count, broken = verify(s)
    assert [(b.case_id, b.cut_short) for b in broken] == [(rows[0].case_id, True)]
    result = _verifieer(engine)
    assert result.returncode == 1, result.stdout
    if newest == "all":
        assert f"zaak {reference}: alle rijen van de keten ontbreken" in result.stderr
        assert broken[0].event is None
    else:
        kept = rows[-int(newest) - 1]
        assert broken[0].event is not None and broken[0].event.id == kept.id
        assert (f"zaak {reference}: de nieuwste rijen van de keten ontbreken; de laatste die er "
                f"nog is, is audit-id {kept.id}") in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("also_the_anchor", [False, True])
def test_rows_deleted_at_the_end_of_the_global_chain_are_found(engine: Engine,
                                                               also_the_anchor: bool) -> None:
    """Rows without a case (sign-ins, accounts) have their anchor row: cutting the newest off,
    with or without deleting that row too, is found."""
    from playbook.cases.audit import record
    from playbook.storage.tables import AuditAnchor

    for n in range(3):
        with unit_of_work(engine) as s:
            record(s, None, actor="beheer", action="gebruiker-aangemaakt", at=NOW,
                   subject=f"gebruiker-{n}")
    with Session(engine) as s:
        rows = list(s.exec(select(AuditEvent).where(col(AuditEvent.case_id).is_(None))
                           .order_by(col(AuditEvent.id))))
        assert s.exec(select(AuditAnchor.head)).one() == rows[-1].hash
        assert verify(s)[1] == []
    _tamper(engine, f"DELETE FROM audit WHERE id = {rows[-1].id}")
    if also_the_anchor:
        _tamper(engine, "DELETE FROM audit_anker")
    with Session(engine) as s:
        broken = verify(s)[1]
    assert [(b.case_id, b.cut_short, b.event and b.event.id) for b in broken] == [
        (None, True, rows[-2].id)]
    result = _verifieer(engine)
    assert result.returncode == 1, result.stdout
    assert ("algemene keten (zonder zaak): de nieuwste rijen van de keten ontbreken; de laatste "
            f"die er nog is, is audit-id {rows[-2].id}") in result.stderr


@pytest.mark.postgres
def test_truncate_is_refused_and_the_app_role_may_only_append(postgres_url: str,
                                                               playbook: Playbook) -> None:
    owner = make_engine(postgres_url)
    with owner.begin() as conn:  # a clean slate for this test (the replica role passes triggers)
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text("TRUNCATE audit, document, fase_overgang, stap, persoon, besluit, "
                          "informatieverzoek, zaak, playbook_snapshot RESTART IDENTITY CASCADE"))
    for table in ("audit", "fase_overgang", "document"):
        with pytest.raises(DBAPIError, match="append-only"), owner.begin() as conn:
            conn.execute(text(f"TRUNCATE {table} CASCADE"))
    role = f"pb_app_{uuid.uuid4().hex[:8]}"
    create_app_role(owner, role)
    app = make_engine(make_url(postgres_url).set(username=role).render_as_string(False))
    try:
        reference = _history(app, playbook)  # the app works as the restricted role
        with Session(app) as s:
            assert verify(s)[1] == []
        for statement in ("UPDATE audit SET actor = 'x'", "DELETE FROM fase_overgang",
                          "TRUNCATE audit", "UPDATE document SET actor = 'x'"):
            with pytest.raises(DBAPIError, match=r"permission denied|append-only"), app.begin() as conn:
                conn.execute(text(statement))
        assert reference
    finally:
        app.dispose()
        with owner.begin() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))
        owner.dispose()


def test_an_update_is_refused_and_a_forged_redaction_is_found(engine: Engine,
                                                              playbook: Playbook) -> None:
    from playbook.cases.audit import field_digest

    reference = _history(engine, playbook)
    target = _ids(engine)[-1]
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(f"UPDATE audit SET reason = 'vervalst' WHERE id = {target}"))
    # Shaped like a retention redaction (allowed by the trigger), but the value is refilled.
    with Session(engine) as s:
        original = s.get(AuditEvent, target).reason  # type: ignore[union-attr]
    digest = field_digest(original)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit SET reason = 'vervalst', redacted = :r WHERE id = :id"),
                     {"r": f'{{"reason": "{digest}"}}', "id": target})
    result = _verifieer(engine)
    assert result.returncode == 1
    assert f"zaak {reference}: eerste gebroken rij is audit-id {target}" in result.stderr
    assert "verwijderd veld opnieuw gevuld (reason)" in result.stderr
