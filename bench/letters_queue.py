"""Benchmark: resident letters through the job queue (Redis + 2 worker processes) versus serial.

For each database (SQLite file, PostgreSQL schema) the same case (fixed clock) is made in a
fresh database per path and round, so every path starts from the same case state:

- serial: `resident_letters(...)` in one unit of work, as `playbook brief` does without
  `--achtergrond` (contexts, then render, then store, in one process);
- job path, one process: the queue's job function `run_items` over every item in this process,
  no queue (the per-letter cost of the job path: own short transactions, skip check, progress);
- queue: `playbook taak worker --processen N --threads 1` (real processes, warmed up on a small
  job first), the job requested and dispatched to Redis, timed until the `taak` row is finished.

Serial and queue run `--rounds` times in alternation; the ratio is that of the median rates.
Every queue PDF must be byte-identical to the serial PDF of the same scope (sha256).

    python bench/letters_queue.py [--letters 300] [--workers 2] [--chunk 5] [--db both]
        [--rounds 3] [--profile] [--json out.json]
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import redis
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from playbook.cases import service
from playbook.cases.intake import parse_intake
from playbook.cases.repository import get_case
from playbook.config import USER_TZ, get_settings
from playbook.definition.loader import load_from_settings
from playbook.jobs.letters import request_resident_letters, run_items
from playbook.jobs.service import read_view
from playbook.letters.service import resident_letters
from playbook.storage.db import make_engine, unit_of_work
from playbook.storage.migrate import upgrade
from playbook.storage.tables import Document

ACTOR = "bench.oov"
NOW = datetime(2025, 3, 7, 9, 0, tzinfo=USER_TZ)
INTAKE = {"street": "Havenstraat", "house_number": "14", "house_suffix": "2", "postcode": "9999 AB",
          "city": "Rivierstad", "object_type": "woning", "incident_kind": "aanslag",
          "occurred_at": "2025-03-07 02:40", "persons": [{"name": "Doelwit", "role": "doelwit"}]}
WARMUP = dict(INTAKE, street="Kade", house_number="3", house_suffix=None)
PG = os.environ.get("PLAYBOOK_BENCH_POSTGRES_URL",
                    "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("PLAYBOOK_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
# One namespace per run of this script: the sending broker is built once per process.
NAMESPACE = f"pb-bench-{uuid.uuid4().hex[:8]}"


@contextmanager
def database(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="pb-bench-q-") as tmp:
            url = f"sqlite:///{tmp}/bench.db"
            upgrade(url)
            yield url
        return
    schema = f"pb_benchq_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        url = f"{PG}{'&' if '?' in PG else '?'}options=-csearch_path%3D{schema}"
        upgrade(url)
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def create_case(engine: Engine, intake: dict[str, Any] = INTAKE) -> str:
    with unit_of_work(engine) as session:
        case, _ = service.create_case(session=session, intake=parse_intake(intake, NOW),
                                      playbook=load_from_settings(), actor=ACTOR, now=NOW)
        return case.reference


def addresses(letters: int) -> list[str]:
    return [f"Havenstraat {n}" for n in range(1, letters // 2 + 1)]  # nl + en per address


def by_scope(engine: Engine, reference: str) -> dict[str, str]:
    with Session(engine) as session:
        case = get_case(session, reference)
        rows = session.exec(select(Document.scope, Document.sha256).where(
            Document.case_id == case.id, Document.kind == "bewonersbrief")).all()
    return dict(rows)


def group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) of every live process in a process group."""
    total = 0
    for entry in Path("/proc").iterdir():
        try:
            with (entry / "stat").open(encoding="ascii") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid:  # fields after the command: state ppid pgrp ...
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def serial(url: str, addrs: list[str]) -> tuple[float, float, dict[str, str]]:
    engine = make_engine(url)
    reference = create_case(engine)
    started, cpu = time.perf_counter(), time.process_time()
    with unit_of_work(engine) as session:
        resident_letters(session, get_case(session, reference), ACTOR, NOW, addresses=addrs)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    result = by_scope(engine, reference)
    engine.dispose()
    return seconds, cpu, result


def request(engine: Engine, reference: str, addrs: list[str]) -> Any:
    with unit_of_work(engine) as session:
        return request_resident_letters(session=session, reference=reference, actor=ACTOR,
                                        now=NOW, addresses=addrs)


def job_in_process(url: str, addrs: list[str], profile: bool) -> tuple[float, str | None]:
    engine = make_engine(url)
    reference = create_case(engine)
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    task = request(engine, reference, addrs)
    if profiler:
        profiler.enable()
    run_items(engine, task.id, 0, task.total)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    assert read_view(engine, task.id).status == "klaar"
    engine.dispose()
    report = None
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(22)
        report = out.getvalue()
    return seconds, report


def queue(url: str, addrs: list[str], workers: int, chunk: int
          ) -> tuple[float, float, dict[str, str]]:
    namespace = NAMESPACE
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYBOOK_")}
    env.update(PLAYBOOK_DATABASE_URL=url, PLAYBOOK_BROKER_URL=REDIS,
               PLAYBOOK_BROKER_NAMESPACE=namespace, PLAYBOOK_JOB_CHUNK_SIZE=str(chunk))
    os.environ.update({k: v for k, v in env.items() if k.startswith("PLAYBOOK_")})
    get_settings.cache_clear()
    from playbook.jobs.queue import dispatch

    engine = make_engine(url)
    reference = create_case(engine)
    warm_ref = create_case(engine, WARMUP)
    proc = subprocess.Popen([sys.executable, "-m", "playbook.cli.main", "taak", "worker",
                             "--processen", str(workers), "--threads", "1"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        warm = request(engine, warm_ref, [f"Kade {n}" for n in range(1, 2 * workers * chunk)])
        dispatch(engine, warm)
        wait(engine, warm.id)
        started, cpu = time.perf_counter(), group_cpu(proc.pid) + time.process_time()
        task = request(engine, reference, addrs)
        dispatch(engine, task)
        view = wait(engine, task.id)
        seconds = time.perf_counter() - started
        cpu = group_cpu(proc.pid) + time.process_time() - cpu
        assert view.status == "klaar", view
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(60)
        client = redis.Redis.from_url(REDIS)
        keys = list(client.scan_iter(f"{namespace}:*"))
        if keys:
            client.delete(*keys)
    result = by_scope(engine, reference)
    with Session(engine) as session:
        keyed = session.exec(select(Document.id).where(
            col(Document.job_key).startswith(f"taak-{task.id}-"))).all()
    assert len(keyed) == len(result), "documents without their job key"
    engine.dispose()
    return seconds, cpu, result


def wait(engine: Engine, task_id: int, timeout: float = 900) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        view = read_view(engine, task_id)
        if view.finished:
            return view
        time.sleep(0.25)  # a user's progress bar polls about this often
    raise TimeoutError(f"taak {task_id} niet klaar")


def run(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    """Serial and queue in alternation, `--rounds` times, each in a fresh database: the CPU a
    letter costs on this machine moves by 10-20% from one minute to the next (99-120 ms in one
    quarter of an hour), so one serial run against one queue run can miss by that much either
    way. The ratio reported is that of the median rates."""
    addrs = addresses(args.letters)
    n = 2 * len(addrs)
    with database(kind) as url:
        job_s, profile = job_in_process(url, addrs, args.profile)
    rounds: list[dict[str, Any]] = []
    differ: set[str] = set()
    complete = True
    for number in range(1, args.rounds + 1):
        with database(kind) as url:
            serial_s, serial_cpu, serial_pdfs = serial(url, addrs)
        with database(kind) as url:
            queue_s, queue_cpu, queue_pdfs = queue(url, addrs, args.workers, args.chunk)
        differ |= {s for s in serial_pdfs if serial_pdfs[s] != queue_pdfs.get(s)}
        complete = complete and len(queue_pdfs) == n
        rounds.append({"serial_per_second": n / serial_s, "queue_per_second": n / queue_s,
                       "ratio": serial_s / queue_s,
                       "cpu_ms_per_letter": {"serial": 1000 * serial_cpu / n,
                                             "queue_workers_and_parent": 1000 * queue_cpu / n},
                       "queue_cpu_cores_used": queue_cpu / queue_s})
        print(f"{kind} round {number}: serial {n / serial_s:6.2f}/s ({1000 * serial_cpu / n:.0f} "
              f"ms CPU/letter)  queue {args.workers} workers {n / queue_s:6.2f}/s "
              f"({1000 * queue_cpu / n:.0f} ms CPU/letter, {queue_cpu / queue_s:.2f} cores)  "
              f"ratio {serial_s / queue_s:.2f}x", flush=True)
    serial_rate = statistics.median(r["serial_per_second"] for r in rounds)
    queue_rate = statistics.median(r["queue_per_second"] for r in rounds)
    result = {"db": kind, "letters": n, "rounds": rounds,
              "letters_per_second": {"serial": serial_rate, "job_one_process": n / job_s,
                                     "queue": queue_rate},
              "speedup_queue_over_serial": queue_rate / serial_rate,
              "speedup_queue_over_job_one_process": queue_rate / (n / job_s),
              "identical_pdfs": not differ and complete, "differing_scopes": sorted(differ),
              "loadavg_1m_at_end": round(os.getloadavg()[0], 2)}
    print(f"{kind}: {n} letters, medians of {args.rounds} rounds: serial {serial_rate:6.2f}/s  "
          f"job 1 process {n / job_s:6.2f}/s  queue {queue_rate:6.2f}/s  "
          f"ratio {queue_rate / serial_rate:.2f}x  identical {result['identical_pdfs']}  "
          f"load {result['loadavg_1m_at_end']}")
    if profile:
        print(profile)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=5, help="letters per queue message")
    parser.add_argument("--rounds", type=int, default=3, help="serial and queue, in alternation")
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--profile", action="store_true", help="cProfile the one-process job path")
    parser.add_argument("--json")
    args = parser.parse_args()
    print(f"nproc {os.cpu_count()}, load at start {os.getloadavg()[0]:.2f}")
    kinds = ("sqlite", "postgres") if args.db == "both" else (args.db,)
    results = [run(kind, args) for kind in kinds]
    if args.json:
        with Path(args.json).open("w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=2)
    failed = [r["db"] for r in results if not r["identical_pdfs"]]
    for kind in failed:
        print(f"FAIL: {kind}: queue PDFs differ from the serial ones", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
