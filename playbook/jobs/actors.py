"""The dramatiq side: the Redis broker from the settings and one actor per job kind.

Messages are acknowledged only after the actor returns, so a job on a worker that dies is
delivered again once its heartbeat is older than PLAYBOOK_JOB_HEARTBEAT_SECONDS."""

import logging
from functools import cache
from typing import Any

import dramatiq
from dramatiq.brokers.redis import MAINTENANCE_SCALE, RedisBroker
from sqlalchemy import Engine

from playbook.config import get_settings
from playbook.jobs.models import TaskKind
from playbook.jobs.service import mark_failed_by_id
from playbook.storage.db import engine_for

log = logging.getLogger("playbook.jobs")
QUEUE = "playbook"


class Warmup(dramatiq.Middleware):
    """Each worker thread loads WeasyPrint and the fonts before its first job."""

    def after_worker_thread_boot(self, broker: Any, thread: Any) -> None:
        from playbook.documents.render import html_to_pdf

        html_to_pdf('<html lang="nl"><head><title>.</title></head><body>.</body></html>')


@cache
def broker() -> RedisBroker:
    settings = get_settings()
    result = RedisBroker(
        url=settings.broker_url, namespace=settings.broker_namespace,
        heartbeat_timeout=int(settings.job_heartbeat_seconds * 1000),
        maintenance_chance=max(1, int(settings.job_requeue_check * MAINTENANCE_SCALE)))
    result.add_middleware(Warmup())
    dramatiq.set_broker(result)
    return result


def _engine() -> Engine:
    return engine_for(get_settings().database_url)


def _letters(task_id: int, start: int, stop: int) -> None:
    from playbook.jobs.queue import run

    run(_engine(), TaskKind.resident_letters, (task_id, start, stop))


def _daily(task_id: int) -> None:
    from playbook.jobs.queue import run

    run(_engine(), TaskKind.daily_reminders, (task_id,))


def _exhausted(message: dict[str, Any], retry_info: dict[str, Any]) -> None:
    mark_failed_by_id(_engine(), int(message["args"][0]))


_options: dict[str, Any] = {"broker": broker(), "queue_name": QUEUE, "max_retries": 5,
                            "min_backoff": 1000, "max_backoff": 30000,
                            "time_limit": 30 * 60 * 1000, "on_retry_exhausted": "taak_mislukt"}
# The decorator form: dramatiq's overloads type `actor(fn, **options)` only without options.
exhausted = dramatiq.actor(actor_name="taak_mislukt", broker=broker(),
                           queue_name=QUEUE, max_retries=3)(_exhausted)
ACTORS: dict[TaskKind, dramatiq.Actor[..., None]] = {
    TaskKind.resident_letters: dramatiq.actor(actor_name="bewonersbrieven", **_options)(_letters),
    TaskKind.daily_reminders: dramatiq.actor(actor_name="herinneringen", **_options)(_daily),
}
