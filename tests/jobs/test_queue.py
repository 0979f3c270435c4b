"""Bulk letters through the real Redis queue, with real `playbook taak worker` processes, on
SQLite and PostgreSQL: letters made, progress visible, a SIGKILLed worker's job redone by
another worker with every letter stored exactly once."""

import time
from collections import Counter
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from playbook.cases.repository import get_case
from playbook.definition.models import Playbook
from playbook.jobs.queue import dispatch
from playbook.jobs.service import read_view
from playbook.letters import bulk
from playbook.storage.tables import AuditEvent
from tests.integration.pdf import pdf_text
from tests.jobs.conftest import Workers, job_documents, new_case, request, wait_finished


def test_bulk_letters_are_made_by_worker_processes(
        engine: Engine, playbook: Playbook, queue: dict[str, str], workers: Workers,
        tmp_path: Path) -> None:
    reference = new_case(engine, playbook)
    addresses = [f"Havenstraat {n}" for n in range(1, 7)]
    task = request(engine, reference, addresses)
    assert read_view(engine, task.id).status == "wachtend"  # type: ignore[arg-type]
    workers.start(engine, processes=2, log=tmp_path / "worker.log")
    dispatch(engine, task)

    seen = []
    while not (view := read_view(engine, task.id)).finished:  # type: ignore[arg-type]
        seen.append((view.status, view.done))
        time.sleep(0.02)
    assert (view.status, view.done, view.failed, view.total, view.percent) == \
        ("klaar", 12, 0, 12, 100), (view, (tmp_path / "worker.log").read_text()[-2000:])
    assert any(status == "bezig" and 0 < done < 12 for status, done in seen), seen

    documents = job_documents(engine, task.id)  # type: ignore[arg-type]
    assert sorted(d.scope for d in documents) == sorted(
        f"{lang}-{n}" for n in range(1, 7) for lang in ("nl", "en"))
    letter = next(d for d in documents if d.scope == "nl-3")
    assert "Aan de bewoners van Havenstraat 3" in pdf_text(letter.content)
    # The worker processes made the same bytes this process makes from the job's input.
    with Session(engine) as session:
        from playbook.jobs.service import get_task

        params = get_task(session, task.id).params  # type: ignore[arg-type]
        bases = bulk.from_params(params["contexts"])  # type: ignore[index]
        item = next(i for i in bulk.resident_items(addresses) if i.scope == "en-5")
        here = bulk.render_resident(bulk.context_for(bases, item), item)
        case = get_case(session, reference)
        actions = [a.action for a in session.exec(
            select(AuditEvent).where(AuditEvent.case_id == case.id))]
    assert next(d for d in documents if d.scope == "en-5").content == here
    assert actions.count("document-gemaakt") == 12
    assert actions[-1] == "taak-klaar" and "taak-aangemaakt" in actions


def test_a_killed_worker_s_job_is_redone_and_every_letter_stored_once(
        engine: Engine, playbook: Playbook, queue: dict[str, str], workers: Workers,
        tmp_path: Path) -> None:
    reference = new_case(engine, playbook)
    addresses = [f"Kade {n}" for n in range(1, 7)]
    task = request(engine, reference, addresses)  # 12 letters in 4 messages of 3
    first = workers.start(engine, processes=1, threads=1, log=tmp_path / "first.log")
    dispatch(engine, task)
    deadline = time.monotonic() + 120
    while read_view(engine, task.id).done < 2:  # type: ignore[arg-type]
        assert time.monotonic() < deadline, (tmp_path / "first.log").read_text()[-2000:]
        time.sleep(0.01)
    workers.kill(first)
    at_kill = read_view(engine, task.id)  # type: ignore[arg-type]
    assert 2 <= at_kill.done < 12 and at_kill.status == "bezig"

    workers.start(engine, processes=1, threads=2, log=tmp_path / "second.log")
    view = wait_finished(engine, task.id)  # type: ignore[arg-type]
    assert (view.status, view.done, view.failed) == ("klaar", 12, 0), view

    documents = job_documents(engine, task.id)  # type: ignore[arg-type]
    by_key = Counter(d.job_key for d in documents)
    by_sha = Counter(d.sha256 for d in documents)
    by_scope = Counter(d.scope for d in documents)
    assert len(documents) == 12
    assert set(by_key.values()) == {1} and len(by_key) == 12
    assert set(by_sha.values()) == {1} and len(by_sha) == 12
    assert set(by_scope.values()) == {1}
    assert all(d.version == 1 for d in documents)


def test_a_message_delivered_twice_stores_each_letter_once(
        engine: Engine, playbook: Playbook, queue: dict[str, str], workers: Workers) -> None:
    reference = new_case(engine, playbook)
    task = request(engine, reference, ["Dijk 1", "Dijk 2", "Dijk 3"])
    dispatch(engine, task)
    dispatch(engine, task)  # every message twice, as after a redelivery
    workers.start(engine, processes=2, threads=1)
    view = wait_finished(engine, task.id)  # type: ignore[arg-type]
    assert (view.status, view.done, view.total) == ("klaar", 6, 6)
    documents = job_documents(engine, task.id)  # type: ignore[arg-type]
    assert len(documents) == 6 and len({d.sha256 for d in documents}) == 6


def test_the_daily_job_runs_on_a_worker_once(
        engine: Engine, queue: dict[str, str], workers: Workers) -> None:
    from playbook.jobs import daily
    from tests.jobs.conftest import utcnow

    task = daily.plan_daily(engine, utcnow())
    assert task is not None and daily.plan_daily(engine, utcnow()) is None
    workers.start(engine)
    dispatch(engine, task)
    view = wait_finished(engine, task.id, timeout=60)  # type: ignore[arg-type]
    assert (view.status, view.requested_by, view.error) == ("klaar", "systeem", None)
