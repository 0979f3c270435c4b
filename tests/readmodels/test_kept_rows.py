"""A case's rows kept per version across transactions (cases/kept_versions.py) never show an
officer anything but what the database holds: another worker's change, a rolled-back action
and a retention run are all seen by the next action of this process."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from playbook.cases import kept_versions, service
from playbook.cases.overview import overview
from playbook.cases.readmodel import rebuild_all
from playbook.cases.repository import get_case, snapshot_of
from playbook.definition.enums import StepStatus
from playbook.definition.models import Playbook
from playbook.retention.policy import RetentionPolicy
from playbook.retention.service import apply
from playbook.storage.tables import AuditEvent, Case
from playbook.storage.tables_readmodels import SearchTerm, WorkItem
from tests.conftest import local
from tests.integration.helpers import create
from tests.readmodels.test_summary import assert_current

T0 = local("2026-03-07 02:40")


@contextmanager
def another_worker() -> Iterator[None]:
    """What happens inside is done by another process: this one keeps what it had before."""
    before = dict(kept_versions._KEPT)
    try:
        yield
    finally:
        kept_versions._KEPT.clear()
        kept_versions._KEPT.update(before)


def open_steps(engine: Engine, reference: str) -> list[str]:
    with Session(engine) as s:
        return [i.step.id for i in overview(s, get_case(s, reference), T0).blockers]


def done(uow, reference: str, step_id: str, at=T0) -> None:  # type: ignore[no-untyped-def]
    with uow() as s:
        service.set_step(session=s, reference=reference, step_id=step_id,
                         status=StepStatus.done, actor="oov", now=at)


def test_a_change_by_another_worker_is_seen(engine: Engine, uow, playbook: Playbook) -> None:  # type: ignore[no-untyped-def]
    with uow() as s:
        ref = create(s, playbook, T0).reference
    first, second, *_ = open_steps(engine, ref)  # read: this process keeps the case's rows
    assert kept_versions._KEPT, "the case's rows are kept after reading it"
    with another_worker():
        done(uow, ref, first)
    # This process still has the rows of the version before; it reads the new version.
    assert first not in open_steps(engine, ref)
    done(uow, ref, second, T0 + timedelta(minutes=1))
    remaining = open_steps(engine, ref)
    assert first not in remaining and second not in remaining
    assert_current(engine, ref)


def test_a_rolled_back_action_leaves_nothing_kept(engine: Engine, uow, playbook: Playbook) -> None:  # type: ignore[no-untyped-def]
    with uow() as s:
        ref = create(s, playbook, T0).reference
    first = open_steps(engine, ref)[0]
    with pytest.raises(RuntimeError), uow() as s:
        service.set_step(session=s, reference=ref, step_id=first, status=StepStatus.done,
                         actor="oov", now=T0)
        s.flush()
        raise RuntimeError("the request failed after the change")
    assert first in open_steps(engine, ref)  # not done: the change was rolled back
    done(uow, ref, first)  # and it can be done now, once
    assert first not in open_steps(engine, ref)
    assert_current(engine, ref)


def test_retention_makes_a_new_version(engine: Engine, uow, playbook: Playbook) -> None:  # type: ignore[no-untyped-def]
    """A pseudonymised name never comes back from rows kept before the run: a later refresh
    of the case's search keys (`playbook zaken herbereken`) finds the new version."""
    with uow() as s:
        ref = create(s, playbook, T0).reference
    with uow() as s:
        row = get_case(s, ref)
        row.phase, row.closed_at = "gesloten", T0
        version = row.version + 1
    open_steps(engine, ref)  # this process keeps the case's rows, with the resident's name
    with another_worker(), uow() as s:
        report = apply(session=s, now=T0 + timedelta(days=6 * 365), actor="beheer",
                       policy=RetentionPolicy(persons_years=5))
    assert [c.reference for c in report.cases] == [ref]
    with uow() as s:
        rebuild_all(s, T0 + timedelta(days=6 * 365))
    with Session(engine) as s:
        assert s.exec(select(Case.version).where(Case.reference == ref)).one() > version
        terms = set(s.exec(select(SearchTerm.term)))
    assert "de boer" not in terms and "mevrouw a. de boer" not in terms


def test_open_work_rewritten_without_a_new_version_is_read_again(
    engine: Engine, uow, playbook: Playbook
) -> None:  # type: ignore[no-untyped-def]
    """`playbook zaken herbereken` rewrites a case's open work (`werk`) without a new version
    of the case, e.g. after a playbook fix. A process that kept the case's open work from
    before must read it again, or its next action writes the work list from a wrong picture."""
    with uow() as s:
        ref = create(s, playbook, T0).reference
    first, second, *_ = open_steps(engine, ref)  # kept: the case's rows and its open work
    with another_worker(), uow() as s:  # a rebuild elsewhere that dropped one work item
        case = get_case(s, ref)
        gone = s.exec(select(WorkItem).where(WorkItem.case_id == case.id,
                                             WorkItem.key == f"1:{second}")).one()
        s.delete(gone)
        s.execute(update(Case).where(col(Case.id) == case.id)
                  .values(summary_at=T0 + timedelta(hours=3)))
    done(uow, ref, first, T0 + timedelta(minutes=1))  # the work item of `second` is back
    assert_current(engine, ref)
    with Session(engine) as s:
        keys = set(s.exec(select(WorkItem.key).where(WorkItem.case_id == get_case(s, ref).id)))
    assert f"1:{second}" in keys and f"1:{first}" not in keys


@pytest.mark.parametrize("kept", [True, False], ids=["rijen-bewaard", "rijen-gelezen"])
def test_a_step_change_records_the_status_it_had(
    engine: Engine, uow, playbook: Playbook, kept: bool
) -> None:  # type: ignore[no-untyped-def]
    """The audit row of a step change names the status before, whether the step rows came from
    the kept rows (the usual path) or had to be read (no snapshot read in the transaction)."""
    with uow() as s:
        ref = create(s, playbook, T0).reference
    first = open_steps(engine, ref)[0]
    done(uow, ref, first)
    kept_versions.forget_committed()
    with uow() as s:
        case = get_case(s, ref)
        if kept:
            snapshot_of(s, case)
        phase = playbook.step(first)[0].id  # type: ignore[index]
        service.apply_steps(s, case, phase, [first], StepStatus.skipped, "Toch niet nodig",
                            "oov", T0 + timedelta(minutes=5))
    with Session(engine) as s:
        last = s.exec(select(AuditEvent).where(AuditEvent.action == "stap-gewijzigd")
                      .order_by(col(AuditEvent.id).desc())).first()
    assert last is not None and (last.subject, last.old, last.new) == (
        first, StepStatus.done.value, StepStatus.skipped.value)
    assert_current(engine, ref)


def test_a_step_row_read_earlier_in_the_transaction_shows_the_later_change(
        engine: Engine, uow, playbook: Playbook) -> None:  # type: ignore[no-untyped-def]
    """A step changed twice in one transaction, first without kept rows (its row read as an
    object, and held), then with them (one plain UPDATE): the held object says what the row
    says, and the audit trail has both changes with the right old status."""
    from playbook.cases.steps import apply_steps
    from playbook.storage.tables import StepState

    with uow() as s:
        ref = create(s, playbook, T0).reference
    step = open_steps(engine, ref)[0]
    kept_versions.forget_committed()
    with uow() as s:
        case = get_case(s, ref)
        apply_steps(s, case, case.phase, [step], StepStatus.done, None, "oov", T0)
        row = s.exec(select(StepState).where(StepState.case_id == case.id,
                                             StepState.step_id == step)).one()  # held
        snapshot_of(s, case)  # now the rows are kept: the next change is a plain UPDATE
        apply_steps(s, case, case.phase, [step], StepStatus.skipped, "later", "oov", T0)
        assert (row.status, row.reason) == ("overgeslagen", "later")
    with Session(engine) as s:
        trail = s.exec(select(AuditEvent.old, AuditEvent.new).where(
            AuditEvent.subject == step).order_by(col(AuditEvent.id))).all()
    assert trail == [("open", "afgerond"), ("afgerond", "overgeslagen")]
