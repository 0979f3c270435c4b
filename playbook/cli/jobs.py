"""`playbook taak ...` and `playbook brief ... --achtergrond`: start, follow and run jobs."""

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from playbook.cli.common import _schema_ready, actor, now, out, transaction
from playbook.config import get_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

app = typer.Typer(help="Achtergrondtaken: brieven in bulk en dagelijkse taken.",
                  no_args_is_help=True)
TaskId = Annotated[int, typer.Argument(help="Taaknummer", min=1, max=2**31 - 1)]


def _engine() -> "Engine":
    from playbook.storage.db import default_engine

    _schema_ready(get_settings().database_url)
    return default_engine()


def follow_task(task_id: int, poll: float = 0.5) -> int:
    """A progress bar until the job is finished; exit code 0 when every item succeeded."""
    from playbook.jobs.service import read_view

    engine = _engine()
    view = read_view(engine, task_id)
    shown = 0
    with typer.progressbar(length=max(view.total, 1), label=f"Taak {task_id}: {view.label}",
                           show_pos=True) as bar:
        while True:
            handled = view.done + view.failed
            bar.update(handled - shown)
            shown = handled
            if view.finished:
                break
            time.sleep(poll)
            view = read_view(engine, task_id)
    out(f"Taak {task_id} {view.status}: {view.done} van {view.total} gelukt"
        + (f", {view.failed} mislukt." if view.failed else "."))
    if view.error:
        out(view.error)
    return 0 if view.status == "klaar" else 1


def letters_in_background(reference: str, addresses: list[str] | None, meeting: str | None,
                          folder: Path, user: str | None) -> int:
    from sqlmodel import col, select

    from playbook.jobs.letters import request_resident_letters
    from playbook.jobs.queue import dispatch
    from playbook.storage.db import unit_of_work
    from playbook.storage.tables import Document

    engine = _engine()
    with transaction() as session:
        task = request_resident_letters(session=session, reference=reference, actor=actor(user),
                                        now=now(), addresses=addresses, meeting=meeting)
    where = "de wachtrij" if get_settings().broker_url else "dit proces"
    out(f"Taak {task.id} gestart in {where} ({task.total} brieven). "
        f"Volgen: playbook taak volg {task.id}")
    dispatch(engine, task)
    code = follow_task(task.id)  # type: ignore[arg-type]
    with unit_of_work(engine) as session:
        docs = session.exec(select(Document).where(
            col(Document.job_key).startswith(f"taak-{task.id}-")).order_by(col(Document.id)))
        folder.mkdir(parents=True, exist_ok=True)
        for doc in docs:
            (folder / doc.filename).write_bytes(doc.content)
    out(f"Brieven geschreven naar {folder}/")
    return code


@app.command("volg")
def follow(taak: TaskId) -> None:
    """Toon de voortgang van een taak tot hij klaar is."""
    raise typer.Exit(follow_task(taak))


@app.command("toon")
def show(taak: TaskId) -> None:
    """De stand van een taak: status, voortgang, fouten."""
    from playbook.documents.formatting import short_nl
    from playbook.jobs.service import read_view

    v = read_view(_engine(), taak)
    out(f"Taak {v.id}: {v.label}" + (f" (zaak {v.case})" if v.case else ""))
    out(f"status: {v.status}, {v.done + v.failed} van {v.total} verwerkt ({v.percent}%), "
        f"{v.failed} mislukt")
    out(f"gevraagd door {v.requested_by} op {short_nl(v.created_at)}")
    if v.error:
        out(v.error)


@app.command("hervat")
def resume(taak: TaskId, gebruiker: Annotated[str | None, typer.Option("--gebruiker")] = None,
           volg: Annotated[bool, typer.Option(help="voortgang tonen")] = True) -> None:
    """Maak de onderdelen die nog niet klaar zijn (wat al bewaard is, wordt overgeslagen)."""
    from playbook.jobs.queue import dispatch
    from playbook.jobs.service import get_task, reopen

    engine = _engine()
    with transaction() as session:
        task = get_task(session, taak, lock=True)
        reopen(session, task, actor(gebruiker), now())
    out(f"Taak {taak} hervat: {task.done} van {task.total} waren al klaar.")
    dispatch(engine, task)
    if volg or not get_settings().broker_url:
        raise typer.Exit(follow_task(taak))


@app.command("worker")
def worker(processen: Annotated[int, typer.Option(min=1, max=64)] = 2,
           threads: Annotated[int, typer.Option(min=1, max=64)] = 1) -> None:
    """Start workers op de wachtrij (PLAYBOOK_BROKER_URL); stop met Ctrl-C."""
    from playbook.jobs.worker import run_worker

    _engine()
    raise typer.Exit(run_worker(processen, threads))


@app.command("dagelijks")
def daily() -> None:
    """Start de dagelijkse taken als ze vandaag nog niet liepen (voor cron; veilig herhaalbaar)."""
    from playbook.jobs.daily import due, run_once

    task = run_once(_engine(), now())
    if task is None:
        out("Niets te doen: de dagelijkse taken liepen vandaag al." if due(now()) else
            f"Niets te doen: het is nog geen {get_settings().daily_jobs_at}.")
        return
    out(f"Dagelijkse taak {task.id} gestart.")


@app.command("planner")
def planner(interval: Annotated[float, typer.Option(min=1, help="seconden tussen controles")] = 30
            ) -> None:
    """Blijf draaien en start de dagelijkse taken op PLAYBOOK_DAILY_JOBS_AT (Ctrl-C stopt)."""
    import threading

    from playbook.jobs.daily import planner as loop
    from playbook.logs import configure

    configure()
    stop = threading.Event()
    out(f"Planner draait; dagelijkse taken om {get_settings().daily_jobs_at} (Europe/Amsterdam).")
    try:
        loop(_engine(), stop, interval)
    except KeyboardInterrupt:
        stop.set()
