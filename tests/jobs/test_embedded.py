"""Without PLAYBOOK_BROKER_URL the same jobs run in an in-process pool; a failing letter gives a
Dutch error on the job and stores nothing half-written; daily jobs run once a day."""

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from playbook.cases.repository import get_case
from playbook.definition.models import Playbook
from playbook.jobs import daily
from playbook.jobs.queue import dispatch
from playbook.jobs.service import get_task, read_view
from playbook.storage.db import unit_of_work
from playbook.storage.tables import AuditEvent, Document
from tests.integration.pdf import pdf_text
from tests.jobs.conftest import job_documents, new_case, request, utcnow, wait_finished


@pytest.fixture
def embedded(settings_env: pytest.MonkeyPatch) -> None:
    settings_env.delenv("PLAYBOOK_BROKER_URL", raising=False)
    settings_env.setenv("PLAYBOOK_JOB_CHUNK_SIZE", "2")


def test_the_in_process_pool_makes_the_letters(
        engine: Engine, playbook: Playbook, embedded: None) -> None:
    reference = new_case(engine, playbook)
    task = request(engine, reference, ["Havenstraat 12", "Havenstraat 16"])
    futures = dispatch(engine, task)
    assert len(futures) == 2  # 4 letters in messages of 2
    for future in futures:
        future.result(timeout=120)
    view = read_view(engine, task.id)  # type: ignore[arg-type]
    assert (view.status, view.done, view.total, view.error) == ("klaar", 4, 4, None)
    documents = job_documents(engine, task.id)  # type: ignore[arg-type]
    assert "Dear residents" in pdf_text(next(d for d in documents if d.scope == "en-2").content) \
        or "Havenstraat 16" in pdf_text(next(d for d in documents if d.scope == "en-2").content)
    # Run again (a restart, or `playbook taak hervat`): nothing is stored twice.
    for future in dispatch(engine, task):
        future.result(timeout=120)
    assert len(job_documents(engine, task.id)) == 4  # type: ignore[arg-type]


def test_a_failing_letter_gives_a_dutch_error_and_no_half_written_document(
        engine: Engine, playbook: Playbook, embedded: None) -> None:
    reference = new_case(engine, playbook)
    task = request(engine, reference, ["Havenstraat 1", "Havenstraat 2"])
    # A job recorded by an older release whose English letter context lacks a field that
    # letters need now: the English letters cannot be made, the Dutch ones can.
    with unit_of_work(engine) as session:
        row = get_task(session, task.id)  # type: ignore[arg-type]
        params = dict(row.params)  # type: ignore[arg-type]
        contexts = dict(params["contexts"])
        contexts["en"] = {k: v for k, v in contexts["en"].items() if k != "contact"}
        row.params = {**params, "contexts": contexts}
    for future in dispatch(engine, task):
        future.result(timeout=120)

    view = wait_finished(engine, task.id)  # type: ignore[arg-type]
    assert (view.status, view.done, view.failed, view.total) == ("mislukt", 2, 2, 4)
    assert view.error is not None
    assert view.error.splitlines()[0] == (
        "Brief 2 van 4 voor Havenstraat 1 (en) is niet gemaakt: de gegevens voor de brief zijn "
        "onvolledig of ongeldig (contact).")
    assert "Brief 4 van 4 voor Havenstraat 2 (en)" in view.error
    assert "Traceback" not in view.error
    documents = job_documents(engine, task.id)  # type: ignore[arg-type]
    assert sorted(d.scope for d in documents) == ["nl-1", "nl-2"]
    with Session(engine) as session:
        case = get_case(session, reference)
        all_docs = session.exec(select(Document).where(Document.case_id == case.id)).all()
        audit = session.exec(select(AuditEvent).where(AuditEvent.case_id == case.id)).all()
    assert len(all_docs) == 2  # nothing half-written for the English letters
    assert [a.action for a in audit].count("document-gemaakt") == 2
    assert audit[-1].action == "taak-mislukt" and "2 mislukt" in (audit[-1].new or "")


def test_the_daily_job_runs_once_a_day_and_its_hooks_run(
        engine: Engine, embedded: None, settings_env: pytest.MonkeyPatch) -> None:
    settings_env.setenv("PLAYBOOK_DAILY_JOBS_AT", "00:00")
    calls = []
    hook = daily.reminder(lambda eng, at: calls.append(at))
    hooks = len(daily.HOOKS)  # this test's hook and the registered ones (the reminders)
    try:
        first = daily.run_once(engine, utcnow())
        again = daily.run_once(engine, utcnow() + timedelta(minutes=1))
    finally:
        daily.HOOKS.remove(hook)
    assert first is not None and again is None
    assert len(calls) == 1
    view = read_view(engine, first.id)  # type: ignore[arg-type]
    assert (view.status, view.done, view.total, view.label) == (
        "klaar", hooks, hooks, "dagelijkse herinneringen")


def test_the_daily_job_without_hooks_is_a_harmless_no_op(engine: Engine, embedded: None) -> None:
    task = daily.plan_daily(engine, utcnow())
    assert task is not None
    daily.run_daily(engine, task.id)  # type: ignore[arg-type]
    assert read_view(engine, task.id).status == "klaar"  # type: ignore[arg-type]
    assert daily.plan_daily(engine, utcnow()) is None


def test_job_letters_belong_to_their_step_and_complete_it_like_serial_letters(
        engine: Engine, playbook: Playbook, embedded: None) -> None:
    from playbook.cases.overview import overview
    from playbook.letters.service import resident_letters

    serial_ref, job_ref = new_case(engine, playbook), new_case(engine, playbook)
    with unit_of_work(engine) as session:
        serial = resident_letters(session, get_case(session, serial_ref), "oov.anna", utcnow(),
                                  addresses=["Havenstraat 1", "Havenstraat 2"])
    task = request(engine, job_ref, ["Havenstraat 1", "Havenstraat 2"])
    for future in dispatch(engine, task):
        future.result(timeout=120)
    documents = job_documents(engine, task.id)  # type: ignore[arg-type]
    assert {d.step_id for d in documents} == {d.step_id for d in serial} != {None}
    with Session(engine) as session:
        def statuses(reference: str) -> dict[str, str]:
            view = overview(session, get_case(session, reference), utcnow(), whole_case=True)
            return {i.step.id: i.status.value for b in view.blocks for i in b.items}

        def completions(reference: str) -> list[str]:
            case = get_case(session, reference)
            return [a.subject or "" for a in session.exec(select(AuditEvent).where(
                AuditEvent.case_id == case.id, AuditEvent.action == "stap-gewijzigd"))]

        assert statuses(job_ref) == statuses(serial_ref)
        assert completions(job_ref).count("bewonersbrief") == 1
        assert completions(serial_ref).count("bewonersbrief") == 1
