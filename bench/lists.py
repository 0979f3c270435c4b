"""Benchmark: the case list, the overdue filter, search and "Mijn werk" at 10,000 and 100,000
cases, against a bare query returning the same rows in the same run (issue 9).

Seeding: a few real cases are made through the services (so their read model is the real one),
then copied in bulk (plain INSERT ... executemany) with new ids, addresses, postcodes, times and
search keys until the database holds N cases. Only the tables the pages read are copied
(`zaak`, `werk`, `zoekterm`); persons and steps are not needed by any list.

Per query: `--runs` timed calls after warm-up, p50 and p95 of wall time and of this process's
CPU time, each as "page/floor ms ratio". The floor is the same SQL written by hand (`text()`),
fetched as tuples: what the page needs, with no ORM, no count, no assembly. The target ratio is
p95(page) / p95(floor); scale is p95 at the large size / p95 at the small.

    python bench/lists.py [--quick] [--db both|sqlite|postgres] [--json out.json]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, text
from sqlmodel import Session, select

from playbook.cases import service
from playbook.cases.intake import parse_intake
from playbook.cases.listing import CaseFilter, list_cases
from playbook.cases.worklist import WorkFilter, list_work
from playbook.config import USER_TZ
from playbook.definition.loader import load_from_settings
from playbook.storage.db import make_engine, unit_of_work
from playbook.storage.migrate import upgrade
from playbook.storage.tables import Case
from playbook.storage.tables_readmodels import SearchTerm, WorkItem

PG = os.environ.get("PLAYBOOK_BENCH_POSTGRES_URL",
                    "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CODE = "GM9999"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=USER_TZ)
STREETS = ["Kerkstraat", "Havenstraat", "Marktplein", "Stationsweg", "Dorpsstraat", "Molenweg",
           "Schoolstraat", "Julianastraat", "Beatrixlaan", "Nieuwstraat"]
OBJECTS = ["woning"] * 7 + ["bedrijfspand"] * 2 + ["voertuig"]


@contextmanager
def database(kind: str) -> Iterator[Engine]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="pb-bench-lists-") as tmp:
            url = f"sqlite:///{tmp}/bench.db"
            upgrade(url)
            engine = make_engine(url)
            yield engine
            engine.dispose()
        return
    schema = f"pb_benchl_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        url = f"{PG}{'&' if '?' in PG else '?'}options=-csearch_path%3D{schema}"
        upgrade(url)
        engine = make_engine(url)
        yield engine
        engine.dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def templates(engine: Engine, count: int = 10) -> list[int]:
    """Real cases at different ages (some overdue now, some not), one per object type mix."""
    playbook = load_from_settings()
    ids = []
    for i in range(count):
        at = NOW - timedelta(hours=1 + 7 * i)
        intake = parse_intake({
            "street": STREETS[i], "house_number": str(i + 1), "postcode": "9999 AB",
            "city": "Rivierstad", "object_type": OBJECTS[i], "incident_kind": "aanslag",
            "occurred_at": at.strftime("%Y-%m-%d %H:%M"),
            "persons": [{"name": f"Bewoner {i}", "role": "bewoner"}]}, at)
        with unit_of_work(engine) as s:
            case, _ = service.create_case(session=s, intake=intake, playbook=playbook,
                                          actor="bench", now=at)
            ids.append(case.id)
    return ids  # type: ignore[return-value]


def seed(engine: Engine, total: int, batch: int = 5000) -> float:
    """Copy the template cases until `total` cases exist; returns seconds taken."""
    started = time.perf_counter()
    ids = templates(engine)
    with Session(engine) as s:
        cases = [s.get(Case, i) for i in ids]
        rows = {i: [dict(w) for w in s.execute(select(WorkItem.__table__).where(  # type: ignore[attr-defined]
            WorkItem.case_id == i)).mappings()] for i in ids}
        skip = {"id", "reference", "street", "house_number", "postcode", "version"}
        base = [{k: v for k, v in c.model_dump().items() if k not in skip} for c in cases]  # type: ignore[union-attr]
        next_id = max(ids) + 1
    with engine.begin() as conn:
        made = len(ids)
        while made < total:
            n = min(batch, total - made)
            zaak, werk, terms = [], [], []
            for j in range(n):
                k = made + j
                source = k % len(ids)
                case_id = next_id + k - len(ids)
                street, number = STREETS[k % len(STREETS)], 1 + k // len(STREETS)
                postcode = f"{1000 + k % 9000} {chr(65 + k % 26)}{chr(65 + k // 26 % 26)}"
                shift = timedelta(minutes=k % 50_000)  # spread incidents and due times
                row = dict(base[source], id=case_id, reference=f"{CODE}-2026-{k:06d}",
                           street=street, house_number=number, postcode=postcode, version=1)
                for key in ("occurred_at", "incident_at", "created_at", "updated_at"):
                    row[key] = row[key] - shift
                row["next_due_at"] = row["next_due_at"] and row["next_due_at"] - shift
                zaak.append(row)
                for w in rows[ids[source]]:
                    werk.append({**{x: y for x, y in w.items() if x != "id"}, "case_id": case_id,
                                 "due_at": w["due_at"] - shift})
                for term in (row["reference"].lower(), postcode.lower().replace(" ", ""),
                             f"{street} {number}".lower(), f"bewoner {k}", str(k)):
                    terms.append({"case_id": case_id, "municipality_code": CODE, "term": term})
            conn.execute(insert(Case), zaak)
            conn.execute(insert(WorkItem), werk)
            conn.execute(insert(SearchTerm), terms)
            made += n
    if engine.dialect.name == "postgresql":
        # VACUUM as well: autovacuum does it to a table within a minute of a bulk load (its
        # insert threshold, PostgreSQL 13 and later), so a live database has the visibility map
        # that index-only scans need; measuring before it would time a state production has for
        # that minute only, and autovacuum could start in the middle of the run.
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return time.perf_counter() - started


def _stats(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {"p50": statistics.median(samples), "p95": samples[int(0.95 * (len(samples) - 1))]}


def timed(fns: list[Callable[[], Any]], runs: int) -> list[dict[str, float]]:
    """All timed in alternation (each round starts at the next one), so load from other
    processes hits them alike: page and floor, at both sizes."""
    for _ in range(5):
        for fn in fns:
            fn()
    wall: list[list[float]] = [[] for _ in fns]
    cpu: list[list[float]] = [[] for _ in fns]
    for i in range(runs):
        for j in (*range(i % len(fns), len(fns)), *range(i % len(fns))):
            start, start_cpu = time.perf_counter(), time.process_time()
            fns[j]()
            wall[j].append((time.perf_counter() - start) * 1000)
            cpu[j].append((time.process_time() - start_cpu) * 1000)
    # CPU time of this process: on a shared machine, waiting for a core is not the query's
    # cost. It counts all of SQLite's work (in process), not PostgreSQL's (in the server).
    return [{**_stats(w), "cpu_p50": _stats(c)["p50"], "cpu_p95": _stats(c)["p95"]}
            for w, c in zip(wall, cpu, strict=True)]


def _bare(engine: Engine, sql: str, **params: Any) -> Callable[[], Any]:
    """The floor: hand-written SQL for the same page rows, fetched as tuples in one read
    transaction."""
    def run() -> Any:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).all()
    return run


def _on_connection(engine: Engine, fn: Callable[[Any], Any]) -> Any:
    with engine.connect() as conn:  # as playbook/web/work.py reads "Mijn werk"
        return fn(conn)


def _now_param(engine: Engine) -> Any:
    # The floor binds the moment the way the UTC column stores it.
    from playbook.storage.types import UTCDateTime
    return UTCDateTime().process_bind_param(NOW, engine.dialect)


LATE = "FROM werk WHERE werk.case_id = zaak.id AND kind = 'stap' AND due_at < :now"
# A case row as the list shows it: its columns, how many steps are late and the first three.
COLS = ("zaak.id, reference, street, house_number, house_suffix, postcode, object_type, "
        f"zaak.phase_title, incident_at, open_mandatory, next_due_at, (SELECT count(*) {LATE}), "
        + ", ".join(f"(SELECT title {LATE} ORDER BY due_at, werk.id LIMIT 1 OFFSET {k})"
                    for k in range(3)))


# Searches: a case number (the same one case at every size) and an address with its number
# (one case up to 10,000; at 100,000 "Molenweg 250" also finds 2500-2509, so its scale ratio
# compares 11 rows with 1). At 1,000 cases (--quick) "Molenweg 25" is the one-case address.
REFERENCE = f"{CODE}-2026-000250"


def address(size: int) -> str:
    return "Molenweg 25" if size < 10_000 else "Molenweg 250"


def queries(engine: Engine, size: int) -> dict[str, tuple[Callable[[], Any], Callable[[], Any]]]:
    now = _now_param(engine)
    like = "term LIKE :q" if engine.dialect.name == "postgresql" else "term >= :q AND term < :q2"
    search_sql = (f"SELECT {COLS} FROM zaak WHERE municipality_code = :c AND zaak.id IN "
                  f"(SELECT case_id FROM zoekterm WHERE municipality_code = :c AND ({like})) "
                  "ORDER BY incident_at DESC, zaak.id DESC LIMIT 50")

    def ours(fn: Callable[[Any], Any]) -> Callable[[], Any]:
        return lambda: _on_connection(engine, fn)  # as playbook/web/lists.py and work.py read

    def search(text: str) -> tuple[Callable[[], Any], Callable[[], Any]]:
        q = text.lower()
        bound = {"q": q + "%"} if engine.dialect.name == "postgresql" else {
            "q": q, "q2": q + "\U0010ffff"}
        return (ours(lambda c: list_cases(c, [CODE], CaseFilter(search=text), NOW)),
                _bare(engine, search_sql, c=CODE, now=now, **bound))

    return {
        "lijst": (ours(lambda c: list_cases(c, [CODE], CaseFilter(), NOW)),
                  _bare(engine, f"SELECT {COLS} FROM zaak WHERE municipality_code = :c "
                        "ORDER BY incident_at DESC, zaak.id DESC LIMIT 50", c=CODE, now=now)),
        "te laat": (ours(lambda c: list_cases(c, [CODE], CaseFilter(overdue=True), NOW)),
                    _bare(engine, f"SELECT {COLS} FROM zaak WHERE municipality_code = :c AND "
                          "next_due_at < :now ORDER BY next_due_at, zaak.id LIMIT 50",
                          c=CODE, now=now)),
        "zoeken": search(REFERENCE),
        "zoeken adres": search(address(size)),
        "mijn werk": (ours(lambda c: list_work(c, [CODE], WorkFilter(), NOW)),
                      _bare(engine, "SELECT werk.id, kind, title, partner, werk.phase_title, "
                            "due_at, anchor, reference, street, house_number, house_suffix, "
                            "postcode FROM werk JOIN zaak ON zaak.id = "
                            "werk.case_id WHERE werk.municipality_code = :c AND "
                            "(kind != 'info' OR due_at >= :now) ORDER BY due_at, werk.id "
                            "LIMIT 50", c=CODE, now=now)),
    }


def same_rows(name: str, ours: Any, floor: list[Any]) -> None:
    """The floor is only a floor if it returns what the page shows: the same rows in the same
    order and, for the case list, the same late steps (how many, and which)."""
    if hasattr(ours.rows[0] if ours.rows else None, "item"):
        mine = [(r.item.id,) for r in ours.rows]
        bare = [(r[0],) for r in floor]
    else:
        mine = [(r.case.id, r.late_total, r.late) for r in ours.rows]
        bare = [(r[0], r[11], [t for t in r[12:] if t is not None]) for r in floor]
    if not mine or mine != bare:
        raise SystemExit(f"{name}: de pagina en de vloer geven andere rijen ({len(mine)} tegen "
                         f"{len(bare)})")


def run(kind: str, sizes: list[int], runs: int) -> dict[str, Any]:
    """Seed every size first, then time each query at all sizes in alternation: the scale
    ratio compares sizes measured under the same load, not a busy minute with a quiet one."""
    result: dict[str, Any] = {size: {} for size in sizes}
    with ExitStack() as stack:
        pairs = {}
        for size in sizes:
            engine = stack.enter_context(database(kind))
            print(f"{kind}: {size:,} zaken geladen in {seed(engine, size):.1f} s", flush=True)
            pairs[size] = queries(engine, size)
        for name in pairs[sizes[0]]:
            for size in sizes:
                same_rows(f"{name} ({size:,})", pairs[size][name][0](), pairs[size][name][1]())
            stats = timed([fn for size in sizes for fn in pairs[size][name]], runs)
            for n, size in enumerate(sizes):
                ours_t, floor_t = stats[2 * n], stats[2 * n + 1]
                ratios = {k: ours_t[k] / floor_t[k] for k in ("p50", "p95", "cpu_p50", "cpu_p95")}
                result[size][name] = {"ours": ours_t, "floor": floor_t, "ratio": ratios["p95"],
                                      "cpu_ratio": ratios["cpu_p95"], "ratios": ratios}
                # p95 is the target; p50 and CPU time show how much of it was the machine.
                print(f"  {name:12} {size:>7,} " + "  ".join(
                    f"{k.replace('_', ' ')} {ours_t[k]:5.2f}/{floor_t[k]:5.2f} ms "
                    f"{ratios[k]:4.2f}x" for k in ("p50", "p95", "cpu_p50", "cpu_p95")),
                    flush=True)
    small, large = sizes[0], sizes[-1]
    for name in result[small]:
        big, little = result[large][name]["ours"], result[small][name]["ours"]
        scale = {k: big[k] / little[k] for k in ("p50", "p95", "cpu_p50", "cpu_p95")}
        result.setdefault("scale", {})[name] = {"wall": scale["p95"], "cpu": scale["cpu_p95"],
                                                "all": scale}
        print(f"  {name:12} {large:,} / {small:,}: " + "  ".join(
            f"{k.replace('_', ' ')} {v:.2f}" for k, v in scale.items()))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 cases, 60 runs")
    parser.add_argument("--db", choices=["both", "sqlite", "postgres"], default="both")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--json", help="write the numbers to this file")
    args = parser.parse_args()
    sizes = [1_000, 10_000] if args.quick else [10_000, 100_000]
    runs = args.runs or (60 if args.quick else 200)
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    report = {k: run(k, sizes, runs) for k in kinds}
    if args.json:
        with Path(args.json).open("w") as fh:
            json.dump(report, fh, indent=2, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
