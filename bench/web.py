"""Web latency: p50/p95 of the case list and case page with 10,000 cases, next to a bare floor.

Seeding: the real services create every case; step completions and phase moves are batched ORM
rows as service.set_step / service._enter write them, chosen by the engine's checklist and machine.
The real app runs under uvicorn in a subprocess on 127.0.0.1, with two floor routes added to that
instance only; sequential httpx requests, page and floor interleaved, after a warm-up.

    python bench/web.py [--cases 10000] [--requests 200] [--warmup 10] [--json out.json]
"""

import argparse
import json
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from statistics import quantiles
from typing import Any

import httpx
from fastapi.responses import Response
from sqlalchemy import func, or_, select

from playbook.cases import service
from playbook.cases.intake import parse_intake
from playbook.cases.repository import snapshot_of
from playbook.config import USER_TZ, Settings
from playbook.definition.enums import IncidentKind, StepStatus
from playbook.definition.loader import load_from_settings
from playbook.definition.models import CLOSED
from playbook.engine import checklist, machine
from playbook.engine.snapshot import StepRecord
from playbook.storage.db import make_engine, unit_of_work
from playbook.storage.migrate import upgrade
from playbook.storage.tables import AuditEvent, Case, Person, PhaseEntry, StepState
from playbook.users.service import create_user

MIX = {"woning": 1119, "bedrijfspand": 230, "voertuig": 154, "overig": 40}  # national, 2024
STREETS = ["Havenstraat", "Kerkstraat", "Molenweg", "Dorpsstraat", "Stationsweg", "Schoolstraat",
           "Julianastraat", "Beatrixlaan", "Parallelweg", "Industrieweg", "Marktplein", "Lindelaan"]
SEED, USER, PASSWORD = 2025, "bench.oov", "bench-password-123"
START, SPAN = datetime(2024, 1, 1, tzinfo=USER_TZ), timedelta(days=731)  # incidents 2024-2025
REF = re.compile(r"GM\d{4}-\d{4}-\d{4,}")
T = Case.__table__
CASE = "/zaken/{ref}"


def national_mix(n: int) -> list[str]:
    total = sum(MIX.values())
    counts = {k: n * v // total for k, v in MIX.items()}
    short = n - sum(counts.values())
    for k in sorted(MIX, key=lambda k: counts[k] - n * MIX[k] / total)[:short]:
        counts[k] += 1
    return [k for k, c in counts.items() for _ in range(c)]


def seed_case(s: Any, pb: Any, i: int, n: int, kind: str, rng: random.Random) -> None:
    occurred = START + SPAN * i / n + timedelta(minutes=rng.randrange(360))
    now, threat = occurred + timedelta(minutes=15), rng.random() < 0.10
    persons = [{"name": f"Doelwit {i}", "role": "doelwit"}] + [
        {"name": f"Bewoner {i}.{k}", "role": rng.choice(["bewoner", "omwonende"]),
         "self_reliant": rng.random() > 0.15} for k in range(rng.randrange(3))]
    intake = parse_intake({
        "street": STREETS[i % len(STREETS)], "house_number": 1 + i // 100, "city": "Rivierstad",
        "postcode": f"{1000 + i % 100 * 80} {'ABCDEFGHJK'[i % 10]}X", "object_type": kind,
        "incident_kind": "dreiging" if threat else rng.choice(["aanslag"] * 8 + ["poging"]),
        "occurred_at": occurred, "persons": persons, "injured": int(rng.random() < 0.05)}, now)
    case, _ = service.create_case(session=s, intake=intake, playbook=pb, actor=USER, now=now)
    u = i / n  # older cases are mostly closed, recent ones mostly open
    closed = rng.random() < (0.95 if u < 0.5 else 0.8 if u < 0.85 else 0.3)
    if threat and rng.random() < 0.5:  # the threat is carried out a day later
        now += timedelta(days=1)
        service.report_attack(session=s, case=case, occurred_at=now - timedelta(minutes=20),
                              kind=IncidentKind.aanslag, actor=USER, now=now)
    if kind in ("woning", "bedrijfspand") and rng.random() < 0.3:
        service.update_facts(session=s, reference=case.reference, actor=USER, now=now, closure=True)
    s.flush()
    snap, moves = snapshot_of(s, case), 99 if closed else rng.randrange(4)
    records, entered = dict(snap.records), dict(snap.entered)
    while case.phase != CLOSED:
        final = moves == 0 or (not closed and pb.phase(case.phase).next == CLOSED)
        for item in checklist.blockers(pb, snap, now):
            if final and rng.random() < 0.5:
                continue  # the phase the case stays in: about half its blocking steps done
            now += timedelta(minutes=30)  # the rows service.set_step(..., done) writes:
            # the read model may already hold an opened row for the step: update it, as set_step
            service.apply_steps(s, case, case.phase, [item.step.id], StepStatus.done, None,
                                USER, now)
            records[(case.round, item.step.id)] = StepRecord(StepStatus.done, USER, now)
        if final:
            break
        now += timedelta(hours=4)
        target = machine.fire(pb, case.phase, machine.ADVANCE, lambda: True)
        service._enter(s, case, pb, target, machine.ADVANCE, USER, now)  # as service.advance
        entered[(case.round, case.phase)], moves = now, moves - 1
        snap = replace(snap, phase=case.phase, records=dict(records), entered=dict(entered))


def seed(url: str, n: int, batch: int) -> tuple[dict[str, int], list[str]]:
    pb, rng, engine = load_from_settings(), random.Random(SEED), make_engine(url)
    kinds = national_mix(n)
    rng.shuffle(kinds)
    with unit_of_work(engine) as s:
        create_user(session=s, username=USER, full_name="Bench OOV", role="oov", password=PASSWORD,
                    municipality_code=pb.municipality.cbs_code, actor="bench", now=START)
    for lo in range(0, n, batch):
        with unit_of_work(engine) as s:
            for i in range(lo, min(n, lo + batch)):
                seed_case(s, pb, i, n, kinds[i], rng)
        print(f"  seeded {min(n, lo + batch)}/{n}", file=sys.stderr)
    with engine.connect() as conn:
        phases = dict(conn.execute(select(T.c.phase, func.count()).group_by(T.c.phase)).all())
        refs = list(conn.execute(select(T.c.reference)).scalars())
    engine.dispose()
    return phases, refs


def serve(url: str, port: int) -> None:
    """The server subprocess: the real app plus bare floor routes in this instance only."""
    import uvicorn

    from playbook.web.app import create_app

    engine, code = make_engine(url), load_from_settings().municipality.cbs_code
    app = create_app(engine, Settings(database_url=url, secure_cookies=False))  # key from env

    def as_json(data: object) -> Response:
        return Response(json.dumps(data, default=str), media_type="application/json")

    @app.get("/bench/floor/list")
    def floor_list(zoek: str | None = None, open_only: bool = False) -> Response:
        q = select(T).where(T.c.municipality_code == code)
        if zoek:
            term = f"%{zoek.strip()}%"
            q = q.where(or_(T.c.reference.ilike(term), T.c.street.ilike(term),
                            T.c.postcode.ilike(term)))
        q = (q.where(T.c.phase != CLOSED) if open_only else q).order_by(T.c.incident_at.desc())
        with engine.connect() as conn:
            return as_json([dict(r) for r in conn.execute(q.limit(50)).mappings()])

    @app.get("/bench/floor/case/{ref}")
    def floor_case(ref: str) -> Response:
        with engine.connect() as conn:
            out: dict[str, Any] = {"case": dict(conn.execute(
                select(T).where(T.c.reference == ref)).mappings().one())}
            for model in (Person, StepState, PhaseEntry, AuditEvent):
                t = model.__table__  # type: ignore[attr-defined]
                rows = conn.execute(
                    select(t).where(t.c.case_id == out["case"]["id"]).order_by(t.c.id)
                )
                out[t.name] = [dict(r) for r in rows.mappings()]
        return as_json(out)

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def login(c: httpx.Client) -> None:
    for _ in range(300):  # the server gets up to 30 s to start
        try:
            form = c.get("/login")
            break
        except httpx.TransportError:
            time.sleep(0.1)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)[1]  # type: ignore[index]
    r = c.post("/login", data={"gebruikersnaam": USER, "wachtwoord": PASSWORD,
                               "csrf_token": csrf, "volgende": "/zaken"})
    assert r.status_code == 303 and r.headers["location"] == "/zaken", "login failed"


def measure(c: httpx.Client, refs: list[str], n: int, w: int) -> dict[str, dict[str, Any]]:
    rng, street = random.Random(SEED), STREETS[3]
    sample = [rng.choice(refs) for _ in range(n + w)]
    # The app reads the seeded database, and each floor returns the rows its page shows.
    page, floor = c.get(f"/zaken/{sample[0]}"), c.get(f"/bench/floor/case/{sample[0]}").json()
    assert page.status_code == 200 and f"Zaak {sample[0]}" in page.text, "case page"
    assert floor["case"]["reference"] == sample[0] and floor["audit"]
    endpoints = {"/zaken": "", f"/zaken?zoek={street}": f"?zoek={street}",  # page: floor query
                 "/zaken?te_laat=true": "?open_only=true", CASE: None}
    found, same = {}, {}
    for page_path, query in list(endpoints.items())[:3]:
        html = c.get(page_path).text
        found[page_path] = int(re.search(r"(\d+) zaken gevonden", html)[1])  # type: ignore[index]
        floor_refs = [x["reference"] for x in c.get(f"/bench/floor/list{query}").json()]
        same[page_path] = list(dict.fromkeys(REF.findall(html))) == floor_refs
    assert found["/zaken"] == len(refs) and same["/zaken"] and same[f"/zaken?zoek={street}"]
    times: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in endpoints}
    for i in range(n + w):  # interleaved, so load changes hit page and floor alike
        for name, query in endpoints.items():
            pair = ((name, f"/bench/floor/list{query}") if query is not None
                    else (f"/zaken/{sample[i]}", f"/bench/floor/case/{sample[i]}"))
            for kept, path in zip(times[name], pair, strict=True):
                started = time.perf_counter()
                r = c.get(path)
                assert r.status_code == 200, (path, r.status_code)
                if i >= w:
                    kept.append(1000 * (time.perf_counter() - started))
        if (i + 1) % 50 == 0:
            print(f"  {i + 1}/{n + w} rounds", file=sys.stderr)
    out = {}
    for name, (page_ms, floor_ms) in times.items():
        p, f = (quantiles(ms, n=100, method="inclusive") for ms in (page_ms, floor_ms))
        out[name] = {"p50": p[49], "p95": p[94], "floor_p50": f[49], "floor_p95": f[94],
                     "ratio_p50": p[49] / f[49], "ratio_p95": p[94] / f[94], "n": len(page_ms),
                     "cases_found": found.get(name), "floor_same_rows": same.get(name, True)}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=200, help="timed requests per endpoint")
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--batch", type=int, default=500, help="cases per seeding unit of work")
    ap.add_argument("--json", help="also write the results to this JSON file")
    ap.add_argument("--serve", nargs=2, metavar=("URL", "PORT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return 0
    env: dict[str, Any] = {"nproc": os.cpu_count(), "python": sys.version.split()[0],
                           "sqlite": sqlite3.sqlite_version,
                           "loadavg_start": os.getloadavg(),
                           **{p: version(p) for p in ("fastapi", "uvicorn", "sqlalchemy")}}
    with tempfile.TemporaryDirectory(prefix="pb-web-") as tmp:
        upgrade(url := f"sqlite:///{tmp}/bench.db")
        started = time.perf_counter()
        env["phases"], refs = seed(url, args.cases, args.batch)
        env["seed_s"] = round(time.perf_counter() - started, 1)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = subprocess.Popen([sys.executable, __file__, "--serve", url, str(port)],
                                  env={**os.environ, "PLAYBOOK_SECRET_KEY": os.urandom(32).hex()})
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=300) as c:
                login(c)
                results = measure(c, refs, args.requests, args.warmup)
        finally:
            server.terminate()
            server.wait(timeout=30)
    env["loadavg_end"] = os.getloadavg()
    print(f"\n{args.cases} cases on SQLite; {args.requests} timed requests per endpoint and "
          f"floor, interleaved, after {args.warmup} warm-up rounds; milliseconds")
    print(f"{'endpoint':24}{'p50':>8}{'p95':>8}{'floor p50':>11}{'floor p95':>11}"
          f"{'p50/floor':>11}{'p95/floor':>11}")
    for name, r in results.items():
        print(f"{name:24}{r['p50']:8.1f}{r['p95']:8.1f}{r['floor_p50']:11.2f}{r['floor_p95']:11.2f}"
              f"{r['ratio_p50']:10.1f}x{r['ratio_p95']:10.1f}x")
    print("floor: the 50-row SELECT as JSON (te_laat: first 50 open cases); case: its row and its"
          f" persons, steps, phase entries and audit rows as JSON\ncases found: "
          f"{ {k: r['cases_found'] for k, r in results.items()} }; floor rows = page rows: "
          f"{ {k: r['floor_same_rows'] for k, r in results.items()} }")
    print(f"\nenvironment: {env}")
    if args.json:
        with Path(args.json).open("w", encoding="utf-8") as fh:
            json.dump({"environment": env, "results": results}, fh, indent=2, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
