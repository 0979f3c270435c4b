"""Personalised resident letters for one incident (a portiekflat and its street), serial and
parallel.

Full path = what the product does per letter: build the context from the case, render (Jinja +
WeasyPrint), hash and store the PDF with its audit event in one unit of work. Floor = the same
HTML, pre-rendered, through `html_to_pdf` (WeasyPrint with our stylesheets and fonts); a bare
`weasyprint.HTML(string=html).write_pdf()` is timed for reference. Parallel (spawned, warmed
workers): the floor; the full path with contexts and stores in the parent and rendering in the
workers; and the full path per letter in each worker against the same SQLite file (its unit of
work holds the BEGIN IMMEDIATE write lock while it renders, so these serialise). Every PDF must
be identical bytes whichever path or process produced it.

    python bench/letters.py [--letters 300] [--workers 2] [--api-batch 50] [--json out.json]
"""

import argparse
import json
import multiprocessing
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from importlib.metadata import version
from itertools import count, islice
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import select

from playbook.cases import service
from playbook.cases.intake import parse_intake
from playbook.cases.repository import get_case
from playbook.config import USER_TZ
from playbook.definition.enums import DocumentKind
from playbook.definition.loader import load_from_settings
from playbook.documents.render import LETTERS, html_to_pdf, render_html, render_pdf
from playbook.documents.service import store
from playbook.letters.service import resident_context, resident_letters
from playbook.storage.db import engine_for, make_engine, unit_of_work
from playbook.storage.migrate import upgrade
from playbook.storage.tables import Document

ACTOR = "bench.oov"
NOW = datetime(2025, 3, 7, 9, 0, tzinfo=USER_TZ)
TEMPLATE = "bewonersbrief.nl.html.j2"
INTAKE = {"street": "Havenstraat", "house_number": "14", "house_suffix": "2", "postcode": "9999 AB",
          "city": "Rivierstad", "object_type": "woning", "incident_kind": "aanslag",
          "occurred_at": "2025-03-07 02:40", "persons": [{"name": "Doelwit", "role": "doelwit"}]}
FLAT_UNITS = 8


def addresses(n: int) -> list[str]:
    """The portiekflat's units (14-1..14-8), then both sides of the street: 1, 2, 3, ..."""
    flat = [f"Havenstraat 14-{unit}" for unit in range(1, FLAT_UNITS + 1)]
    street = (f"Havenstraat {number}" for number in count(1) if number != 14)
    return (flat + list(islice(street, max(0, n - FLAT_UNITS))))[:n]


def create_case(engine: Engine) -> str:
    with unit_of_work(engine) as session:
        case, _ = service.create_case(session=session, intake=parse_intake(INTAKE, NOW),
                                      playbook=load_from_settings(), actor=ACTOR, now=NOW)
        return case.reference


def full_letter(engine: Engine, reference: str, n: int, addressee: str | None,
                content: bytes | None = None) -> bytes:
    """One letter as the product makes it: context, render, store + audit in one unit of work
    (given `content`, rendered elsewhere: only the store)."""
    with unit_of_work(engine) as session:
        case = get_case(session, reference)
        if content is None:
            context = resident_context(session, case, NOW, "nl", addressee=addressee)
            content = render_pdf(TEMPLATE, context.model_dump())
        store(session, case, kind=DocumentKind.bewonersbrief, content=content, actor=ACTOR,
              now=NOW, scope=f"nl-{n}")
    return content


def contexts(engine: Engine, reference: str, addrs: list[str]) -> list[dict[str, Any]]:
    with unit_of_work(engine) as session:
        case = get_case(session, reference)
        return [resident_context(session, case, NOW, "nl", addressee=a).model_dump() for a in addrs]


# Worker side (module level, so the spawn start method can import it).
def warm_worker(html: str, barrier: Any) -> None:
    html_to_pdf(html)  # WeasyPrint import, font loading, first layout: excluded from warm timings
    barrier.wait()  # both workers are warm before the pool counts as started


def render_context(context: dict[str, Any]) -> bytes:
    return render_pdf(TEMPLATE, context)


def worker_full_letter(job: tuple[str, str, int, str]) -> bytes:
    url, reference, n, addressee = job
    return full_letter(engine_for(url), reference, n, addressee)


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def pdf_text(content: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def machine() -> dict[str, Any]:
    from weasyprint.text.ffi import pango

    v = pango.pango_version()
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                if line.startswith("model name")), platform.processor())
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "platform": platform.platform(), "weasyprint": version("weasyprint"),
            "pydyf": version("pydyf"), "pango": f"{v // 10000}.{v // 100 % 100}.{v % 100}",
            "loadavg_1m_at_end": round(os.getloadavg()[0], 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--api-batch", type=int, default=50,
                        help="addresses per resident_letters() call (nl+en each); 0 skips it")
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args()
    n, addrs = args.letters, addresses(args.letters)
    directory = tempfile.mkdtemp(prefix="bench-letters-")
    url = f"sqlite:///{directory}/playbook.db"
    upgrade(url)
    engine = make_engine(url)
    reference = create_case(engine)
    ctxs = contexts(engine, reference, addrs)
    htmls = [render_html(f"{LETTERS}/{TEMPLATE}", c) for c in ctxs]
    html_to_pdf(htmls[0])  # warm the parent like the workers: import and first render untimed
    import weasyprint

    seconds: dict[str, float] = {}
    seconds["serial_full"], full = timed(lambda: [full_letter(engine, reference, i, a)
                                                   for i, a in enumerate(addrs, 1)])
    seconds["serial_floor"], floor = timed(lambda: [html_to_pdf(h) for h in htmls])
    seconds["serial_bare_weasyprint"], _ = timed(
        lambda: [weasyprint.HTML(string=h).write_pdf() for h in htmls])

    spawn = multiprocessing.get_context("spawn")
    chunk = max(1, n // (args.workers * 8))
    with ProcessPoolExecutor(args.workers, mp_context=spawn, initializer=warm_worker,
                             initargs=(htmls[0], spawn.Barrier(args.workers))) as pool:
        seconds["pool_startup"], pids = timed(
            lambda: {f.result() for f in [pool.submit(os.getpid) for _ in range(args.workers)]})
        seconds["parallel_floor"], par_floor = timed(
            lambda: list(pool.map(html_to_pdf, htmls, chunksize=chunk)))

        def parent_stores() -> list[bytes]:  # contexts and stores in the parent, renders in workers
            rendered = pool.map(render_context, contexts(engine, reference, addrs), chunksize=chunk)
            return [full_letter(engine, reference, i, None, c) for i, c in enumerate(rendered, 1)]

        seconds["parallel_full_parent_stores"], par_parent = timed(parent_stores)
        jobs = [(url, reference, i, a) for i, a in enumerate(addrs, 1)]
        seconds["parallel_full_worker_stores"], par_worker = timed(
            lambda: list(pool.map(worker_full_letter, jobs, chunksize=chunk)))
    api_letters = 0
    if args.api_batch:
        def api() -> int:
            made = 0
            for start in range(0, n, args.api_batch):
                with unit_of_work(engine) as session:
                    made += len(resident_letters(session, get_case(session, reference), ACTOR, NOW,
                                                 addresses=addrs[start:start + args.api_batch]))
            return made
        seconds["serial_api_nl_en"], api_letters = timed(api)

    failures = []  # every path and process must give the serial full path's exact bytes
    if len(pids) != args.workers:
        failures.append(f"pool started {len(pids)} workers, wanted {args.workers}")
    for name, pdfs in (("floor", floor), ("parallel floor", par_floor),
                       ("parallel parent-stores", par_parent),
                       ("parallel worker-stores", par_worker)):
        differ = sum(a != b for a, b in zip(full, pdfs, strict=True))
        if differ:
            failures.append(f"{name}: {differ} PDFs differ from the serial full path's bytes")
    if render_pdf(TEMPLATE, ctxs[0]) != full[0]:
        failures.append("re-rendering the first letter gave different bytes")
    for i in sorted({0, FLAT_UNITS - 1, FLAT_UNITS, n // 2, n - 1} & set(range(n))):
        text = pdf_text(par_worker[i])
        if f"Aan de bewoners van {addrs[i]}" not in text or "Beste bewoner" not in text:
            failures.append(f"letter {i + 1}: addressee {addrs[i]!r} not found by pdftotext")
    with unit_of_work(engine) as session:
        stored = session.exec(select(func.count()).select_from(Document)).one()
    if stored != 3 * n + api_letters:
        failures.append(f"{stored} documents stored, expected {3 * n + api_letters}")
    engine.dispose()
    shutil.rmtree(directory)

    sec = seconds
    rate = {k: (api_letters if k == "serial_api_nl_en" else n) / s for k, s in sec.items()
            if k != "pool_startup"}
    ratios = {"overhead_full_over_floor": sec["serial_full"] / sec["serial_floor"],
              "floor_over_bare_weasyprint": sec["serial_floor"] / sec["serial_bare_weasyprint"],
              "speedup_floor": sec["serial_floor"] / sec["parallel_floor"],
              "speedup_floor_cold": sec["serial_floor"]
              / (sec["pool_startup"] + sec["parallel_floor"]),
              "speedup_full_parent_stores": sec["serial_full"] / sec["parallel_full_parent_stores"],
              "speedup_full_worker_stores": sec["serial_full"] / sec["parallel_full_worker_stores"]}
    results = {"letters": n, "workers": args.workers, "chunksize": chunk, "seconds": sec,
               "letters_per_second": rate, **ratios, "failures": failures,
               "mean_pdf_bytes": sum(map(len, full)) // n}
    env = machine()
    print(f"machine: {env}\n{n} letters, {args.workers} workers (spawn, chunksize {chunk}), "
          f"pool start-up (spawn + warm-up) {sec['pool_startup']:.2f} s")
    for key, r in rate.items():
        print(f"  {key:28} {sec[key]:7.2f} s {r:7.2f} letters/s {1000 / r:7.1f} ms/letter")
    print("  " + "  ".join(f"{k} {v:.2f}" for k, v in ratios.items()))
    if args.json:
        with Path(args.json).open("w", encoding="utf-8") as fh:
            json.dump({"environment": env, "results": results}, fh, indent=2)
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
