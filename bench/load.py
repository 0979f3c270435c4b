"""Load: 50 simulated users against `playbook serve --workers 4` on PostgreSQL with 10,000 cases.

Seeds a private PostgreSQL schema with the same national mix as `bench/web.py` (real services),
adds a legal-office and a police account and letters addressed to the police, starts the real
server with four worker processes, and runs locust headless (`bench/locustfile.py`) for the
given time. Reports p50/p95/p99 per page and the errors; zero errors is the bar.

    python bench/load.py [--cases 10000] [--users 50] [--minutes 5] [--workers 4] [--json out.json]
    python bench/load.py --schema pb_load_kept --seed-only   # seed once and keep the schema;
    python bench/load.py --schema pb_load_kept               # later runs reuse it (no re-seed)
"""

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))
import web

from playbook.storage.db import make_engine, unit_of_work
from playbook.storage.migrate import upgrade

POSTGRES = os.environ.get("PLAYBOOK_BENCH_POSTGRES_URL",
                          "postgresql+psycopg://postgres@127.0.0.1:5432/test")
ACCOUNTS = [("bench.jur", "juridisch", None), ("bench.politie", "partner", "politie")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def add_accounts_and_letters(url: str, refs: list[str], letters: int) -> None:
    from playbook.definition.loader import load_from_settings
    from playbook.information import service as information
    from playbook.letters.service import generate
    from playbook.users.service import create_user

    code, now, engine = (
        load_from_settings().municipality.cbs_code,
        datetime.now(UTC),
        make_engine(url),
    )
    with unit_of_work(engine) as s:
        for username, role, partner in ACCOUNTS:
            create_user(session=s, username=username, full_name=username, role=role,
                        partner=partner, password=web.PASSWORD, municipality_code=code,
                        actor="bench", now=now)
    for ref in refs[:letters]:
        with unit_of_work(engine) as s:
            information.request(session=s, reference=ref, kind="bestuurlijke-rapportage",
                                actor="bench", now=now)
            generate(session=s, reference=ref, kind="verzoek-bestuurlijke-rapportage",
                     actor=web.USER, now=now)
    engine.dispose()


def seeded(url: str, still_open: bool = False) -> list[str]:
    """The references of a schema seeded earlier (empty when new); `still_open`: only cases
    not closed, where officers tick steps (a closed case has none)."""
    where = " WHERE phase != 'gesloten'" if still_open else ""
    engine = make_engine(url)
    with engine.connect() as conn:
        refs = list(conn.execute(text(f"SELECT reference FROM zaak{where} ORDER BY id")).scalars())
    engine.dispose()
    return refs


def run_locust(host: str, refs: list[str], open_refs: list[str], users: int, minutes: float,
               out: Path) -> Path:
    prefix = out / "locust"
    env = {**os.environ, "BENCH_REFS": ",".join(refs[:2000]),
           "BENCH_OPEN_REFS": ",".join(open_refs[:2000]), "BENCH_PASSWORD": web.PASSWORD}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(Path(__file__).with_name("locustfile.py")),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(max(1, users // 10)),
            "-t",
            f"{int(minutes * 60)}s",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        check=False,
    )
    return prefix.with_name("locust_stats.csv")


def read_stats(path: Path) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = (
                row["Name"]
                if row["Type"] in ("GET", "POST", "")
                else f"{row['Type']} {row['Name']}"
            )
            rows[name] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
                "p99": float(row["99%"]),
            }
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--minutes", type=float, default=5)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--letters", type=int, default=40, help="letters addressed to the police")
    ap.add_argument("--json")
    ap.add_argument("--schema", help="a kept schema: seeded when empty, reused, never dropped")
    ap.add_argument("--seed-only", action="store_true")
    args = ap.parse_args()
    schema = args.schema or f"pb_load_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    url = f"{POSTGRES}{'&' if '?' in POSTGRES else '?'}options=-csearch_path%3D{schema}"
    server = None
    try:
        upgrade(url)
        refs = seeded(url)
        if len(refs) < args.cases:
            if refs:
                raise SystemExit(f"schema {schema} holds {len(refs)} cases, not {args.cases}")
            started = time.perf_counter()
            _, refs = web.seed(url, args.cases, 500)
            add_accounts_and_letters(url, refs, args.letters)
            print(f"seeded {len(refs)} cases in {time.perf_counter() - started:.0f} s",
                  file=sys.stderr)
        if args.seed_only:
            return 0
        port = free_port()
        env = {**os.environ, "PLAYBOOK_DATABASE_URL": url, "PLAYBOOK_DEVELOPMENT": "1",
               "PLAYBOOK_SECRET_KEY": "bench-" + "k" * 40, "PLAYBOOK_SECURE_COOKIES": "false"}
        server = subprocess.Popen([sys.executable, "-m", "playbook.cli.main", "serve", "--port",
                                   str(port), "--workers", str(args.workers)], env=env,
                                  start_new_session=True)
        host = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(f"{host}/gezond").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        with tempfile.TemporaryDirectory() as tmp:
            stats = read_stats(run_locust(host, refs, seeded(url, still_open=True), args.users,
                                          args.minutes, Path(tmp)))
    finally:
        if server is not None:
            os.killpg(server.pid, 15)
            server.wait(30)
        if not args.schema:
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
    print(f"{'pagina':34} {'verzoeken':>9} {'fouten':>6} {'p50':>7} {'p95':>7} {'p99':>7}")
    for name, row in stats.items():
        print(f"{name:34} {row['requests']:9d} {row['errors']:6d} {row['p50']:7.0f} "
              f"{row['p95']:7.0f} {row['p99']:7.0f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"args": vars(args), "pages": stats}, indent=2))
    errors = sum(r["errors"] for r in stats.values())
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
