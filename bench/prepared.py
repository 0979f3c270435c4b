"""Benchmark: what a page view's ROLLBACK costs on PostgreSQL, and the case read in one statement.

psycopg prepares a statement on a connection at its sixth use and forgets every prepared
statement of the connection at a ROLLBACK (`DEALLOCATE ALL`). Until the fourteenth session a
page view (`read_session`) always ended with one, so the server planned every statement of the
next request anew. Two measurements, each in alternating rounds on one connection, so both
sides see the same machine:

1. **A page view** (the case and its overview in a read session) ended with ROLLBACK, the way
   before (the floor), against COMMIT, as `read_session` ends a read that wrote nothing now;
   and **a step after a page view**, as a user ticks a step on the case page.
2. **The case read warm** (its rows kept at its version): the case alone (the floor) against
   the statement that reads it with its rows, each skipped by the server (`CASE WHEN
   zaak.version = :kept`, cases/prefetch.py); with psycopg's prepared statements and without.

    python bench/prepared.py [--rounds 6] [--per-round 300] [--json out.json]
"""

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, __file__.rsplit("/", 1)[0])

from actions import START
from lists import database
from sqlalchemy import Engine, bindparam
from sqlmodel import Session, select

from playbook.cases import service
from playbook.cases.intake import parse_intake
from playbook.cases.kept_versions import kept_version
from playbook.cases.overview import overview
from playbook.cases.prefetch import case_statement
from playbook.cases.repository import get_case
from playbook.definition.enums import StepStatus
from playbook.definition.loader import load_from_settings
from playbook.storage.db import read_session, unit_of_work
from playbook.storage.tables import Case

ALONE = select(Case).where(Case.reference == bindparam("reference"))  # the case, bare


@contextmanager
def rolled_back(engine: Engine) -> Iterator[Session]:
    """read_session as it was: always ended with ROLLBACK."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()


def alternate(ways: dict[str, Callable[[], None]], rounds: int, per_round: int
              ) -> dict[str, float]:
    """Median over rounds of the mean ms per call, the ways taking turns round by round."""
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(rounds):
        for name, way in ways.items():
            start = time.perf_counter()
            for _ in range(per_round):
                way()
            times[name].append((time.perf_counter() - start) / per_round * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--per-round", type=int, default=300)
    parser.add_argument("--json")
    args = parser.parse_args()
    playbook = load_from_settings()
    report: dict[str, Any] = {}
    with database("postgres") as engine:
        intake = parse_intake({
            "street": "Kerkstraat", "house_number": "1", "postcode": "9999 AB",
            "city": "Rivierstad", "object_type": "woning", "incident_kind": "aanslag",
            "occurred_at": START.strftime("%Y-%m-%d %H:%M"),
            "persons": [{"name": "Bewoner", "role": "bewoner"}]}, START)
        with unit_of_work(engine) as s:
            ref = service.create_case(session=s, intake=intake, playbook=playbook,
                                      actor="bench", now=START)[0].reference
        with read_session(engine) as s:
            step_id = overview(s, get_case(s, ref), START).blockers[0].step.id
        moment = [START]

        def page(reader: Callable[[Engine], Any]) -> Callable[[], None]:
            def view() -> None:
                with reader(engine) as s:
                    overview(s, get_case(s, ref), START)
            return view

        def step_after(reader: Callable[[Engine], Any]) -> Callable[[], None]:
            view = page(reader)

            def tick() -> None:  # the page, then the step done or open again; the step timed
                view()
                moment[0] += timedelta(seconds=1)
                done = moment[0].second % 2 == 1
                start = time.perf_counter()
                with unit_of_work(engine) as s:
                    service.set_step(session=s, reference=ref, step_id=step_id,
                                     status=StepStatus.done if done else StepStatus.open,
                                     actor="bench", now=moment[0])
                ticks.append((time.perf_counter() - start) * 1000)
            return tick

        pages = alternate({"rollback": page(rolled_back), "commit": page(read_session)},
                          args.rounds, args.per_round)
        steps: dict[str, list[float]] = {"rollback": [], "commit": []}
        for _ in range(args.rounds):
            for name, reader in (("rollback", rolled_back), ("commit", read_session)):
                ticks: list[float] = []
                tick = step_after(reader)
                for _ in range(max(1, args.per_round // 5)):
                    tick()
                steps[name].append(statistics.mean(ticks))
        step_ms = {name: statistics.median(v) for name, v in steps.items()}
        report["page_view_ms"], report["step_after_page_view_ms"] = pages, step_ms
        print(f"page view (case + overview): ROLLBACK {pages['rollback']:.2f} ms, COMMIT "
              f"{pages['commit']:.2f} ms ({pages['commit'] / pages['rollback']:.2f}x)")
        print(f"step after a page view:      ROLLBACK {step_ms['rollback']:.2f} ms, COMMIT "
              f"{step_ms['commit']:.2f} ms ({step_ms['commit'] / step_ms['rollback']:.2f}x)")

        def alone() -> None:
            with unit_of_work(engine) as s:
                s.exec(ALONE, params={"reference": ref}).one()

        def combined() -> None:
            with unit_of_work(engine) as s:
                s.execute(case_statement("postgresql"), {"reference": ref,
                                             "kept": kept_version(s, ref)}).one()

        for prepare in (5, None):  # psycopg's default, and never prepared
            with engine.connect() as conn:  # one connection: the loops run one at a time
                conn.connection.dbapi_connection.prepare_threshold = prepare  # type: ignore[union-attr]
                conn.commit()
            reads = alternate({"alone": alone, "combined": combined}, args.rounds,
                              args.per_round)
            label = "prepared" if prepare else "never prepared"
            report[f"warm_case_read_ms_{label.replace(' ', '_')}"] = reads
            print(f"warm case read, {label:14}: the case alone {reads['alone']:.2f} ms, with "
                  f"its rows skipped {reads['combined']:.2f} ms "
                  f"({reads['combined'] / reads['alone']:.2f}x)")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
