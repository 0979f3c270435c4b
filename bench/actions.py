"""Benchmark: each user action against a floor of one bare load-change-audit-commit (issue 9).

Per action kind (register a case, change a step, record facts, advance a phase, report an
attack) the median and p95 of its unit of work, four ways, in alternation:

- warm: the service as the CLI and web call it, in a process that committed or read the case's
  last version (its rows are kept per version, cases/kept_versions.py);
- cold: the same, with the kept rows forgotten before each action, as in a web worker that
  never saw the case;
- stale: the same, with the case's version bumped in SQL before each action, as in a web worker
  that keeps an older version of the case because another worker changed it since (with several
  workers behind a proxy, most actions);
- the floor: one unit of work that loads a case of the same shape (a twin, so the floor's own
  change does not make the service's case cold), changes a column, adds an audit row and
  commits, in bare SQLAlchemy (the read-model hook taken out, so it is truly bare).

For a step, also a second floor, "zelfde statements": the floor plus the three statements the
issue's own rules add to a step (its `stap` row, the read model's UPDATE of the case in the same
transaction, its `werk` row), bare, built once, with no domain code around them. Its ratio to
the floor is what those statements cost; the step's ratio to it is what the code costs.

    python bench/actions.py [--cases 40] [--db both|sqlite|postgres] [--json out.json]
"""

import argparse
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, __file__.rsplit("/", 1)[0])

from lists import database
from sqlalchemy import Engine, bindparam, delete, event, update
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, select

from playbook.cases import kept_versions, service
from playbook.cases.intake import parse_intake
from playbook.cases.overview import overview
from playbook.cases.repository import get_case
from playbook.config import USER_TZ
from playbook.definition.enums import IncidentKind, StepStatus
from playbook.definition.loader import load_from_settings
from playbook.storage.db import unit_of_work
from playbook.storage.tables import AuditEvent, Case, StepState
from playbook.storage.tables_readmodels import PENDING_KEY, WorkItem

START = datetime(2026, 3, 7, 2, 40, tzinfo=USER_TZ)
WARM, COLD, STALE, BARE, SAME = "warm", "koud", "verouderd", "kaal", "zelfde"


def _load(s: Session, reference: str) -> Case:
    """A bare load of the case: one SELECT of its row (get_case may bring its rows along)."""
    return s.exec(select(Case).where(Case.reference == reference)).one()


def floor(engine: Engine, reference: str, now: datetime) -> None:
    with unit_of_work(engine) as s:
        case = _load(s, reference)
        case.updated_at = now
        flag_modified(case, "updated_at")  # a change even at the same clock: the UPDATE is sent
        s.add(AuditEvent(case_id=case.id, at=now, actor="bench", action="bench"))
        s.flush()
        s.info.pop(PENDING_KEY, None)  # bare: no read-model refresh


_ZAAK = Case.__table__  # type: ignore[attr-defined]
_STAP = StepState.__table__  # type: ignore[attr-defined]
_WERK = WorkItem.__table__  # type: ignore[attr-defined]
_STEP_ROW = update(_STAP).where(
    _STAP.c.case_id == bindparam("b_case"), _STAP.c.round == bindparam("b_round"),
    _STAP.c.step_id == bindparam("b_step")).values(status="afgerond", actor="bench",
                                                   at=bindparam("at"))
_LIST_COLUMNS = update(_ZAAK).where(_ZAAK.c.id == bindparam("b_id")).values(
    {c: bindparam(c) for c in ("audit_head", "next_due_at", "phase_title", "phase_order",
                               "open_mandatory", "overdue_count", "overdue_steps",
                               "summary_at")})
_BUMP = update(_ZAAK).where(_ZAAK.c.reference == bindparam("b_ref")).values(
    version=_ZAAK.c.version + 1)
_WORK_ROW = delete(_WERK).where(_WERK.c.case_id == bindparam("b_case"),
                                _WERK.c.key == bindparam("b_key"))


def same_statements(engine: Engine, reference: str, step_id: str, now: datetime) -> None:
    """The floor plus a step's own rows: what any step change that keeps the read model in the
    same transaction must send, with fixed values in place of the computed ones."""
    with unit_of_work(engine) as s:
        case = _load(s, reference)
        case.updated_at = now
        flag_modified(case, "updated_at")
        s.add(AuditEvent(case_id=case.id, at=now, actor="bench", action="bench"))
        s.flush()
        s.execute(_STEP_ROW, {"b_case": case.id, "b_round": case.round, "b_step": step_id,
                              "at": now})
        s.execute(_LIST_COLUMNS, {"b_id": case.id, "audit_head": "0" * 64, "next_due_at": now,
                                  "phase_title": "Incident", "phase_order": 2,
                                  "open_mandatory": 3, "overdue_count": 0,
                                  "overdue_steps": None, "summary_at": now})
        s.execute(_WORK_ROW, {"b_case": case.id, "b_key": f"{case.round}:{step_id}"})
        s.info.pop(PENDING_KEY, None)  # bare: no read-model refresh


STATEMENTS = [0]  # SQL statements sent, counted by a cursor hook on the engine


def timed(fn: Callable[[], Any], into: list[float], counts: list[int]) -> None:
    before = STATEMENTS[0]
    start = time.perf_counter()
    fn()
    into.append((time.perf_counter() - start) * 1000)
    counts.append(STATEMENTS[0] - before)


def run(kind: str, cases: int) -> dict[str, Any]:
    playbook = load_from_settings()
    times: dict[str, dict[str, list[float]]] = {}
    counts: dict[str, dict[str, list[int]]] = {}

    def record(action: str, way: str, fn: Callable[[], Any], reference: str = "") -> None:
        if way == COLD:
            kept_versions.forget_committed()
        if way == STALE:  # another worker changed the case: a version this process never saw
            with engine.begin() as other:
                other.execute(_BUMP, {"b_ref": reference})
        timed(fn, times.setdefault(action, {}).setdefault(way, []),
              counts.setdefault(action, {}).setdefault(way, []))

    with database(kind) as engine:
        @event.listens_for(engine, "before_cursor_execute")
        def _count(*_args: Any) -> None:
            STATEMENTS[0] += 1

        def register(n: int, now: datetime) -> str:
            intake = parse_intake({
                "street": "Kerkstraat", "house_number": str(n + 1), "postcode": "9999 AB",
                "city": "Rivierstad", "object_type": "woning", "incident_kind": "aanslag",
                "occurred_at": now.strftime("%Y-%m-%d %H:%M"),
                "persons": [{"name": "Bewoner", "role": "bewoner"}]}, now)
            with unit_of_work(engine) as s:
                return service.create_case(session=s, intake=intake, playbook=playbook,
                                           actor="bench", now=now)[0].reference

        def one_case(n: int) -> None:
            way = (WARM, COLD, STALE)[n % 3]
            now = START + timedelta(days=n)
            twin = register(10_000 + n, now)  # the floor's case: same shape, its own versions
            rows_twin = register(20_000 + n, now)  # the second floor's, whose steps it changes
            holder: dict[str, str] = {}

            def create() -> None:
                holder["ref"] = register(n, now)
            record("zaak registreren", COLD if way == COLD else WARM, create)  # a new case
            ref = holder["ref"]
            record("zaak registreren", BARE, lambda: floor(engine, twin, now))
            with unit_of_work(engine) as s:
                open_steps = [i.step.id for i in overview(s, get_case(s, ref), now).blockers]
            for step_id in open_steps:
                now += timedelta(minutes=5)

                def step(step_id: str = step_id, at: datetime = now) -> None:
                    with unit_of_work(engine) as s:
                        service.set_step(session=s, reference=ref, step_id=step_id,
                                         status=StepStatus.done, actor="bench", now=at)
                record("stap afronden", way, step, ref)

                def bare(at: datetime = now) -> None:
                    floor(engine, twin, at)

                def same(step_id: str = step_id, at: datetime = now) -> None:
                    same_statements(engine, rows_twin, step_id, at)
                record("stap afronden", BARE, bare)
                record("stap afronden", SAME, same)

            def facts() -> None:
                with unit_of_work(engine) as s:
                    service.update_facts(session=s, reference=ref, actor="bench", now=now,
                                         closure=True)
            record("zaakfeiten", way, facts, ref)
            record("zaakfeiten", BARE, lambda: floor(engine, twin, now))

            def advance() -> None:
                with unit_of_work(engine) as s:
                    service.advance(session=s, reference=ref, actor="bench", now=now)
            record("fase afsluiten", way, advance, ref)
            record("fase afsluiten", BARE, lambda: floor(engine, twin, now))
            now += timedelta(hours=1)

            def attack() -> None:
                with unit_of_work(engine) as s:
                    service.report_attack(session=s, case=get_case(s, ref),
                                          kind=IncidentKind.aanslag,
                                          occurred_at=now - timedelta(minutes=30), actor="bench",
                                          now=now)
            record("aanslag melden", way, attack, ref)
            record("aanslag melden", BARE, lambda: floor(engine, twin, now))

        for n in range(cases):
            one_case(n)
    report: dict[str, Any] = {"loadavg": os.getloadavg()}
    print(f"{kind}: ms per unit of work (p50 / p95) [SQL statements], {cases} zaken, load "
          f"{os.getloadavg()[0]:.1f}")
    for action, ways in times.items():
        stats = {w: {"p50": statistics.median(v),
                     "p95": sorted(v)[max(0, math.ceil(0.95 * len(v)) - 1)], "n": len(v),
                     "statements": statistics.median(counts[action][w])}
                 for w, v in ways.items()}
        warm, cold, bare = stats[WARM], stats[COLD], stats[BARE]
        report[action] = {**stats, "ratio_p50": warm["p50"] / bare["p50"],
                          "ratio_p95": warm["p95"] / bare["p95"],
                          "cold_ratio_p50": cold["p50"] / bare["p50"]}
        print(f"  {action:17} warm {warm['p50']:6.1f} / {warm['p95']:6.1f} "
              f"[{warm['statements']:.0f}]  koud {cold['p50']:6.1f} / "
              f"{cold['p95']:6.1f} [{cold['statements']:.0f}]  kaal {bare['p50']:5.1f} / "
              f"{bare['p95']:5.1f} [{bare['statements']:.0f}]  ratio warm p50 "
              f"{report[action]['ratio_p50']:.1f}, p95 {report[action]['ratio_p95']:.1f}; "
              f"koud p50 {report[action]['cold_ratio_p50']:.1f}", flush=True)
        if STALE in stats:
            stale = stats[STALE]
            report[action]["stale_ratio_p50"] = stale["p50"] / bare["p50"]
            print(f"  {'':17} verouderd {stale['p50']:6.1f} / {stale['p95']:6.1f} "
                  f"[{stale['statements']:.0f}]  ratio p50 "
                  f"{report[action]['stale_ratio_p50']:.1f}", flush=True)
        if SAME in stats:
            same = stats[SAME]
            report[action].update(same_ratio_p50=same["p50"] / bare["p50"],
                                  warm_over_same_p50=warm["p50"] / same["p50"])
            print(f"  {'':17} zelfde statements {same['p50']:5.1f} / {same['p95']:5.1f} "
                  f"[{same['statements']:.0f}]: {report[action]['same_ratio_p50']:.2f}x kaal; "
                  f"warm is {report[action]['warm_over_same_p50']:.2f}x zelfde statements",
                  flush=True)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=40)
    parser.add_argument("--db", choices=["both", "sqlite", "postgres"], default="both")
    parser.add_argument("--json")
    args = parser.parse_args()
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    report = {k: run(k, args.cases) for k in kinds}
    if args.json:
        with Path(args.json).open("w") as fh:
            json.dump(report, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
