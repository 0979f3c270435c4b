"""Send a recorded job to its workers: the Redis queue when PLAYBOOK_BROKER_URL is set, else
an in-process thread pool running the same job functions."""

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache

from sqlalchemy import Engine

from playbook.config import get_settings
from playbook.errors import PlaybookError
from playbook.jobs.models import Task, TaskKind

log = logging.getLogger("playbook.jobs")


class QueueDown(PlaybookError):
    status_code = 503

    def __init__(self, task_id: int):
        super().__init__(f"De wachtrij (Redis) is niet bereikbaar. Taak {task_id} is vastgelegd "
                         f"maar nog niet gestart; start hem met 'playbook taak hervat {task_id}' "
                         "zodra de wachtrij weer werkt.")


def chunks(total: int, size: int) -> list[tuple[int, int]]:
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def messages(task: Task) -> list[tuple[int, ...]]:
    """The arguments of each queue message for this job."""
    if task.kind == TaskKind.resident_letters:
        size = get_settings().job_chunk_size
        return [(task.id, a, b) for a, b in chunks(task.total, size)]  # type: ignore[misc]
    return [(task.id,)]  # type: ignore[list-item]


def run(engine: Engine, kind: str, args: tuple[int, ...]) -> None:
    """Run one message's work in this process (workers and the embedded pool alike)."""
    if kind == TaskKind.resident_letters:
        from playbook.jobs.letters import run_items

        run_items(engine, *args)
    elif kind == TaskKind.daily_reminders:
        from playbook.jobs.daily import run_daily

        run_daily(engine, *args)
    else:
        raise ValueError(f"unknown job kind {kind!r}")


def dispatch(engine: Engine, task: Task) -> list[Future[None]]:
    """Call after the job's row is committed. Returns the embedded pool's futures (else [])."""
    if get_settings().broker_url:
        import redis

        from playbook.jobs import actors

        actor = actors.ACTORS[TaskKind(task.kind)]
        try:
            for args in messages(task):
                actor.send(*args)
        except redis.RedisError:
            raise QueueDown(task.id) from None  # type: ignore[arg-type]
        return []
    return [pool().submit(_embedded, engine, task.kind, args) for args in messages(task)]


@cache
def pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(get_settings().job_threads, thread_name_prefix="taak")


def _embedded(engine: Engine, kind: str, args: tuple[int, ...]) -> None:
    try:
        run(engine, kind, args)
    except Exception as exc:
        log.error("taak in ingebouwde pool mislukt", extra={"taak": args[0],
                                                            "fout": type(exc).__name__})
        from playbook.jobs.service import mark_failed_by_id

        mark_failed_by_id(engine, args[0])
