"""One realistic case end to end on a simulated clock: the scenario (`scenario.yaml`) says what
happens and when; the playbook says what must be done, and the walker does it.

Times are fixed, so every run produces byte-identical PDFs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from playbook.cases import service
from playbook.cases.intake import parse_intake
from playbook.cases.overview import audit_trail
from playbook.cases.repository import get_case
from playbook.definition.enums import IncidentKind
from playbook.definition.models import Playbook
from playbook.demo.scenario import Moment, Scenario, at, load_scenario
from playbook.demo.walker import DemoError, Walker
from playbook.documents.service import make_checklist
from playbook.storage.db import unit_of_work


@dataclass
class DemoResult:
    reference: str
    output: Path
    files: list[Path]


def _register(w: Walker, moment: Moment) -> None:
    intake = parse_intake(w.scenario.intake, w.clock)
    with unit_of_work(w.engine) as session:
        case, _ = service.create_case(session=session, intake=intake, playbook=w.playbook,
                                      actor=w.scenario.actor("gemeente"), now=w.clock)
        w.reference = case.reference
    from playbook.demo.letters import register_people

    register_people(w)
    w.log(f"zaak {w.reference}: {intake.incident_kind.value} tegen {intake.address}")


def _attack(w: Walker, moment: Moment) -> None:
    occurred = w.clock
    w.clock = at(moment.melding) if moment.melding else w.clock
    with unit_of_work(w.engine) as session:
        case = get_case(session, w.reference)
        repeat = case.attacks >= 1
        if case.phase != "gesloten":
            w.write(make_checklist(session=session, reference=w.reference, whole_case=False,
                                   actor=w.scenario.actor("gemeente"), now=w.clock))
        case = service.report_attack(session=session, case=case, occurred_at=occurred,
                                     kind=IncidentKind.aanslag, actor=w.scenario.actor("politie"),
                                     now=w.clock, damage=moment.schade)
        phase = case.phase
    what = "nieuwe aanslag op hetzelfde adres" if repeat else "explosie"
    w.log(f"{what}; fase -> {w.playbook.phase_title(phase)}")


def run_demo(engine: Engine, playbook: Playbook, output: Path,
             say: Callable[[str], None] = lambda _: None,
             scenario: Scenario | None = None) -> DemoResult:
    output.mkdir(parents=True, exist_ok=True)
    w = Walker(engine, playbook, scenario or load_scenario(), output, say)
    timeline = w.scenario.timeline
    for moment, following in zip(timeline, [*timeline[1:], None], strict=True):
        w.clock = at(moment.at)
        if moment.do == "registreer":
            _register(w, moment)
        elif moment.do == "aanslag":
            _attack(w, moment)
        elif moment.do == "werk":
            w.work_phase()
        else:
            w.walk_to(moment.fase or "", until=at(following.at) if following else None)
    if not w.reference:
        raise DemoError("Het scenario registreert geen zaak.")
    actor = w.scenario.actor("gemeente")
    with unit_of_work(engine) as session:
        w.write(make_checklist(session=session, reference=w.reference, whole_case=True,
                               actor=actor, now=w.tick()))
        events = audit_trail(session, get_case(session, w.reference))
    from playbook.cases.export import write_audit_csv

    audit_path = output / f"{w.reference}-auditspoor.csv"
    write_audit_csv(events, audit_path)
    w.files.append(audit_path)
    return DemoResult(w.reference, output, w.files)
