"""Daily jobs (reminders). The reminders issue registers its work with `reminder`; until then
the job runs, does nothing, and finishes as `klaar`. Start it from cron with
`playbook taak dagelijks` or keep `playbook taak planner` running: both are idempotent per day."""

import logging
import threading
from collections.abc import Callable
from datetime import date, datetime, time

from sqlalchemy import Engine
from sqlmodel import Session, select

from playbook.config import USER_TZ, get_settings
from playbook.errors import Conflict
from playbook.jobs import service
from playbook.jobs.models import Task, TaskKind
from playbook.storage.db import unit_of_work

log = logging.getLogger("playbook.jobs")
SYSTEM = "systeem"
Hook = Callable[[Engine, datetime], None]
HOOKS: list[Hook] = []


def reminder(hook: Hook) -> Hook:
    """Register a daily reminder (it gets the engine and the run's time; it opens its own
    transactions and must be safe to run twice on one day)."""
    HOOKS.append(hook)
    return hook


def day_key(day: date) -> str:
    return f"{TaskKind.daily_reminders.value}-{day.isoformat()}"


def plan_daily(engine: Engine, now: datetime) -> Task | None:
    """Record today's job unless some planner already did; returns the new job or None."""
    key = day_key(now.astimezone(USER_TZ).date())
    try:
        with unit_of_work(engine) as session:
            if session.exec(select(Task.id).where(Task.dedupe_key == key)).first():
                return None
            return service.create_task(session, kind=TaskKind.daily_reminders, actor=SYSTEM,
                                       now=now, total=len(HOOKS), dedupe_key=key)
    except Conflict:
        return None  # another planner won the race on the unique key


def run_daily(engine: Engine, task_id: int) -> None:
    with unit_of_work(engine) as session:
        task = service.get_task(session, task_id, lock=True)
        if not HOOKS:
            service.finish_empty(session, task, service.clock())
            return
        service.start(session, task, service.clock())
        handled = set((task.failures or {}).keys())
    for index, hook in enumerate(HOOKS):
        if str(index) in handled:
            continue
        try:
            hook(engine, service.clock())
        except Exception as exc:
            with unit_of_work(engine) as session:
                task = service.get_task(session, task_id, lock=True)
                service.item_failed(session, task, index, f"Herinnering {index + 1} is niet "
                                    f"verstuurd: onverwachte fout ({type(exc).__name__}).",
                                    service.clock())
            continue
        with unit_of_work(engine) as session:
            service.item_done(session, service.get_task(session, task_id, lock=True),
                              service.clock())


def due(now: datetime) -> bool:
    hour, minute = map(int, get_settings().daily_jobs_at.split(":"))
    return now.astimezone(USER_TZ).time() >= time(hour, minute)


def run_once(engine: Engine, now: datetime) -> Task | None:
    """What cron calls: plan and dispatch today's job if it is due and not yet planned."""
    from playbook.jobs.queue import dispatch

    if not due(now):
        return None
    task = plan_daily(engine, now)
    if task is not None:
        for future in dispatch(engine, task):
            future.result()
    return task


def planner(engine: Engine, stop: threading.Event, every: float = 30.0) -> None:
    """Keep checking whether today's daily job is due (catches up after a restart)."""
    while not stop.is_set():
        task = run_once(engine, service.clock())
        if task is not None:
            log.info("dagelijkse taak gestart", extra={"taak": task.id})
        stop.wait(every)


def latest(session: Session) -> Task | None:
    return session.exec(select(Task).where(Task.kind == TaskKind.daily_reminders.value)
                        .order_by(Task.id.desc())).first()  # type: ignore[union-attr]


from playbook.reminders import scheduled  # noqa: E402,F401 - registers the daily reminders
