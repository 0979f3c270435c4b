"""Replay 1,543 cases (2024 national mix) through all phases on SQLite and PostgreSQL.

One unit of work per user action, as the CLI and web do. Reports cases/s and ms per transition
next to the floor of the same transitions in bare `transitions` without persistence.

    python bench/replay.py [--cases 1543] [--db sqlite|postgres|both]
                           [--postgres-url URL] [--json out.json]
"""

import argparse
import json
import os
import platform
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, text
from sqlmodel import Session, select
from transitions import Machine

import playbook as playbook_package
from playbook.cases import service
from playbook.cases.intake import parse_intake
from playbook.cases.overview import overview
from playbook.cases.repository import get_case
from playbook.config import USER_TZ
from playbook.definition.enums import IncidentKind, StepStatus
from playbook.definition.loader import load_from_settings
from playbook.definition.models import CLOSED, Playbook
from playbook.engine import machine
from playbook.storage.db import make_engine, unit_of_work
from playbook.storage.migrate import upgrade
from playbook.storage.tables import AuditEvent, Case, PhaseEntry

NATIONAL_MIX_2024 = {"woning": 1119, "bedrijfspand": 230, "voertuig": 154, "overig": 40}
SEED = 2024
THREAT_FIRST, REPEAT_VICTIM, CLOSURE = 0.10, 0.06, 0.30  # shares of cases (closure: of buildings)
THREAT, AFTERCARE, FIRST_AFTERCARE = "dreiging", "nazorg", "eerste-nazorg"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ACTOR = "bench.oov"
Sequence = tuple[str, list[tuple[str, str]]]  # (phase after intake, [(trigger, new phase)])


@dataclass(frozen=True)
class CasePlan:
    index: int
    object_type: str
    threat_first: bool
    repeat: bool
    closure: bool
    not_self_reliant: bool
    occurred_at: datetime


def national_mix(n: int) -> list[str]:
    """Exactly the national proportions for n cases (largest remainder), in a fixed order."""
    total = sum(NATIONAL_MIX_2024.values())
    shares = {k: n * v / total for k, v in NATIONAL_MIX_2024.items()}
    counts = {k: int(s) for k, s in shares.items()}
    for k in sorted(shares, key=lambda k: counts[k] - shares[k])[: n - sum(counts.values())]:
        counts[k] += 1
    return [k for k, c in counts.items() for _ in range(c)]


def make_plans(n: int) -> list[CasePlan]:
    rng = random.Random(SEED)
    types = national_mix(n)
    rng.shuffle(types)
    threat = set(rng.sample(range(n), round(n * THREAT_FIRST)))
    repeat = set(rng.sample(range(n), round(n * REPEAT_VICTIM)))
    start, year = datetime(2024, 1, 1, tzinfo=USER_TZ), timedelta(days=365)
    return [
        CasePlan(i, t, i in threat, i in repeat,
                 t in ("woning", "bedrijfspand") and rng.random() < CLOSURE,
                 t == "woning" and rng.random() < 0.2,
                 start + year * i / n + timedelta(minutes=rng.randrange(6 * 60)))
        for i, t in enumerate(types)
    ]


class Replay:
    """Drives the service functions like a user would, timing every unit of work."""

    def __init__(self, engine: Engine, playbook: Playbook):
        self.engine, self.playbook = engine, playbook
        self.actions: Counter[str] = Counter()
        self.seconds: Counter[str] = Counter()
        self.sequences: list[Sequence] = []

    def act(self, kind: str, work: Callable[[Session], Any]) -> Any:
        started = time.perf_counter()
        with unit_of_work(self.engine) as session:
            result = work(session)
        self.seconds[kind] += time.perf_counter() - started
        self.actions[kind] += 1
        return result

    def run_case(self, plan: CasePlan) -> None:
        now = plan.occurred_at + timedelta(minutes=15)
        intake = {
            "street": "Proefstraat", "house_number": 1 + plan.index % 200,
            "postcode": f"{1000 + plan.index} AB", "city": "Rivierstad",
            "object_type": plan.object_type,
            "incident_kind": THREAT if plan.threat_first else "aanslag",
            "occurred_at": plan.occurred_at,
            "persons": [{"name": "Doelwit", "role": "doelwit"}]
            + ([{"name": "Buurvrouw", "role": "bewoner", "self_reliant": False}]
               if plan.not_self_reliant else []),
        }

        def create(s: Session) -> tuple[str, str]:
            case, _ = service.create_case(session=s, intake=parse_intake(intake, now),
                                          playbook=self.playbook, actor=ACTOR, now=now)
            return case.reference, case.phase

        ref, phase = self.act("create", create)
        moves: list[tuple[str, str]] = []
        self.sequences.append((phase, moves))
        attacked_again = facts_set = False
        while phase != CLOSED:
            now += timedelta(hours=1)
            if phase == AFTERCARE and plan.repeat and not attacked_again:
                # Repeat attack: back to eerste-nazorg in round 2; open steps are skipped.
                phase = self.attack(ref, now)
                moves.append((machine.ATTACK, phase))
                attacked_again = True
                continue
            if phase == FIRST_AFTERCARE and plan.closure and not facts_set:
                self.act("facts", lambda s, now=now: service.update_facts(
                    session=s, reference=ref, actor=ACTOR, now=now, closure=True))
                facts_set = True
            blockers = self.act("view", lambda s, now=now: [
                i.step.id for i in overview(s, get_case(s, ref), now).blockers])
            for step_id in blockers:
                now += timedelta(minutes=30)
                self.act("step", lambda s, step_id=step_id, now=now: service.set_step(
                    session=s, reference=ref, step_id=step_id, status=StepStatus.done,
                    actor=ACTOR, now=now))
            now += timedelta(hours=4)
            if phase == THREAT:  # the threat is carried out
                phase, trigger = self.attack(ref, now), machine.ATTACK
            else:
                trigger = machine.ADVANCE
                phase = self.act("advance", lambda s, now=now: service.advance(
                    session=s, reference=ref, actor=ACTOR, now=now).phase)
            moves.append((trigger, phase))

    def attack(self, ref: str, now: datetime) -> str:
        return self.act("attack", lambda s: service.report_attack(
            session=s, case=get_case(s, ref), occurred_at=now - timedelta(minutes=20),
            kind=IncidentKind.aanslag, actor=ACTOR, now=now).phase)


class BareModel:
    def phase_complete(self) -> bool:
        return True


def floor_engine(playbook: Playbook, sequences: list[Sequence]) -> None:
    """The engine's own machine use without persistence: `machine.fire` builds one per move."""
    for start, moves in sequences:
        phase: str | None = start
        for trigger, _ in moves:
            phase = machine.fire(playbook, phase, trigger, lambda: True)  # type: ignore[arg-type]


def floor_bare(playbook: Playbook, sequences: list[Sequence], check: bool = False) -> bool:
    """Bare `transitions`: one Machine per case, same states and transitions, triggers fired.
    With check (untimed), confirm it walks exactly the phases the persisted run walked."""
    states, moves_data = machine.states_of(playbook), machine.transitions_of(playbook)
    for start, moves in sequences:
        model = BareModel()
        Machine(model=model, states=states, transitions=moves_data, initial=start,
                auto_transitions=False)
        for trigger, target in moves:
            getattr(model, trigger)()
            if check and model.state != target:  # type: ignore[attr-defined]
                return False
    return True


def best_of(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


@contextmanager
def database(kind: str, postgres_url: str) -> Iterator[tuple[str, dict[str, str]]]:
    """A freshly migrated database: a temp SQLite file, or a private PostgreSQL schema."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="pb-bench-") as tmp:
            url = f"sqlite:///{tmp}/bench.db"
            upgrade(url)
            yield url, {"sqlite": sqlite3.sqlite_version, "sqlite_path": tmp}
        return
    schema = f"pb_bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(postgres_url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
        env = {k: conn.execute(text(f"SHOW {k}")).scalar_one()
               for k in ("server_version", "fsync", "synchronous_commit")}
    try:
        url = f"{postgres_url}{'&' if '?' in postgres_url else '?'}options=-csearch_path%3D{schema}"
        upgrade(url)
        yield url, {f"postgres_{k}": v for k, v in env.items()}
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def run(kind: str, postgres_url: str, plans: list[CasePlan], playbook: Playbook) -> dict[str, Any]:
    with database(kind, postgres_url) as (url, env):
        engine = make_engine(url)
        try:
            replay = Replay(engine, playbook)
            started = time.perf_counter()
            for n, plan in enumerate(plans, start=1):
                replay.run_case(plan)
                if n % 250 == 0:
                    print(f"  {kind}: {n}/{len(plans)} cases", file=sys.stderr)
            wall = time.perf_counter() - started
            with unit_of_work(engine) as s:
                def count(table: Any, *where: Any) -> int:
                    return s.exec(select(func.count()).select_from(table).where(*where)).one()
                cases, still_open = count(Case), count(Case, Case.phase != CLOSED)
                audits, entries = count(AuditEvent), count(PhaseEntry)
        finally:
            engine.dispose()
    seqs, acts, secs = replay.sequences, replay.actions, replay.seconds
    transitions, actions = sum(len(moves) for _, moves in seqs), sum(acts.values())
    floor_fire = 1000 * best_of(5, lambda: floor_engine(playbook, seqs)) / transitions
    floor = 1000 * best_of(5, lambda: floor_bare(playbook, seqs)) / transitions
    per_transition = 1000 * wall / transitions
    per_move_action = 1000 * (secs["advance"] + secs["attack"]) / (acts["advance"] + acts["attack"])
    checks = {
        "all_cases_closed": cases == len(plans) and still_open == 0,
        "audit_rows": audits > 0,
        "phase_entries_eq_transitions_plus_cases": entries == transitions + cases,
        "bare_floor_walks_same_phases": floor_bare(playbook, seqs, check=True),
    }
    return {
        "db": kind, "env": env, "cases": cases, "transitions": transitions,
        "step_changes": acts["step"], "user_actions": actions, "actions": dict(acts),
        "audit_rows": audits, "phase_entries": entries, "wall_s": wall,
        "cases_per_s": len(plans) / wall, "ms_per_transition": per_transition,
        "ms_per_action": 1000 * wall / actions,
        "ms_per_action_kind": {k: 1000 * secs[k] / c for k, c in acts.items()},
        "ms_per_phase_change_action": per_move_action,
        "floor_engine_fire_ms_per_transition": floor_fire, "floor_bare_ms_per_transition": floor,
        "ratio_vs_bare": per_transition / floor,
        "ratio_vs_engine_fire": per_transition / floor_fire,
        "ratio_phase_change_action_vs_bare": per_move_action / floor,
        "checks": checks, "ok": all(checks.values()),
    }


ROWS = [  # (label, key, format) of the printed table
    ("cases", "cases", "{:d}"), ("transitions (phase changes)", "transitions", "{:d}"),
    ("step changes", "step_changes", "{:d}"),
    ("user actions (units of work)", "user_actions", "{:d}"),
    ("wall time (s)", "wall_s", "{:.1f}"), ("cases / s", "cases_per_s", "{:.2f}"),
    ("ms / transition (wall / transitions)", "ms_per_transition", "{:.2f}"),
    ("ms / user action", "ms_per_action", "{:.2f}"),
    ("ms / advance-or-attack action", "ms_per_phase_change_action", "{:.2f}"),
    ("floor: machine.fire ms / transition", "floor_engine_fire_ms_per_transition", "{:.4f}"),
    ("floor: bare transitions ms / transition", "floor_bare_ms_per_transition", "{:.4f}"),
    ("ratio ms/transition / bare floor", "ratio_vs_bare", "{:.0f}x"),
    ("ratio ms/transition / machine.fire floor", "ratio_vs_engine_fire", "{:.0f}x"),
    ("ratio advance-or-attack action / bare", "ratio_phase_change_action_vs_bare", "{:.0f}x"),
]


def print_table(results: list[dict[str, Any]]) -> None:
    print(f"\n{'':42}" + "".join(f"{r['db']:>14}" for r in results))
    for label, key, fmt in ROWS:
        print(f"{label:42}" + "".join(f"{fmt.format(r[key]):>14}" for r in results))
    for r in results:
        kinds = ", ".join(f"{k} {v:.2f}" for k, v in sorted(r["ms_per_action_kind"].items()))
        print(f"\n{r['db']}: ms per action kind: {kinds}\n  env {r['env']}\n  checks {r['checks']}")


def source_revision() -> str:
    """The playbook code measured: `git describe` of its checkout, if it is one."""
    where = Path(playbook_package.__file__).resolve().parent
    done = subprocess.run(["git", "-C", str(where), "describe", "--always", "--dirty"],
                          capture_output=True, text=True)
    return done.stdout.strip() or f"{where} (no git)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=sum(NATIONAL_MIX_2024.values()))
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--postgres-url", default=os.environ.get("PLAYBOOK_BENCH_POSTGRES_URL",
                                                                  DEFAULT_POSTGRES))
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args()
    playbook, plans = load_from_settings(), make_plans(args.cases)
    print(f"{len(plans)} cases: {Counter(p.object_type for p in plans)}; "
          f"{sum(p.threat_first for p in plans)} threat first, {sum(p.repeat for p in plans)} "
          f"repeat victims, {sum(p.closure for p in plans)} closures", file=sys.stderr)
    kinds = ("sqlite", "postgres") if args.db == "both" else (args.db,)
    load_before = os.getloadavg()  # other work on the machine skews wall-clock numbers
    results = [run(kind, args.postgres_url, plans, playbook) for kind in kinds]
    environment = {"python": platform.python_version(), "platform": platform.platform(),
                   "cpu_count": os.cpu_count(), "transitions": version("transitions"),
                   "sqlalchemy": version("sqlalchemy"), "playbook_version": playbook.version,
                   "playbook_code": source_revision(),
                   "loadavg_1_5_15_before": load_before, "loadavg_1_5_15_after": os.getloadavg()}
    print_table(results)
    print(f"\nenvironment: {environment}")
    if args.json:
        with Path(args.json).open("w", encoding="utf-8") as fh:
            json.dump({"environment": environment, "results": results}, fh, indent=2, default=str)
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
