"""Job rows: create, read, and record progress. Every write is its own short transaction with
the task row locked (FOR UPDATE on PostgreSQL; SQLite's write lock does the same)."""

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine
from sqlmodel import Session

from playbook.cases.audit import record
from playbook.errors import NotFound
from playbook.jobs.models import FINISHED, Task, TaskKind, TaskStatus
from playbook.storage.tables import Case

KIND_LABELS = {TaskKind.resident_letters: "bewonersbrieven maken",
               TaskKind.daily_reminders: "dagelijkse herinneringen"}
MAX_ERROR_LINES = 5
GAVE_UP = ("De taak kon niet worden afgemaakt: een onderdeel faalde steeds opnieuw. Wat al klaar "
           "was, is bewaard; maak de rest met 'playbook taak hervat {id}'.")


def clock() -> datetime:
    return datetime.now(UTC)


class TaskView(BaseModel):
    """What the CLI, the JSON endpoint and the status fragment show."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    kind: str
    label: str
    case: str | None
    requested_by: str
    status: str
    done: int
    failed: int
    total: int
    percent: int
    finished: bool
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


def view(session: Session, task: Task) -> TaskView:
    case = session.get(Case, task.case_id) if task.case_id else None
    handled = task.done + task.failed
    return TaskView(
        id=task.id, kind=task.kind,
        label=KIND_LABELS.get(TaskKind(task.kind), task.kind),
        case=case.reference if case else None, requested_by=task.requested_by,
        status=task.status, done=task.done, failed=task.failed, total=task.total,
        percent=100 if task.total == 0 and task.status in FINISHED
        else (100 * handled // task.total if task.total else 0),
        finished=task.status in FINISHED, error=task.error, created_at=task.created_at,
        started_at=task.started_at, finished_at=task.finished_at)


def get_task(session: Session, task_id: int, *, lock: bool = False) -> Task:
    task = session.get(Task, task_id, with_for_update=lock)
    if task is None:
        raise NotFound(f"Taak {task_id} bestaat niet.")
    return task


def create_task(session: Session, *, kind: TaskKind, actor: str, now: datetime, total: int,
                case: Case | None = None, params: dict[str, Any] | None = None,
                dedupe_key: str | None = None) -> Task:
    task = Task(kind=kind.value, case_id=case.id if case else None,
                municipality_code=case.municipality_code if case else None, requested_by=actor,
                total=total, params=params, failures={}, dedupe_key=dedupe_key, created_at=now)
    session.add(task)
    session.flush()
    record(session, case, actor=actor, action="taak-aangemaakt", at=now, subject=kind.value,
           new=f"taak {task.id}: {KIND_LABELS[kind]} ({total} onderdelen)",
           details={"taak": task.id, "soort": kind.value, "aantal": total})
    return task


def start(session: Session, task: Task, now: datetime) -> None:
    if task.status == TaskStatus.waiting:
        task.status, task.started_at = TaskStatus.running.value, now


def item_done(session: Session, task: Task, now: datetime) -> None:
    """Called in the transaction that stored the item, so progress and document agree."""
    start(session, task, now)
    task.done += 1
    _finish_if_complete(session, task, now)


def item_failed(session: Session, task: Task, index: int, message: str, now: datetime) -> None:
    failures = dict(task.failures or {})
    if str(index) in failures:
        return  # delivered again after a crash: already counted
    start(session, task, now)
    failures[str(index)] = message
    task.failures, task.failed = failures, len(failures)
    shown = [failures[k] for k in sorted(failures, key=int)[:MAX_ERROR_LINES]]
    more = len(failures) - len(shown)
    task.error = "\n".join(shown + ([f"en nog {more} onderdelen mislukt"] if more else []))
    _finish_if_complete(session, task, now)


def finish_empty(session: Session, task: Task, now: datetime) -> None:
    start(session, task, now)
    _finish_if_complete(session, task, now)


def _finish_if_complete(session: Session, task: Task, now: datetime) -> None:
    if task.done + task.failed < task.total or task.status in FINISHED:
        return
    task.status = (TaskStatus.failed if task.failed else TaskStatus.done).value
    task.finished_at = now
    case = session.get(Case, task.case_id) if task.case_id else None
    outcome = (f"{task.done} van {task.total} gelukt, {task.failed} mislukt" if task.failed
               else f"{task.done} van {task.total} gelukt")
    record(session, case, actor=task.requested_by, action=f"taak-{task.status}", at=now,
           subject=task.kind, new=f"taak {task.id}: {outcome}",
           details={"taak": task.id, "gelukt": task.done, "mislukt": task.failed})


def mark_failed_by_id(engine: Engine, task_id: int) -> None:
    """The queue gave up on a message (or a pool thread died): the job ends as failed."""
    from playbook.storage.db import unit_of_work

    with unit_of_work(engine) as session:
        task = get_task(session, task_id, lock=True)
        if task.status in FINISHED:
            return
        task.error = GAVE_UP.format(id=task_id)
        task.failed = max(task.failed, task.total - task.done)
        start(session, task, clock())
        _finish_if_complete(session, task, clock())


def reopen(session: Session, task: Task, actor: str, now: datetime) -> None:
    """`hervat`: try the items that are not stored yet again (stored ones are skipped)."""
    task.status, task.finished_at, task.failures, task.failed, task.error = (
        TaskStatus.running.value if task.started_at else TaskStatus.waiting.value, None, {}, 0,
        None)
    case = session.get(Case, task.case_id) if task.case_id else None
    record(session, case, actor=actor, action="taak-hervat", at=now, subject=task.kind,
           new=f"taak {task.id}: {task.done} van {task.total} al klaar", details={"taak": task.id})


def read_view(engine: Engine, task_id: int) -> TaskView:
    with Session(engine) as session:
        return view(session, get_task(session, task_id))
