"""Bulk resident letters as a job: the contexts are fixed when the job is requested, each item
is rendered without a lock and stored in its own short transaction under a job key."""

import logging
import time
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from playbook.cases.repository import get_case
from playbook.errors import Conflict, InvalidInput, PlaybookError
from playbook.jobs import service
from playbook.jobs.models import FINISHED, Task, TaskKind
from playbook.letters import bulk
from playbook.letters.contexts import ResidentLetter
from playbook.storage.db import unit_of_work
from playbook.storage.tables import Case, Document

log = logging.getLogger("playbook.jobs")
MAX_ADDRESS = 200
ATTEMPTS = 3  # a busy database is tried again before the item counts as failed


def check_addresses(addresses: list[str] | None) -> list[str] | None:
    if not addresses:
        return None
    cleaned = [a.strip() for a in addresses]
    problems = [f"adres {n}: leeg, te lang (meer dan {MAX_ADDRESS} tekens) of met stuurtekens"
                for n, a in enumerate(cleaned, 1)
                if not a or len(a) > MAX_ADDRESS or any(ord(ch) < 32 for ch in a)]
    if problems:
        raise InvalidInput(problems)
    return cleaned


def request_resident_letters(*, session: Session, reference: str, actor: str, now: datetime,
                             addresses: list[str] | None = None,
                             meeting: str | None = None) -> Task:
    """Record the job with the letters' contexts as they are now; dispatch after commit."""
    case = get_case(session, reference)
    addresses = check_addresses(addresses)
    bases = bulk.base_contexts(session, case, now, meeting)
    params = {"contexts": bulk.to_params(bases), "addresses": addresses}
    return service.create_task(session, kind=TaskKind.resident_letters, actor=actor, now=now,
                               total=len(bulk.resident_items(addresses, langs=list(bases))),
                               case=case,
                               params=params)


def job_key(task_id: int, index: int) -> str:
    return f"taak-{task_id}-{index}"


def _pending(engine: Engine, task_id: int, start: int, stop: int
             ) -> tuple[Task, list[bulk.LetterItem]]:
    """One short read per message: the job's input and which of its items still need doing."""
    with Session(engine) as session:
        task = service.get_task(session, task_id)
        params = task.params or {}
        items = bulk.resident_items(params.get("addresses"),
                                    langs=list(params.get("contexts", {})))[start:stop]
        if task.status in FINISHED:
            return task, []
        keys = [job_key(task_id, i.index) for i in items]
        stored = set(session.exec(select(Document.job_key).where(col(Document.job_key).in_(keys))))
        failed = set((task.failures or {}).keys())
        return task, [i for i, k in zip(items, keys, strict=True)
                      if k not in stored and str(i.index) not in failed]


def run_items(engine: Engine, task_id: int, start: int, stop: int) -> None:
    """Make items start..stop-1 of a letters job: render each without a lock, then store them
    in one short write. Safe to run again: stored items are skipped."""
    task, items = _pending(engine, task_id, start, stop)
    contexts = (task.params or {}).get("contexts", {})
    bases: dict[str, ResidentLetter] = {}
    rendered = []
    started = time.perf_counter()
    for item in items:
        try:
            if item.lang not in bases:  # per language: one bad context fails only its letters
                bases.update(bulk.from_params({item.lang: contexts[item.lang]}))
            rendered.append((item, bulk.render_resident(bulk.context_for(bases, item), item)))
        except Exception as exc:
            _fail(engine, task_id, item, exc)
    if not rendered:
        return
    render_ms = (time.perf_counter() - started) * 1000
    try:
        _store(engine, task, rendered)
        log.info("brieven gemaakt", extra={
            "taak": task_id, "aantal": len(rendered), "render_ms": round(render_ms),
            "opslaan_ms": round((time.perf_counter() - started) * 1000 - render_ms)})
    except Exception:
        for one in rendered:
            try:
                _store(engine, task, [one])
            except Exception as exc:
                _fail(engine, task_id, one[0], exc)


def _store(engine: Engine, task: Task, rendered: list[tuple[bulk.LetterItem, bytes]]) -> None:
    """Documents, audit, step event and progress in one transaction; a busy database is tried
    again a few times before the error goes up."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with unit_of_work(engine) as session:
                locked = service.get_task(session, task.id, lock=True)  # type: ignore[arg-type]
                case = session.get(Case, task.case_id)
                assert case is not None
                step, first = bulk.producing_step(session, case), True
                for item, content in rendered:
                    key = job_key(task.id, item.index)  # type: ignore[arg-type]
                    if bulk.already_stored(session, key):
                        continue  # another worker stored it while we rendered
                    now = service.clock()
                    # Facts cannot change inside this transaction: one step lookup, one event.
                    bulk.store_resident(session, case, item, content, task.requested_by, now,
                                        job_key=key, step=step, emit_event=first)
                    service.item_done(session, locked, now)
                    first = False
            return
        except (Conflict, OperationalError, IntegrityError):
            if attempt == ATTEMPTS:
                raise
            time.sleep(0.2 * attempt)


def describe(item: bulk.LetterItem, total: int, exc: BaseException) -> str:
    """A failure in Dutch: which letter, and what to do."""
    if isinstance(exc, PlaybookError):
        why = exc.message
    elif isinstance(exc, ValidationError):
        fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        why = f"de gegevens voor de brief zijn onvolledig of ongeldig ({', '.join(fields)})"
    elif isinstance(exc, (OperationalError, IntegrityError, Conflict)):
        why = "de database was steeds bezet; start de taak opnieuw met 'playbook taak hervat'"
    else:
        why = f"onverwachte fout bij het maken van de PDF ({type(exc).__name__})"
    return f"Brief {item.index + 1} van {total} voor {item.label()} is niet gemaakt: {why}."


def _fail(engine: Engine, task_id: int, item: bulk.LetterItem, exc: BaseException) -> None:
    log.warning("taakonderdeel mislukt", extra={"taak": task_id, "onderdeel": item.index,
                                                "fout": type(exc).__name__})
    with unit_of_work(engine) as session:
        task = service.get_task(session, task_id, lock=True)
        service.item_failed(session, task, item.index, describe(item, task.total, exc),
                            service.clock())
